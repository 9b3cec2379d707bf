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
        DBusConnectionBuilder builder = address == null || address.isEmpty()
                ? DBusConnectionBuilder.forSystemBus() : DBusConnectionBuilder.forAddress(address);
        return builder.withShared(false).build();
    }
}
