package org.lxcauto.network;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import org.freedesktop.dbus.DBusMatchRule;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.interfaces.ObjectManager;
import org.lxcauto.network.nm.NmActiveConnection;
import org.lxcauto.network.nm.NmManager;
import org.lxcauto.system.Clock;

/**
 * The NetworkManager signals lxc-auto waits on, handed to whoever is waiting.
 *
 * <p>The bus subscriptions are made once, when the session connects, so an {@link Inbox} opened
 * before a D-Bus call sees every signal sent after the call: subscribe first, then act, then
 * read the current state, then wait; no signal falls between. dbus-java runs the handlers on its
 * own threads; they only enqueue, they never block or call the bus.
 */
final class NmEvents {

    /** An active connection changed state ({@code Connection.Active.StateChanged}). */
    record StateChanged(String sender, String path, int state, int reason) {
    }

    /** A device appeared in NetworkManager ({@code DeviceAdded}). */
    record DeviceAdded(String sender, String device) {
    }

    /** An object appeared on the bus ({@code ObjectManager.InterfacesAdded} at /org/freedesktop). */
    record ObjectAdded(String sender, String path) {
    }

    /** {@code org.freedesktop.NetworkManager} changed hands; an empty owner means NetworkManager went away. */
    record OwnerChanged(String oldOwner, String newOwner) {
    }

    private final List<BlockingQueue<Object>> inboxes = new CopyOnWriteArrayList<>();
    private final Clock clock;

    NmEvents(Clock clock) {
        this.clock = clock;
    }

    /** The clock every wait of this session is measured with. */
    Clock clock() {
        return clock;
    }

    /** Subscribes on {@code bus} to the signals; call once per connection. */
    void subscribe(DBusConnection bus) throws DBusException {
        bus.addSigHandler(NmActiveConnection.StateChanged.class,
                s -> deliver(new StateChanged(s.getSource(), s.getPath(), s.state(), s.reason())));
        bus.addSigHandler(NmManager.DeviceAdded.class, s -> deliver(new DeviceAdded(s.getSource(), s.device().getPath())));
        // NetworkManager owns its name before it exports its objects; this says when they are there.
        bus.addSigHandler(new DBusMatchRule(ObjectManager.InterfacesAdded.class, null, "/org/freedesktop"),
                (ObjectManager.InterfacesAdded s) -> deliver(new ObjectAdded(s.getSource(), s.getSignalSource().getPath())));
        // dbus-java 5.1 cannot match on arg0, so every NameOwnerChanged arrives and is filtered here.
        bus.addSigHandler(DBus.NameOwnerChanged.class, s -> {
            if (NmManager.BUS_NAME.equals(s.name)) {
                deliver(new OwnerChanged(s.oldOwner, s.newOwner));
            }
        });
    }

    /** Starts collecting every signal from now until the inbox is closed. */
    Inbox open() {
        Inbox inbox = new Inbox();
        inboxes.add(inbox.queue);
        return inbox;
    }

    private void deliver(Object event) {
        for (BlockingQueue<Object> queue : inboxes) {
            queue.offer(event);
        }
    }

    /** The signals received since it was opened, in order; close it when done waiting. */
    final class Inbox implements AutoCloseable {

        private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();

        /** The next signal, waiting for it until {@code deadline}; null if none came by then. */
        Object next(Instant deadline) throws InterruptedException {
            return clock.poll(queue, deadline);
        }

        /** Now, on the session's clock. */
        Instant now() {
            return clock.now();
        }

        @Override
        public void close() {
            inboxes.remove(queue);
        }
    }
}
