package org.lxcauto.container.libvirt;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.errors.NoReply;
import org.freedesktop.dbus.errors.ServiceUnknown;
import org.freedesktop.dbus.errors.Timeout;
import org.freedesktop.dbus.errors.UnknownMethod;
import org.freedesktop.dbus.errors.UnknownObject;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.UInt32;
import org.lxcauto.container.ContainerException;
import org.lxcauto.container.ContainerState;
import org.lxcauto.container.StartOutcome;
import org.lxcauto.container.StopOutcome;
import org.lxcauto.system.Bus;

/**
 * {@link Libvirt} over libvirt-dbus ({@value LibvirtConnect#BUS_NAME} on the system bus), through
 * dbus-java. Preferred to virsh: no process per call, and a stop is seen the moment libvirt
 * announces it ({@link LibvirtConnect.DomainEvent}) instead of by polling.
 *
 * <p>libvirt-dbus serves only the local system connections, one object each ({@link #serves});
 * {@link Libvirts} sends every other URI to {@link Virsh}. libvirt's errors arrive as the D-Bus
 * error {@value LibvirtConnect#ERROR} with libvirt's own message, and only a few of them are
 * not failures for lxc-auto ("already running", "not running"): those are recognised by asking
 * the domain's state afterwards, not by parsing the message.
 *
 * <p>Thread-safe: every call runs on the calling thread; dbus-java's signal threads only enqueue.
 */
public final class LibvirtDbus implements Libvirt {

    /** The connection objects libvirt-dbus exports, by the URIs lxc-auto accepts for each. */
    private static final Map<String, String> PATHS = Map.of(
            "qemu:///system", LibvirtConnect.QEMU_PATH,
            "lxc:///", LibvirtConnect.LXC_PATH,
            "lxc:///system", LibvirtConnect.LXC_PATH);

    /**
     * How long a stop is awaited on the event alone before the state is asked again: the safety
     * net for an event that never comes (libvirt-dbus restarted meanwhile).
     */
    static final Duration SAFETY_POLL = Duration.ofSeconds(2);
    private static final UInt32 NO_FLAGS = new UInt32(0);

    private final DBusConnection bus;
    private final LibvirtEvents events;
    private final org.lxcauto.system.Clock clock;
    private final Map<String, LibvirtConnect> connections = new ConcurrentHashMap<>();

    /**
     * Subscribes to libvirt's domain events on {@code bus}, whose use it takes over: {@link
     * #close} disconnects it.
     */
    public LibvirtDbus(DBusConnection bus, org.lxcauto.system.Clock clock) throws DBusException {
        this.clock = clock;
        this.events = new LibvirtEvents(clock);
        this.bus = bus;
        events.subscribe(bus);
    }

    /**
     * libvirt-dbus on the bus at {@code busAddress} (null: the system bus), if it runs there or
     * the bus can start it; otherwise empty, and {@code whyNot} is told why in words for a log
     * line, so that the caller can fall back to virsh.
     */
    public static Optional<Libvirt> connect(String busAddress, org.lxcauto.system.Clock clock, Consumer<String> whyNot) {
        String where = busAddress == null || busAddress.isEmpty() ? "the system bus" : "the bus at '" + busAddress + "'";
        DBusConnection bus = null;
        try {
            bus = Bus.connect(busAddress);
            DBus dbus = bus.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class);
            if (!dbus.NameHasOwner(LibvirtConnect.BUS_NAME)) {
                if (!List.of(dbus.ListActivatableNames()).contains(LibvirtConnect.BUS_NAME)) {
                    bus.disconnect();
                    whyNot.accept("nobody owns " + LibvirtConnect.BUS_NAME + " on " + where
                            + " and it cannot be activated (libvirt-dbus is not installed or not running)");
                    return Optional.empty();
                }
                // Returns once libvirt-dbus owns its name; throws if it cannot be started.
                dbus.StartServiceByName(LibvirtConnect.BUS_NAME, NO_FLAGS);
            }
            return Optional.of(new LibvirtDbus(bus, clock));
        } catch (DBusException | DBusExecutionException e) {
            if (bus != null) {
                bus.disconnect();
            }
            whyNot.accept("libvirt-dbus cannot be reached on " + where + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Whether libvirt-dbus serves {@code uri}: {@code qemu:///system}, {@code lxc:///} or {@code lxc:///system}. */
    public static boolean serves(String uri) {
        return PATHS.containsKey(uri);
    }

    /** The object path of the connection to {@code uri}, e.g. {@value LibvirtConnect#LXC_PATH}. */
    static String connectionPath(String uri) {
        String path = PATHS.get(uri);
        if (path == null) {
            throw new IllegalArgumentException("libvirt-dbus serves only the local system connections "
                    + new TreeSet<>(PATHS.keySet()) + ", not '" + uri + "'; use virsh for it (Libvirts does)");
        }
        return path;
    }

    /** {@link LibvirtDomain#Shutdown} flags: SIGTERM to an LXC domain's init (see {@link LibvirtUri#isLxc}), ACPI for QEMU. */
    static int shutdownFlags(String uri) {
        return LibvirtUri.isLxc(uri) ? LibvirtDomain.SHUTDOWN_SIGNAL : 0;
    }

    /** What lxc-auto makes of a {@code virDomainState}; an unknown one counts as stopped, never as running. */
    static ContainerState toState(int state) {
        return switch (state) {
            case LibvirtDomain.STATE_RUNNING, 2 /* blocked on I/O, yet running */ -> ContainerState.RUNNING;
            case LibvirtDomain.STATE_PAUSED, 7 /* suspended by guest power management */ -> ContainerState.FROZEN;
            case LibvirtDomain.STATE_SHUTDOWN -> ContainerState.STOPPING;
            default -> ContainerState.STOPPED; // shut off, crashed, no state
        };
    }

    @Override
    public ContainerState state(String uri, String name) {
        try {
            return toState(domain(uri, name).GetState(NO_FLAGS).state());
        } catch (DBusExecutionException | DBusException e) {
            return ContainerState.MISSING;
        }
    }

    @Override
    public Set<String> autostarted(String uri) {
        Set<String> names = new TreeSet<>();
        try {
            for (DBusPath path : connection(uri).ListDomains(new UInt32(LibvirtConnect.LIST_AUTOSTART))) {
                Properties properties = bus.getRemoteObject(LibvirtConnect.BUS_NAME, path.getPath(), Properties.class, false);
                names.add(properties.Get(LibvirtDomain.INTERFACE, LibvirtDomain.NAME));
            }
        } catch (DBusExecutionException | DBusException e) {
            return Set.of();
        }
        return names;
    }

    @Override
    public StartOutcome create(String uri, String name) throws ContainerException {
        LibvirtDomain domain = existing(uri, name, "start");
        try {
            domain.Create(NO_FLAGS);
            return StartOutcome.STARTED;
        } catch (DBusExecutionException e) {
            if (active(domain)) {
                return StartOutcome.ALREADY_RUNNING;
            }
            throw new ContainerException("libvirt could not start domain '" + name + "' on " + uri + ": " + says(e));
        }
    }

    @Override
    public boolean shutdown(String uri, String name) throws ContainerException {
        LibvirtDomain domain = existing(uri, name, "shut down");
        try {
            domain.Shutdown(new UInt32(shutdownFlags(uri)));
            return true;
        } catch (DBusExecutionException e) {
            if (stopped(domain)) {
                return false;
            }
            throw new ContainerException("libvirt could not shut down domain '" + name + "' on " + uri + ": " + says(e));
        }
    }

    /**
     * Opens an inbox for the stop event first, then looks at the state (so a stop that happened
     * already is seen), then waits for the event, looking again every {@link #SAFETY_POLL}.
     */
    @Override
    public StopOutcome awaitShutdown(String uri, String name, Duration timeout) throws ContainerException, InterruptedException {
        java.time.Instant until = clock.now().plus(timeout);
        try (LibvirtEvents.Inbox inbox = events.open()) {
            // The lookup also makes libvirt-dbus open its libvirt connection, without which it sends no events.
            Optional<LibvirtDomain> found = find(uri, name, "wait for the stop of");
            if (found.isEmpty()) {
                return StopOutcome.CLEAN; // a transient domain is undefined once it has stopped
            }
            LibvirtDomain domain = found.get();
            String path = domain.getObjectPath();
            while (!stopped(domain)) {
                java.time.Instant now = clock.now();
                if (!now.isBefore(until)) {
                    return destroy(uri, name, domain, timeout);
                }
                java.time.Instant poll = now.plus(SAFETY_POLL);
                if (inbox.awaitStopped(connectionPath(uri), path, poll.isBefore(until) ? poll : until)) {
                    return StopOutcome.CLEAN;
                }
            }
            return StopOutcome.CLEAN;
        }
    }

    private StopOutcome destroy(String uri, String name, LibvirtDomain domain, Duration timeout) throws ContainerException {
        try {
            domain.Destroy(NO_FLAGS);
            return StopOutcome.FORCED;
        } catch (DBusExecutionException e) {
            if (stopped(domain)) {
                return StopOutcome.CLEAN; // it stopped between the last look and the destroy
            }
            throw new ContainerException("domain '" + name + "' on " + uri + " did not stop within " + timeout.toSeconds()
                    + "s, and libvirt could not destroy it: " + says(e) + "; check 'virsh -c " + uri + " domstate "
                    + name + "'");
        }
    }

    @Override
    public Optional<String> ipv4(String uri, String name) {
        LibvirtDomain domain;
        try {
            domain = domain(uri, name);
        } catch (DBusExecutionException | DBusException e) {
            return Optional.empty();
        }
        for (int source : new int[] {LibvirtDomain.ADDRESSES_FROM_LEASE, LibvirtDomain.ADDRESSES_FROM_ARP}) {
            try {
                for (LibvirtInterface nic : domain.InterfaceAddresses(new UInt32(source), NO_FLAGS)) {
                    for (LibvirtAddress address : nic.addresses()) {
                        if (address.type() == LibvirtAddress.IPV4 && !address.address().startsWith("127.")) {
                            return Optional.of(address.address());
                        }
                    }
                }
            } catch (DBusExecutionException e) {
                // LXC domains: no lease without a libvirt network, and ARP fails on current kernels.
            }
        }
        try {
            return DomainXml.firstInterfaceIpv4(domain.GetXMLDesc(NO_FLAGS));
        } catch (DBusExecutionException e) {
            return Optional.empty();
        }
    }

    /** Disconnects from the bus; the subscription goes with it. */
    @Override
    public void close() {
        bus.disconnect();
    }

    // ---- helpers ----

    private LibvirtConnect connection(String uri) throws DBusException {
        String path = connectionPath(uri);
        LibvirtConnect connection = connections.get(path);
        if (connection == null) {
            connection = bus.getRemoteObject(LibvirtConnect.BUS_NAME, path, LibvirtConnect.class, false);
            connections.put(path, connection);
        }
        return connection;
    }

    private LibvirtDomain domain(String uri, String name) throws DBusException {
        return proxy(connection(uri).DomainLookupByName(name).getPath());
    }

    private LibvirtDomain proxy(String path) throws DBusException {
        return bus.getRemoteObject(LibvirtConnect.BUS_NAME, path, LibvirtDomain.class, false);
    }

    /** The domain, or empty if libvirt has no domain of that name; throws if libvirt could not be asked. */
    private Optional<LibvirtDomain> find(String uri, String name, String doing) throws ContainerException {
        try {
            return Optional.of(domain(uri, name));
        } catch (DBusExecutionException e) {
            if (notFound(e)) {
                return Optional.empty();
            }
            throw new ContainerException("cannot " + doing + " domain '" + name + "' on " + uri + ": " + says(e));
        } catch (DBusException e) {
            throw new ContainerException("cannot " + doing + " domain '" + name + "' on " + uri + ": " + e.getMessage());
        }
    }

    /** The domain; if libvirt does not know it, an error that says how to define it. */
    private LibvirtDomain existing(String uri, String name, String doing) throws ContainerException {
        return find(uri, name, doing).orElseThrow(() -> new ContainerException("no libvirt domain '" + name + "' on "
                + uri + "; define it with 'virsh -c " + uri + " define FILE.xml', or fix the name or uri of its"
                + " [domain] entry"));
    }

    /**
     * The domain's state, {@link ContainerState#MISSING} once it is gone (a transient domain after
     * its stop), empty when the question went unanswered.
     */
    private static Optional<ContainerState> look(LibvirtDomain domain) {
        try {
            return Optional.of(toState(domain.GetState(NO_FLAGS).state()));
        } catch (DBusExecutionException e) {
            return notFound(e) ? Optional.of(ContainerState.MISSING) : Optional.empty();
        }
    }

    /** Running, paused or shutting down, as far as libvirt answered. */
    private static boolean active(LibvirtDomain domain) {
        return look(domain).filter(state -> !gone(state)).isPresent();
    }

    /** Shut off, crashed or undefined, as far as libvirt answered. */
    private static boolean stopped(LibvirtDomain domain) {
        return look(domain).filter(LibvirtDbus::gone).isPresent();
    }

    private static boolean gone(ContainerState state) {
        return state == ContainerState.STOPPED || state == ContainerState.MISSING;
    }

    /** libvirt's VIR_ERR_NO_DOMAIN ("Domain not found: ..."), or the object vanished with its domain. */
    private static boolean notFound(DBusExecutionException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("Domain not found") || message.contains("No domain with matching")
                || e instanceof UnknownObject;
    }

    /**
     * libvirt's own message, or for an error from the bus itself (libvirt-dbus gone or hung) that
     * error with a hint. dbus-java maps the bus's standard errors to classes of their own, and
     * libvirt-dbus's {@value LibvirtConnect#ERROR} to the plain exception.
     */
    private static String says(DBusExecutionException e) {
        boolean fromBus = e instanceof ServiceUnknown || e instanceof NoReply || e instanceof Timeout
                || e instanceof UnknownObject || e instanceof UnknownMethod;
        return fromBus ? e.getMessage() + " (" + e.getClass().getSimpleName() + "; is libvirt-dbus still running?)"
                : e.getMessage();
    }
}
