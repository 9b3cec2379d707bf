package org.lxcauto.system;

import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;

/** Connections to the system bus: the real one, or the one {@code --bus ADDRESS} names. */
public final class Bus {

    private Bus() {
    }

    /**
     * A private (unshared) connection, so that closing it never pulls the bus from under another
     * part of the agent.
     *
     * @param address a D-Bus address such as {@code unix:path=/run/dbus/system_bus_socket}, or null
     *     for the system bus
     */
    public static DBusConnection connect(String address) throws DBusException {
        // dbus-java retries a missing socket for seconds; a host without the bus should not wait.
        String path = address == null || address.isEmpty() ? "/run/dbus/system_bus_socket"
                : address.startsWith("unix:path=") ? address.substring("unix:path=".length()).split(",")[0] : null;
        if (path != null && !java.nio.file.Files.exists(java.nio.file.Path.of(path))) {
            throw new DBusException("no bus socket at " + path);
        }
        DBusConnectionBuilder builder = address == null || address.isEmpty()
                ? DBusConnectionBuilder.forSystemBus() : DBusConnectionBuilder.forAddress(address);
        return builder.withShared(false).build();
    }
}
