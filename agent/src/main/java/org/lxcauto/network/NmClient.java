package org.lxcauto.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.errors.UnknownMethod;
import org.freedesktop.dbus.errors.UnknownObject;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;
import org.lxcauto.network.nm.NmActiveConnection;
import org.lxcauto.network.nm.NmDevice;
import org.lxcauto.network.nm.NmManager;
import org.lxcauto.network.nm.NmSettings;
import org.lxcauto.network.nm.NmSettingsConnection;

/**
 * The D-Bus calls lxc-auto makes to one running instance of NetworkManager, the one that owned
 * its name when the client was made ({@link #owner}).
 *
 * <p>Every call that fails is classified: if NetworkManager is no longer that owner (stopped,
 * crashed, restarted: the error is then ServiceUnknown, NoReply or NameHasNoOwner, or an
 * unknown object of the new instance), it throws {@link NmGone} and the caller starts over
 * with the new instance; otherwise NetworkManager refused the call, {@link NmRefused} with its
 * words. Calls are made on the caller's thread and never started automatically (a bus with no
 * NetworkManager must not try to activate one).
 */
final class NmClient {

    private static final DBusPath NONE = new DBusPath("/");

    private final DBusConnection bus;
    private final DBus dbus;
    private final String owner;

    NmClient(DBusConnection bus, DBus dbus, String owner) {
        this.bus = bus;
        this.dbus = dbus;
        this.owner = owner;
    }

    /** The unique bus name of NetworkManager now, if it runs. */
    static Optional<String> currentOwner(DBus dbus) {
        try {
            return Optional.of(dbus.GetNameOwner(NmManager.BUS_NAME));
        } catch (DBusExecutionException e) {
            return Optional.empty(); // NameHasNoOwner
        }
    }

    /** The unique bus name of the NetworkManager instance this client talks to. */
    String owner() {
        return owner;
    }

    /** Object paths of every saved connection profile. */
    List<String> listConnections() throws NmGone, NmRefused {
        NmSettings settings = proxy(NmSettings.PATH, NmSettings.class);
        return call("ListConnections", settings::ListConnections).stream().map(DBusPath::getPath).toList();
    }

    /** The settings of saved profile {@code path}; empty if it was deleted meanwhile. */
    Optional<Map<String, Map<String, Variant<?>>>> settings(String path) throws NmGone, NmRefused {
        NmSettingsConnection connection = proxy(path, NmSettingsConnection.class);
        return callIfExists("GetSettings of " + path, connection::GetSettings);
    }

    /** Saves a new profile to disk; returns its path. */
    String add(Map<String, Map<String, Variant<?>>> settings, String id) throws NmGone, NmRefused {
        NmSettings store = proxy(NmSettings.PATH, NmSettings.class);
        return call("AddConnection of '" + id + "'", () -> store.AddConnection(settings)).getPath();
    }

    /** Replaces the settings of saved profile {@code path}. */
    void update(String path, Map<String, Map<String, Variant<?>>> settings, String id) throws NmGone, NmRefused {
        NmSettingsConnection connection = proxy(path, NmSettingsConnection.class);
        call("Update of '" + id + "'", () -> {
            connection.Update(settings);
            return null;
        });
    }

    /** Activates profile {@code connection} on {@code device} (null: NetworkManager chooses); returns the active connection. */
    String activate(String connection, String device, String id) throws NmGone, NmRefused {
        NmManager manager = proxy(NmManager.PATH, NmManager.class);
        DBusPath on = device == null ? NONE : new DBusPath(device);
        return call("ActivateConnection of '" + id + "'", () -> manager.ActivateConnection(new DBusPath(connection), on, NONE))
                .getPath();
    }

    /** An active connection: its profile and {@code NMActiveConnectionState}. */
    record Active(String path, String connection, int state) {
    }

    /** The active connection of profile {@code connection}, if one is activating or active. */
    Optional<Active> activeOf(String connection) throws NmGone, NmRefused {
        Properties manager = proxy(NmManager.PATH, Properties.class);
        Object paths = call("reading ActiveConnections", () -> manager.Get(NmManager.INTERFACE, "ActiveConnections"));
        for (String path : paths(paths)) {
            Optional<Active> active = active(path);
            if (active.isPresent() && active.get().connection().equals(connection)) {
                return active;
            }
        }
        return Optional.empty();
    }

    /** Active connection {@code path} now; empty if NetworkManager already dropped it. */
    Optional<Active> active(String path) throws NmGone, NmRefused {
        Properties properties = proxy(path, Properties.class);
        Optional<Map<String, Variant<?>>> all = callIfExists("reading " + path, () -> properties.GetAll(NmActiveConnection.INTERFACE));
        if (all.isEmpty()) {
            return Optional.empty();
        }
        Variant<?> connection = all.get().get("Connection");
        Variant<?> state = all.get().get("State");
        return Optional.of(new Active(path, connection == null ? "" : paths(List.of(connection.getValue())).get(0),
                state != null && state.getValue() instanceof Number n ? n.intValue() : NmStates.UNKNOWN));
    }

    /** The device object of interface {@code name}, if NetworkManager knows one. */
    Optional<String> device(String name) throws NmGone {
        NmManager manager;
        try {
            manager = proxy(NmManager.PATH, NmManager.class);
            return Optional.of(call("GetDeviceByIpIface(" + name + ")", () -> manager.GetDeviceByIpIface(name)).getPath());
        } catch (NmRefused e) {
            return Optional.empty(); // org.freedesktop.NetworkManager.UnknownDevice
        }
    }

    /** Sets Device.Managed = false on device object {@code device}. */
    void unmanage(String device, String name) throws NmGone, NmRefused {
        Properties properties = proxy(device, Properties.class);
        call("setting Managed=false on device '" + name + "'", () -> {
            properties.Set(NmDevice.INTERFACE, NmDevice.MANAGED, Boolean.FALSE);
            return null;
        });
    }

    /** Reads Device.Managed of device object {@code device}. */
    boolean managed(String device, String name) throws NmGone, NmRefused {
        Properties properties = proxy(device, Properties.class);
        Object managed = call("reading Managed of device '" + name + "'", () -> properties.Get(NmDevice.INTERFACE, NmDevice.MANAGED));
        return Boolean.TRUE.equals(managed);
    }

    private <T> T call(String what, Supplier<T> call) throws NmGone, NmRefused {
        try {
            return call.get();
        } catch (DBusExecutionException e) {
            throw classify(what, e);
        }
    }

    /** Like {@link #call}, but an object that does not exist (any more) is an empty result. */
    private <T> Optional<T> callIfExists(String what, Supplier<T> call) throws NmGone, NmRefused {
        try {
            return Optional.of(call.get());
        } catch (UnknownObject | UnknownMethod e) {
            if (!owner.equals(currentOwner(dbus).orElse(""))) {
                throw new NmGone(what + ": " + e.getMessage());
            }
            return Optional.empty();
        } catch (DBusExecutionException e) {
            throw classify(what, e);
        }
    }

    /** The refusal to throw for {@code e}; throws NmGone instead if NetworkManager is not the same any more. */
    private NmRefused classify(String what, DBusExecutionException e) throws NmGone {
        if (!bus.isConnected()) {
            return new NmRefused(what + " failed: the connection to the D-Bus bus was lost (" + e.getMessage()
                    + "); is dbus-daemon running?", e);
        }
        if (!owner.equals(currentOwner(dbus).orElse(""))) {
            throw new NmGone(what + ": " + e.getMessage());
        }
        if (e instanceof UnknownObject || e instanceof UnknownMethod) {
            // NetworkManager's own objects are missing only while it starts or stops.
            throw new NmGone(what + ": NetworkManager is starting or stopping: " + e.getMessage());
        }
        return new NmRefused(what + " was refused: " + e.getMessage(), e);
    }

    private <I extends DBusInterface> I proxy(String path, Class<I> type) throws NmRefused {
        try {
            return bus.getRemoteObject(NmManager.BUS_NAME, path, type, false);
        } catch (DBusException | DBusExecutionException e) {
            throw new NmRefused("NetworkManager object " + path + " cannot be used: " + e.getMessage(), e);
        }
    }

    /** Object paths from an {@code ao} value, however dbus-java delivered it. */
    private static List<String> paths(Object value) {
        List<String> paths = new ArrayList<>();
        Iterable<?> items = value instanceof Object[] array ? List.of(array) : value instanceof Iterable<?> list ? list : List.of();
        for (Object item : items) {
            paths.add(item instanceof DBusPath path ? path.getPath() : String.valueOf(item));
        }
        return paths;
    }
}
