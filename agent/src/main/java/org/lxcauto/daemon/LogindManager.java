package org.lxcauto.daemon;

import org.freedesktop.dbus.FileDescriptor;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;

/**
 * The part of systemd-logind's {@value #INTERFACE} the daemon uses: a {@code delay} inhibitor
 * lock, which holds the shutdown back until it is released (up to logind's InhibitDelayMaxSec),
 * and the {@link PrepareForShutdown} signal that says the shutdown has begun.
 */
@DBusInterfaceName(LogindManager.INTERFACE)
public interface LogindManager extends DBusInterface {

    /** D-Bus interface name. */
    String INTERFACE = "org.freedesktop.login1.Manager";
    /** Bus name. */
    String BUS_NAME = "org.freedesktop.login1";
    /** Object path. */
    String PATH = "/org/freedesktop/login1";

    /** Takes an inhibitor lock; it lasts until the returned descriptor is closed. */
    FileDescriptor Inhibit(String what, String who, String why, String mode);

    /** Sent with {@code true} when a shutdown starts (and {@code false} if it is cancelled). */
    class PrepareForShutdown extends DBusSignal {

        private final boolean start;

        /** Called by dbus-java. */
        public PrepareForShutdown(String path, boolean start) throws DBusException {
            super(path, start);
            this.start = start;
        }

        public boolean start() {
            return start;
        }
    }
}
