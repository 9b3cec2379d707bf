package org.lxcauto.network;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.errors.UnknownMethod;
import org.freedesktop.dbus.errors.UnknownObject;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.interfaces.Properties;
import org.lxcauto.network.NmEvents.Inbox;
import org.lxcauto.network.NmEvents.ObjectAdded;
import org.lxcauto.network.NmEvents.OwnerChanged;
import org.lxcauto.network.nm.NmManager;
import org.lxcauto.network.nm.NmSettings;

/**
 * Waits until NetworkManager is there to be talked to: it owns its bus name, and it has
 * exported its main and settings objects. The two are not the same moment: a starting
 * NetworkManager takes its name some 20 ms before it exports the objects (the settings object
 * only once the saved profiles are loaded, which is what makes "find the profile, else create
 * it" safe), and a stopping one removes its objects before it lets the name go. Both are waited
 * for on signals (NameOwnerChanged, ObjectManager.InterfacesAdded), never polled.
 */
final class NmPresence {

    /** Each object and interface with a cheap property that proves it is exported. */
    private static final List<List<String>> OBJECTS = List.of(
            List.of(NmSettings.PATH, NmSettings.INTERFACE, "CanModify"),
            List.of(NmManager.PATH, NmManager.INTERFACE, "Version"));

    private final DBusConnection bus;
    private final DBus dbus;
    private final NmEvents events;
    private final String where;

    NmPresence(DBusConnection bus, DBus dbus, NmEvents events, String where) {
        this.bus = bus;
        this.dbus = dbus;
        this.events = events;
        this.where = where;
    }

    /**
     * NetworkManager's unique bus name once it is ready, waiting until {@code deadline}.
     *
     * @throws NetworkException naming {@code doing} if it is not ready by then, or the bus is lost
     */
    String awaitReady(String doing, Instant begin, Instant deadline) throws NetworkException, InterruptedException {
        try (Inbox inbox = events.open()) {
            Optional<String> owner = NmClient.currentOwner(dbus);
            while (owner.isEmpty() || !exported(owner.get())) {
                if (!bus.isConnected()) {
                    throw new NetworkException("Lost the connection to " + where + " while " + doing + "; is dbus-daemon running?");
                }
                Object event = inbox.next(deadline);
                if (event == null) {
                    throw new NetworkException((owner.isEmpty()
                            ? "NetworkManager is not running (nobody owns " + NmManager.BUS_NAME + " on " + where + ")"
                            : "NetworkManager (" + owner.get() + ") has not exported its objects")
                            + " and did not become ready within " + DbusNetworkManager.seconds(begin, inbox.now()) + " while " + doing
                            + "; start it, check 'journalctl -u NetworkManager', or set manager = kernel");
                }
                if (event instanceof OwnerChanged changed) {
                    owner = changed.newOwner().isEmpty() ? Optional.empty() : Optional.of(changed.newOwner());
                }
                // An ObjectAdded from the owner needs nothing more: the loop condition probes again.
            }
            return owner.get();
        }
    }

    /** Whether {@code owner} serves NetworkManager's settings and main objects now. */
    private boolean exported(String owner) {
        for (List<String> object : OBJECTS) {
            try {
                Properties properties = bus.getRemoteObject(owner, object.get(0), Properties.class, false);
                properties.Get(object.get(1), object.get(2));
            } catch (UnknownObject | UnknownMethod e) {
                return false;
            } catch (DBusException | DBusExecutionException e) {
                return false; // the owner left meanwhile: its NameOwnerChanged is on its way
            }
        }
        return true;
    }
}
