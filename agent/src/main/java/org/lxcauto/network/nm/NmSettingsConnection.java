package org.lxcauto.network.nm;

import java.util.Map;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.Variant;

/** One saved connection profile of NetworkManager ({@value #INTERFACE}). */
@DBusInterfaceName(NmSettingsConnection.INTERFACE)
public interface NmSettingsConnection extends DBusInterface {

    /** D-Bus interface name. */
    String INTERFACE = "org.freedesktop.NetworkManager.Settings.Connection";

    /** The profile's settings (without secrets): setting name → property → value. */
    Map<String, Map<String, Variant<?>>> GetSettings();

    /** Replaces all of the profile's settings and saves them to disk. */
    void Update(Map<String, Map<String, Variant<?>>> settings);
}
