package org.lxcauto.container.libvirt;

import java.time.Instant;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.lxcauto.container.libvirt.LibvirtConnect.DomainEvent;

/**
 * libvirt's domain lifecycle events ({@link DomainEvent}), handed to whoever waits for one.
 *
 * <p>The bus subscription is made once per connection, so an {@link Inbox} opened before a call
 * to libvirt-dbus sees every event sent after it: open, then act or look, then wait; nothing falls
 * between. dbus-java runs the handler on its own threads; it only enqueues.
 */
final class LibvirtEvents {

    private final org.lxcauto.system.Clock clock;

    LibvirtEvents(org.lxcauto.system.Clock clock) {
        this.clock = clock;
    }


    /** One event: the connection object that sent it, the domain's object path, what happened. */
    record Event(String connection, String domain, int event, int detail) {
    }

    private final List<BlockingQueue<Event>> inboxes = new CopyOnWriteArrayList<>();

    /** Subscribes on {@code bus} to every connection object's DomainEvent; call once per connection. */
    void subscribe(DBusConnection bus) throws DBusException {
        bus.addSigHandler(DomainEvent.class,
                s -> deliver(new Event(s.getPath(), s.domain().getPath(), s.event(), s.detail())));
    }

    /** Starts collecting every event from now until the inbox is closed. */
    Inbox open() {
        Inbox inbox = new Inbox();
        inboxes.add(inbox.queue);
        return inbox;
    }

    private void deliver(Event event) {
        for (BlockingQueue<Event> queue : inboxes) {
            queue.offer(event);
        }
    }

    /** The events received since it was opened, in order; close it when done waiting. */
    final class Inbox implements AutoCloseable {

        private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();

        /**
         * Waits until {@code domain} (an object path under {@code connection}) has stopped, or
         * {@code until} has come on the session's clock.
         *
         * @return true if its {@link DomainEvent#STOPPED} arrived
         */
        boolean awaitStopped(String connection, String domain, Instant until) throws InterruptedException {
            while (true) {
                Event event = clock.poll(queue, until);
                if (event == null) {
                    return false;
                }
                if (event.event() == DomainEvent.STOPPED && event.connection().equals(connection)
                        && event.domain().equals(domain)) {
                    return true;
                }
            }
        }

        @Override
        public void close() {
            inboxes.remove(queue);
        }
    }
}
