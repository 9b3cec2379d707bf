package org.lxcauto.network.nm;

import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.Variant;

/**
 * NetworkManager's store of saved connection profiles ({@value #INTERFACE} at {@value #PATH}).
 * lxc-auto adds its {@code lxc-auto-NAME} profiles here so that later boots find and reuse them.
 */
@DBusInterfaceName(NmSettings.INTERFACE)
public interface NmSettings extends DBusInterface {

    /** D-Bus interface name. */
    String INTERFACE = "org.freedesktop.NetworkManager.Settings";
    /** Object path of the settings object. */
    String PATH = "/org/freedesktop/NetworkManager/Settings";

    /** Every saved connection, as {@link NmSettingsConnection} object paths. */
    List<DBusPath> ListConnections();

    /**
     * Saves a new connection to disk (persistent, unlike AddConnectionUnsaved).
     *
     * @param settings setting name → property → value, as in {@code man nm-settings-dbus}
     * @return the new connection's object path
     */
    DBusPath AddConnection(Map<String, Map<String, Variant<?>>> settings);
}
