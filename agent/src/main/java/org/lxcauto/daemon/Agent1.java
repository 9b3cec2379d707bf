package org.lxcauto.daemon;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;

/**
 * The daemon's D-Bus API, {@value #NAME} at {@value #PATH} on the system bus (docs/daemon.md, the
 * D-Bus API). Who may call what is decided by the bus, from the shipped policy file: everyone may
 * read ({@link #Status}), only root may change anything.
 */
@DBusInterfaceName(Agent1.NAME)
public interface Agent1 extends DBusInterface {

    /** Bus name and interface name. */
    String NAME = "org.lxcauto.Agent1";
    /** Object path. */
    String PATH = "/org/lxcauto/Agent1";

    /** The {@code status --json} document, with daemonRunning true. */
    String Status();

    /**
     * Starts a container after its dependencies; the {@code lxc-auto start} exit status, once it
     * is ready or has failed (so callers need a reply timeout longer than its start timeout).
     *
     * @throws org.lxcauto.Agent1.Error.InvalidName at once, for a name no container can have
     * @throws org.lxcauto.Agent1.Error.UnknownContainer for a name with no usable autostart entry
     */
    int Start(String name);

    /**
     * Stops a container after its running dependents; the {@code lxc-auto stop} exit status, once
     * they are down.
     *
     * @throws org.lxcauto.Agent1.Error.InvalidName at once, for a name no container can have
     * @throws org.lxcauto.Agent1.Error.NotRunning for a container that does not run
     */
    int Stop(String name);

    /** Re-reads the configuration and starts what became enabled; the {@code lxc-auto reload} exit status. */
    int Reload();

    /** A container changed state ("ready", "failed", "stopped", "restarting", ...). */
    class ContainerStateChanged extends DBusSignal {

        private final String container;
        private final String state;

        /** Called by dbus-java, and by the daemon to emit it. */
        public ContainerStateChanged(String path, String container, String state) throws DBusException {
            super(path, container, state);
            this.container = container;
            this.state = state;
        }

        public String container() {
            return container;
        }

        public String state() {
            return state;
        }
    }
}
