package org.lxcauto.container;

import java.nio.file.Path;

/**
 * The containers' state changes as LXC announces them, so that the restart policy learns of a
 * death from an event rather than by polling. {@link LxcMonitor} follows {@code lxc-monitor}; unit
 * tests post changes through a fake.
 */
public interface ContainerMonitor {

    /**
     * Tells {@code listener} of every state change of every container under {@code lxcpath}, from
     * now until the returned watch is closed. The listener is called on a thread of the monitor's
     * own, in the order LXC announced the changes: it must only hand the change on.
     *
     * @throws org.lxcauto.system.CommandException when the monitor cannot run at all
     */
    Watch watch(Path lxcpath, Listener listener);

    /** Hears one state change. */
    @FunctionalInterface
    interface Listener {
        void changed(String container, ContainerState state);
    }

    /** A watch started by {@link #watch}; closing it ends it. */
    @FunctionalInterface
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }
}
