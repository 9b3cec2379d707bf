package org.lxcauto.container.libvirt;

import java.util.List;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;

/**
 * The part of a libvirt connection exposed by libvirt-dbus ({@value #BUS_NAME} on the system bus)
 * that lxc-auto uses: finding domains, and the lifecycle events that tell when they start and stop.
 * libvirt-dbus serves one such object per driver; the LXC driver's is {@value #LXC_PATH}, QEMU's
 * {@value #QEMU_PATH}.
 *
 * <p>libvirt-dbus opens its connection to libvirtd only on the first method call to that object,
 * and emits {@link DomainEvent} only from then on: subscribe, then call (e.g.
 * {@link #ListDomains}) before relying on the signal. Every failure is the D-Bus error
 * {@value #ERROR} carrying libvirt's message. Method names are libvirt-dbus's own member names,
 * hence the capitals.
 */
@DBusInterfaceName(LibvirtConnect.INTERFACE)
public interface LibvirtConnect extends DBusInterface {

    /** The well-known bus name libvirt-dbus owns while it runs. */
    String BUS_NAME = "org.libvirt";
    /** D-Bus interface name of the connection objects. */
    String INTERFACE = "org.libvirt.Connect";
    /** Object path of the connection to {@code lxc:///system}. */
    String LXC_PATH = "/org/libvirt/LXC";
    /** Object path of the connection to {@code qemu:///system}. */
    String QEMU_PATH = "/org/libvirt/QEMU";
    /** The one D-Bus error name libvirt-dbus replies with; the message says what went wrong. */
    String ERROR = "org.libvirt.Error";

    /** {@link #ListDomains} flag: running or paused domains. 0 lists every domain. */
    int LIST_ACTIVE = 1;
    /** {@link #ListDomains} flag: domains that are defined but not running. */
    int LIST_INACTIVE = 2;
    /** {@link #ListDomains} flag: domains that libvirtd itself starts when it starts. */
    int LIST_AUTOSTART = 1024;

    /**
     * Object paths of the domains that match {@code flags} ({@code virConnectListAllDomains}
     * flags: {@link #LIST_ACTIVE}, {@link #LIST_INACTIVE}, {@link #LIST_AUTOSTART}, or 0 for all).
     */
    List<DBusPath> ListDomains(UInt32 flags);

    /** The object path of the domain named {@code name}; error {@value #ERROR} if there is none. */
    DBusPath DomainLookupByName(String name);

    /**
     * A domain's lifecycle changed ({@code virConnectDomainEventCallback}). Sent from the
     * connection object ({@link #LXC_PATH}), not from the domain's.
     */
    class DomainEvent extends DBusSignal {

        /** {@link #event()}: defined (or redefined). */
        public static final int DEFINED = 0;
        /** {@link #event()}: undefined. */
        public static final int UNDEFINED = 1;
        /** {@link #event()}: started; detail 0 is a normal boot. */
        public static final int STARTED = 2;
        /** {@link #event()}: stopped; the detail says how ({@link #STOPPED_SHUTDOWN} ...). */
        public static final int STOPPED = 5;
        /** {@link #event()}: the guest began shutting down (QEMU only; LXC goes straight to STOPPED). */
        public static final int SHUTDOWN = 6;
        /** {@link #detail()} of {@link #STOPPED}: its init exited by itself. */
        public static final int STOPPED_SHUTDOWN = 0;
        /** {@link #detail()} of {@link #STOPPED}: killed by Destroy. */
        public static final int STOPPED_DESTROYED = 1;
        /** {@link #detail()} of {@link #STOPPED}: crashed. */
        public static final int STOPPED_CRASHED = 2;
        /** {@link #detail()} of {@link #STOPPED}: failed to start, or its controller died. */
        public static final int STOPPED_FAILED = 5;

        private final DBusPath domain;
        private final int event;
        private final int detail;

        /** Called by dbus-java for each received signal. */
        public DomainEvent(String path, DBusPath domain, int event, int detail) throws DBusException {
            super(path, domain, event, detail);
            this.domain = domain;
            this.event = event;
            this.detail = detail;
        }

        /** The domain's object path. */
        public DBusPath domain() {
            return domain;
        }

        /** What happened: {@code virDomainEventType} ({@link #STARTED}, {@link #STOPPED} ...). */
        public int event() {
            return event;
        }

        /** How it happened: the detail enum that belongs to {@link #event()}. */
        public int detail() {
            return detail;
        }
    }
}
