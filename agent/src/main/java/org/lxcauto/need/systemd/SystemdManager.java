package org.lxcauto.need.systemd;

import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;

/**
 * The part of systemd's {@value #INTERFACE} (org.freedesktop.systemd1(5)) that a
 * {@code needs = unit:NAME} gate uses: the object of a unit, loaded on demand, and the signals
 * that tell when a unit's state may have changed.
 */
@DBusInterfaceName(SystemdManager.INTERFACE)
public interface SystemdManager extends DBusInterface {

    /** D-Bus interface name. */
    String INTERFACE = "org.freedesktop.systemd1.Manager";
    /** Bus name. */
    String BUS_NAME = "org.freedesktop.systemd1";
    /** Object path. */
    String PATH = "/org/freedesktop/systemd1";
    /** The interface every unit object has, with its {@value #ACTIVE_STATE} property. */
    String UNIT_INTERFACE = "org.freedesktop.systemd1.Unit";
    /** {@code active}, {@code activating}, {@code failed}, {@code inactive}, ... */
    String ACTIVE_STATE = "ActiveState";

    /**
     * The unit's object, loading the unit from disk if systemd has not yet (a unit that does not
     * exist is loaded as {@code not-found}, {@code inactive}). systemd may unload it again at any
     * time while it is inactive; its object path stays the same and asking it loads it again.
     */
    DBusPath LoadUnit(String name);

    /**
     * Asks systemd to send its unit signals ({@link UnitNew}, PropertiesChanged on the unit
     * objects, ...) on this connection's behalf: systemd sends most of them only while at least
     * one client is subscribed. Lasts until the connection closes; once per connection.
     */
    void Subscribe();

    /**
     * A unit was loaded. systemd sends this, instead of PropertiesChanged, for the first change
     * of a unit it loaded since the last signal about it, e.g. a unit started after it had been
     * unloaded.
     */
    class UnitNew extends DBusSignal {

        private final String id;

        /** Called by dbus-java. */
        public UnitNew(String path, String id, DBusPath unit) throws DBusException {
            super(path, id, unit);
            this.id = id;
        }

        /** The unit's name, e.g. {@code postgresql.service}. */
        public String id() {
            return id;
        }
    }

    /** A unit was unloaded (garbage-collected while inactive, or on daemon-reload). */
    class UnitRemoved extends DBusSignal {

        private final String id;

        /** Called by dbus-java. */
        public UnitRemoved(String path, String id, DBusPath unit) throws DBusException {
            super(path, id, unit);
            this.id = id;
        }

        /** The unit's name. */
        public String id() {
            return id;
        }
    }
}
