package org.lxcauto.need;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.freedesktop.dbus.DBusMatchRule;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.errors.AccessDenied;
import org.freedesktop.dbus.errors.ServiceUnknown;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.interfaces.Properties;
import org.lxcauto.need.systemd.SystemdManager;
import org.lxcauto.system.Bus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's systemd over its D-Bus API (org.freedesktop.systemd1(5)), through dbus-java: the real
 * {@link SystemdUnits}.
 *
 * <p>A unit's state is its {@code ActiveState} property, read from the object that
 * {@code Manager.LoadUnit} names. systemd unloads an inactive unit whenever it likes (garbage
 * collection), so nothing here relies on a unit staying loaded: its object path is derived from
 * its name and stays the same, and systemd loads the unit again when that path is asked. A watch
 * listens to {@code PropertiesChanged} on that path, and to the manager's {@code UnitNew} and
 * {@code UnitRemoved} for the unit's name: systemd announces the first change of a freshly loaded
 * unit (one that is started after it was unloaded) with {@code UnitNew} instead. systemd sends
 * these signals only while a client is subscribed, so each connection calls
 * {@code Manager.Subscribe} once.
 *
 * <p>The bus connection is made on first use, so that a host whose containers have no
 * {@code unit:} gate never connects, and is closed by {@link #close}. Unit names travel only as
 * D-Bus arguments, never through a shell. Signals are only taken as a hint to ask again, so a
 * signal sent by anyone else on the bus can cause a needless question, never a wrong answer.
 * Thread-safe; {@code changed} runs on dbus-java's signal threads.
 */
public final class DbusSystemdUnits implements SystemdUnits {

    private static final Logger LOG = LoggerFactory.getLogger(DbusSystemdUnits.class);
    /** Exists, as a directory, when systemd is PID 1: what {@code sd_booted()} looks at. */
    public static final Path SYSTEMD_MARKER = Path.of("/run/systemd/system");
    private static final String DEFAULT_BUS = "unix:path=/run/dbus/system_bus_socket";

    private final String busAddress;
    private final Path systemdMarker;
    /** Watches on the manager's UnitNew / UnitRemoved, looked up by unit name. */
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private DBusConnection bus;
    private SystemdManager manager;

    /** @param busAddress the system bus's D-Bus address, or null for the system bus */
    public DbusSystemdUnits(String busAddress) {
        this(busAddress, SYSTEMD_MARKER);
    }

    /**
     * @param busAddress the system bus's D-Bus address, or null for the system bus
     * @param systemdMarker the directory whose presence says systemd is PID 1 ({@link #SYSTEMD_MARKER};
     *     another for a test, e.g. a systemd machine's seen through {@code /proc/PID/root})
     */
    public DbusSystemdUnits(String busAddress, Path systemdMarker) {
        this.busAddress = busAddress == null || busAddress.isEmpty() ? null : busAddress;
        this.systemdMarker = systemdMarker;
    }

    @Override
    public boolean booted() {
        return Files.isDirectory(systemdMarker);
    }

    @Override
    public String activeState(String unit) throws UnitsUnavailableException {
        SystemdManager systemd = manager(unit);
        String path = unitPath(systemd, unit);
        try {
            Properties properties = connection().getRemoteObject(SystemdManager.BUS_NAME, path, Properties.class, false);
            Object state = properties.Get(SystemdManager.UNIT_INTERFACE, SystemdManager.ACTIVE_STATE);
            return String.valueOf(state);
        } catch (DBusException | DBusExecutionException e) {
            throw refused(unit, "reading its ActiveState", e);
        }
    }

    @Override
    public Subscription watch(String unit, Runnable changed) throws UnitsUnavailableException {
        SystemdManager systemd = manager(unit);
        String path = unitPath(systemd, unit);
        Watch watch = new Watch(unit, changed);
        AutoCloseable properties;
        try {
            properties = connection().addSigHandler(new DBusMatchRule(Properties.PropertiesChanged.class, null, path),
                    (Properties.PropertiesChanged signal) -> {
                        if (SystemdManager.UNIT_INTERFACE.equals(signal.getInterfaceName())) {
                            changed.run();
                        }
                    });
        } catch (DBusException | DBusExecutionException e) {
            throw refused(unit, "subscribing to its changes", e);
        }
        watches.add(watch);
        return () -> {
            watches.remove(watch);
            try {
                properties.close();
            } catch (Exception e) {
                LOG.debug("Ending the watch on unit:{} failed, ignoring: {}", unit, e.getMessage());
            }
        };
    }

    /** Disconnects from the bus, if connected; every watch ends with it. */
    @Override
    public synchronized void close() {
        if (bus != null) {
            try {
                bus.close();
            } catch (IOException e) {
                LOG.debug("Closing {} failed, ignoring: {}", where(), e.getMessage());
            }
            bus = null;
            manager = null;
        }
    }

    /** The manager on a live connection, connected and subscribed on first use (or after the bus went away). */
    private synchronized SystemdManager manager(String unit) throws UnitsUnavailableException {
        if (bus != null && !bus.isConnected()) {
            LOG.warn("The connection to {} was lost; connecting again (watches made before it have ended)", where());
            bus = null;
            manager = null;
        }
        if (manager != null) {
            return manager;
        }
        DBusConnection connection;
        try {
            connection = Bus.connect(busAddress);
        } catch (DBusException | RuntimeException e) {
            throw new UnitsUnavailableException("cannot ask systemd about unit:" + unit + ": " + where()
                    + " refused the connection (" + e.getMessage() + "); is dbus running? ('systemctl status dbus')", e);
        }
        try {
            DBus dbus = connection.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class);
            if (!dbus.NameHasOwner(SystemdManager.BUS_NAME)) {
                connection.disconnect();
                throw new UnitsUnavailableException("cannot ask systemd about unit:" + unit + ": nobody owns "
                        + SystemdManager.BUS_NAME + " on " + where() + "; is the host booted with systemd?"
                        + " ('systemctl is-system-running')");
            }
            SystemdManager systemd = connection.getRemoteObject(SystemdManager.BUS_NAME, SystemdManager.PATH,
                    SystemdManager.class, false);
            connection.addSigHandler(SystemdManager.UnitNew.class, signal -> unitSignal(signal.id()));
            connection.addSigHandler(SystemdManager.UnitRemoved.class, signal -> unitSignal(signal.id()));
            systemd.Subscribe();
            bus = connection;
            manager = systemd;
            return systemd;
        } catch (DBusException | DBusExecutionException e) {
            connection.disconnect();
            throw refused(unit, "subscribing to its signals", e);
        }
    }

    private synchronized DBusConnection connection() {
        return bus;
    }

    private String unitPath(SystemdManager systemd, String unit) throws UnitsUnavailableException {
        try {
            return systemd.LoadUnit(unit).getPath();
        } catch (DBusExecutionException e) {
            throw refused(unit, "loading it", e);
        }
    }

    private void unitSignal(String unit) {
        for (Watch watch : watches) {
            if (watch.unit.equals(unit)) {
                watch.changed.run();
            }
        }
    }

    /** What went wrong in a call to systemd, said for the operator. */
    private UnitsUnavailableException refused(String unit, String doing, Exception e) {
        String prefix = "cannot ask systemd about unit:" + unit + " (" + doing + "): ";
        if (e instanceof ServiceUnknown) {
            return new UnitsUnavailableException(prefix + "nobody owns " + SystemdManager.BUS_NAME + " on " + where() + " ("
                    + e.getMessage() + "); is the host booted with systemd? ('systemctl is-system-running')", e);
        }
        if (e instanceof AccessDenied) {
            return new UnitsUnavailableException(prefix + "the bus policy refused it (" + e.getMessage()
                    + "); run the agent as root", e);
        }
        return new UnitsUnavailableException(prefix + "systemd answered: " + e.getMessage()
                + "; check 'systemctl status " + unit + "'", e);
    }

    private String where() {
        return busAddress == null ? "the system bus at " + DEFAULT_BUS : "the bus at " + busAddress;
    }

    /** A watch on the manager's signals: the unit's name and whom to tell; equal only to itself. */
    private static final class Watch {
        private final String unit;
        private final Runnable changed;

        Watch(String unit, Runnable changed) {
            this.unit = unit;
            this.changed = changed;
        }
    }
}
