package org.lxcauto.daemon;

import java.io.IOException;
import java.util.Optional;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.lxcauto.system.Bus;

/**
 * How {@code lxc-auto status|start|stop|reload} reach a running daemon. When no daemon owns
 * {@value Agent1#NAME} (or no bus is reachable at all) they act directly instead.
 */
public final class AgentClient implements AutoCloseable {

    private final DBusConnection connection;
    private final Agent1 agent;

    private AgentClient(DBusConnection connection, Agent1 agent) {
        this.connection = connection;
        this.agent = agent;
    }

    /** A client of the running daemon, or empty when none runs. */
    public static Optional<AgentClient> connect(String busAddress) {
        DBusConnection connection;
        try {
            connection = Bus.connect(busAddress);
        } catch (DBusException | RuntimeException e) {
            return Optional.empty(); // no bus: no daemon to talk to
        }
        try {
            DBus bus = connection.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class);
            if (bus.NameHasOwner(Agent1.NAME)) {
                return Optional.of(new AgentClient(connection, connection.getRemoteObject(Agent1.NAME, Agent1.PATH,
                        Agent1.class)));
            }
        } catch (DBusException | DBusExecutionException e) {
            // Treated as "no daemon": the caller acts directly.
        }
        close(connection);
        return Optional.empty();
    }

    /** The daemon's status document; empty (and the client closed) if the call failed. */
    public Optional<String> status() {
        try (this) {
            return Optional.of(agent.Status());
        } catch (DBusExecutionException e) {
            return Optional.empty();
        }
    }

    public Agent1 agent() {
        return agent;
    }

    @Override
    public void close() {
        close(connection);
    }

    private static void close(DBusConnection connection) {
        try {
            connection.close();
        } catch (IOException e) {
            // Closing a connection we are done with: nothing to do about a failure.
        }
    }
}
