package org.lxcauto.network.nm;

import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;

/**
 * The part of NetworkManager's main object ({@code org.freedesktop.NetworkManager} at
 * {@value #PATH}) that lxc-auto uses: activating a saved connection and finding a device by name.
 *
 * <p>Method names are NetworkManager's own D-Bus member names, hence the capitals.
 */
@DBusInterfaceName(NmManager.INTERFACE)
public interface NmManager extends DBusInterface {

    /** The well-known bus name NetworkManager owns while it runs. */
    String BUS_NAME = "org.freedesktop.NetworkManager";
    /** D-Bus interface name of this object. */
    String INTERFACE = "org.freedesktop.NetworkManager";
    /** Object path of the main object. */
    String PATH = "/org/freedesktop/NetworkManager";

    /**
     * Activates saved connection {@code connection}; {@code device} and {@code specificObject} may
     * be "/" (NetworkManager picks, or creates a software device such as a bridge).
     *
     * @return the path of the new {@code Connection.Active} object, whose state tells how it goes
     */
    DBusPath ActivateConnection(DBusPath connection, DBusPath device, DBusPath specificObject);

    /** The device object of the interface named {@code iface}; a D-Bus error if NetworkManager knows none. */
    DBusPath GetDeviceByIpIface(String iface);

    /** NetworkManager now knows a new device (it appeared in the kernel, or was created). */
    class DeviceAdded extends DBusSignal {

        private final DBusPath device;

        /** Called by dbus-java for each received signal. */
        public DeviceAdded(String path, DBusPath device) throws DBusException {
            super(path, device);
            this.device = device;
        }

        /** The new device's object path. */
        public DBusPath device() {
            return device;
        }
    }
}
