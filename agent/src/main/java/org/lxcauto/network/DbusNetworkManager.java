package org.lxcauto.network;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBus;
import org.lxcauto.network.nm.NmManager;
import org.lxcauto.system.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NetworkManager over D-Bus (dbus-java): the real {@link NetworkManagerSession} (docs/networks.md,
 * NetworkManager).
 *
 * <p>Bridges and interfaces become saved NetworkManager profiles named {@code lxc-auto-NAME},
 * created once and reused on later boots, and the agent waits for NetworkManager's own
 * StateChanged signal saying the connection is ACTIVATED. A NetworkManager that stops or
 * restarts in the middle is waited for (its bus name's NameOwnerChanged signal) and the whole
 * step is done again with the new instance, all within the caller's deadline: at boot the agent
 * may well start while NetworkManager is being restarted.
 *
 * <p>Thread-safe: several interfaces may be brought up at once. All D-Bus calls run on the
 * calling thread; dbus-java's signal threads only enqueue. One bus connection per session;
 * {@link #close} closes it.
 */
public final class DbusNetworkManager implements NetworkManagerSession {

    private static final Logger LOG = LoggerFactory.getLogger(DbusNetworkManager.class);

    private final DBusConnection bus;
    private final DBus dbus;
    private final NmEvents events;
    private final NmPresence presence;
    private final String where;

    private DbusNetworkManager(DBusConnection bus, DBus dbus, NmEvents events, String where) {
        this.bus = bus;
        this.dbus = dbus;
        this.events = events;
        this.presence = new NmPresence(bus, dbus, events, where);
        this.where = where;
    }

    /**
     * Connects to the bus at {@code busAddress} ({@code unix:path=…}), or to the system bus if it
     * is null, and subscribes to NetworkManager's signals. NetworkManager need not run yet.
     *
     * @throws NetworkException if the bus cannot be reached
     */
    public static DbusNetworkManager connect(String busAddress, Clock clock) throws NetworkException {
        String where = busAddress == null ? "the system bus" : "the D-Bus bus at '" + busAddress + "'";
        DBusConnection bus = null;
        try {
            bus = org.lxcauto.system.Bus.connect(busAddress);
            DBus dbus = bus.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class);
            NmEvents events = new NmEvents(clock);
            events.subscribe(bus);
            return new DbusNetworkManager(bus, dbus, events, where);
        } catch (DBusException | DBusExecutionException e) {
            if (bus != null) {
                bus.disconnect();
            }
            throw new NetworkException("Cannot connect to " + where + " to talk to NetworkManager: " + e.getMessage()
                    + "; check that dbus-daemon runs (and --bus / LXC_AUTO_BUS if given)", e);
        }
    }

    /** Whether NetworkManager owns {@code org.freedesktop.NetworkManager} on the bus now. */
    @Override
    public boolean running() {
        try {
            return dbus.NameHasOwner(NmManager.BUS_NAME);
        } catch (DBusExecutionException e) {
            return false; // the bus itself is gone: no NetworkManager to talk to either
        }
    }

    /** Brings interfaces up as saved NetworkManager profiles {@code lxc-auto-NAME}, activated and waited for. */
    @Override
    public NetworkBackend backend() {
        return new NmConnectionBackend(this, events);
    }

    /**
     * Sets the device unmanaged (Device.Managed = false, a run-time setting), waiting for
     * NetworkManager's DeviceAdded signal until {@code deadline} if it does not know the device yet.
     */
    @Override
    public void unmanage(String device, Instant deadline) throws NetworkException, InterruptedException {
        Instant begin = events.clock().now();
        withNetworkManager("setting device '" + device + "' unmanaged", deadline, nm -> {
            Optional<String> path = NmWaits.device(nm, events, device, deadline);
            if (path.isEmpty()) {
                throw new NetworkException("Cannot set device '" + device + "' unmanaged in NetworkManager: it knows no such"
                        + " device after " + seconds(begin, events.clock().now()) + "; check 'ip link show " + device + "' and 'nmcli device status'");
            }
            try {
                nm.unmanage(path.get(), device);
            } catch (NmRefused e) {
                throw new NetworkException("Cannot set device '" + device + "' unmanaged in NetworkManager: " + e.getMessage()
                        + "; the agent must run as root (NetworkManager's D-Bus policy); see 'nmcli device show " + device + "'", e);
            }
            return null;
        });
    }

    /** Closes the bus connection; signal subscriptions end with it. */
    @Override
    public void close() {
        try {
            bus.close();
        } catch (IOException e) {
            LOG.debug("Closing {} failed, ignoring: {}", where, e.getMessage());
        }
    }

    /** One step done with the NetworkManager instance that runs now; {@link NmGone} makes it start over. */
    interface Step<T> {
        T run(NmClient nm) throws NmGone, NetworkException, InterruptedException;
    }

    /**
     * Runs {@code step} with the running NetworkManager once it is ready; if NetworkManager
     * leaves the bus during it, waits for it to come back and runs it again, until {@code deadline}.
     */
    <T> T withNetworkManager(String doing, Instant deadline, Step<T> step) throws NetworkException, InterruptedException {
        Instant begin = events.clock().now();
        while (true) {
            String owner = presence.awaitReady(doing, begin, deadline);
            try {
                return step.run(new NmClient(bus, dbus, owner));
            } catch (NmGone e) {
                LOG.info("NetworkManager stopped or restarted while {} ({}); starting over once it is back", doing, e.getMessage());
            }
        }
    }

    /** "3.0s": time from {@code begin} to {@code now}, for messages. */
    static String seconds(Instant begin, Instant now) {
        return String.format(Locale.ROOT, "%.1fs", Duration.between(begin, now).toMillis() / 1000.0);
    }
}
