package org.lxcauto.systemtest;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.freedesktop.dbus.DBusMatchRule;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.messages.DBusSignal;
import org.slf4j.LoggerFactory;

/**
 * A client of its own on the bus that subscribes to {@code ContainerStateChanged} the way any
 * application would (a match rule on the interface and member, written out here rather than taken
 * from the agent's classes, so that a wrong name on either side shows), and keeps what arrives, in
 * order: {@code "NAME STATE"} and the sender.
 */
final class StateSubscriber implements AutoCloseable {

    /** One signal as received. */
    record Change(String container, String state, String sender) {
        @Override
        public String toString() {
            return container + " " + state;
        }
    }

    private final DBusConnection connection;
    private final BlockingQueue<Change> changes = new LinkedBlockingQueue<>();

    private StateSubscriber(DBusConnection connection) {
        this.connection = connection;
    }

    static StateSubscriber subscribe(String address) throws DBusException {
        // dbus-java logs every message at DEBUG; the test's report needs none of it.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.freedesktop")).setLevel(Level.WARN);
        DBusConnection connection = DBusConnectionBuilder.forAddress(address).withShared(false).build();
        StateSubscriber subscriber = new StateSubscriber(connection);
        connection.addGenericSigHandler(new DBusMatchRule("signal", "org.lxcauto.Agent1", "ContainerStateChanged"),
                subscriber::received);
        return subscriber;
    }

    private void received(DBusSignal signal) {
        try {
            Object[] args = signal.getParameters();
            changes.add(new Change((String) args[0], (String) args[1], signal.getSource()));
        } catch (DBusException e) {
            changes.add(new Change("?", "unreadable: " + e.getMessage(), signal.getSource()));
        }
    }

    /** The next {@code count} changes, in the order they came; fails after {@code seconds}. */
    List<Change> next(int count, int seconds) throws InterruptedException {
        List<Change> got = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (got.size() < count) {
            Change change = changes.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (change == null) {
                throw new AssertionError("expected " + count + " ContainerStateChanged signals within " + seconds
                        + "s, got " + got);
            }
            got.add(change);
        }
        return got;
    }

    /** What arrived beyond what {@link #next} took. */
    List<Change> rest() {
        List<Change> rest = new ArrayList<>();
        changes.drainTo(rest);
        return rest;
    }

    /** The unique name that owns {@code name} now. */
    String owner(String name) {
        return connection.getDBusOwnerName(name);
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
