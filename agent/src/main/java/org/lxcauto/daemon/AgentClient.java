package org.lxcauto.daemon;

import java.io.IOException;
import java.util.Optional;
import org.freedesktop.dbus.DBusAsyncReply;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.messages.MethodCall;
import org.lxcauto.system.Bus;

/**
 * How {@code lxc-auto status|start|stop|reload} reach a running daemon. When no daemon owns
 * {@value Agent1#NAME} (or no bus is reachable at all) they act directly instead.
 *
 * <p>{@code Start}, {@code Stop} and {@code Reload} answer when the work is done, which takes as
 * long as the containers' start and stop timeouts allow, and longer if the daemon is busy with a
 * boot. So those calls have no reply timeout: they end with the daemon's answer, or with an error
 * as soon as the daemon or the bus goes away (the bus answers NoReply for a daemon that leaves;
 * dbus-java fails the calls of a connection that drops). Only the quick calls ({@code Status},
 * asking the bus who owns the name) keep dbus-java's reply timeout, which the system property
 * {@value #REPLY_TIMEOUT_PROPERTY} (milliseconds) overrides.
 */
public final class AgentClient implements AutoCloseable {

    /** Overrides the reply timeout of the quick calls; the tests lower it to show that the long ones ignore it. */
    public static final String REPLY_TIMEOUT_PROPERTY = "lxcauto.reply-timeout-ms";

    private final DBusConnection connection;
    private final Agent1 agent;

    private AgentClient(DBusConnection connection, Agent1 agent) {
        this.connection = connection;
        this.agent = agent;
    }

    /** A client of the running daemon, or empty when none runs. */
    public static Optional<AgentClient> connect(String busAddress) {
        Long replyTimeout = Long.getLong(REPLY_TIMEOUT_PROPERTY);
        if (replyTimeout != null && replyTimeout > 0) {
            MethodCall.setDefaultTimeout(replyTimeout);
        }
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

    /**
     * The daemon's API as the commands call it: {@code Status} as is, {@code Start}, {@code Stop}
     * and {@code Reload} waiting for the answer however long the daemon works on it.
     */
    public Agent1 agent() {
        return new Agent1() {
            @Override
            public String getObjectPath() {
                return PATH;
            }

            @Override
            public String Status() {
                return agent.Status();
            }

            @Override
            public int Start(String name) {
                return untilAnswered("Start", name);
            }

            @Override
            public int Stop(String name) {
                return untilAnswered("Stop", name);
            }

            @Override
            public int Reload() {
                return untilAnswered("Reload");
            }
        };
    }

    /**
     * Calls {@code method} and waits for its reply however long the daemon works on it.
     *
     * @throws DBusExecutionException the daemon's or the bus's error reply (AccessDenied,
     *     InvalidName, NoReply when the daemon left without answering, ...)
     */
    private int untilAnswered(String method, Object... args) {
        DBusAsyncReply<?> reply = connection.callMethodAsync(agent, method, args);
        MethodCall call = reply.getCall();
        while (!call.hasReply()) {
            if (Thread.currentThread().isInterrupted()) {
                throw new DBusExecutionException("interrupted while waiting for the daemon to answer " + method);
            }
            call.getReply(Long.MAX_VALUE); // woken by the reply, or by the connection dropping
        }
        try {
            return ((Number) reply.getReply()).intValue();
        } catch (DBusException e) {
            throw new DBusExecutionException("the daemon's answer to " + method + " cannot be read: " + e.getMessage(), e);
        }
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
