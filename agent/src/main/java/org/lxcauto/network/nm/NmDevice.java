package org.lxcauto.network.nm;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;

/**
 * A network device known to NetworkManager ({@value #INTERFACE}). lxc-auto only sets its
 * {@value #MANAGED} property, through {@link org.freedesktop.dbus.interfaces.Properties}, so this
 * interface declares no methods: it names the D-Bus interface.
 */
@DBusInterfaceName(NmDevice.INTERFACE)
public interface NmDevice extends DBusInterface {

    /** D-Bus interface name. */
    String INTERFACE = "org.freedesktop.NetworkManager.Device";
    /** Whether NetworkManager manages the device; false leaves it alone (run time only). */
    String MANAGED = "Managed";
}
