package org.lxcauto.system;

/**
 * POSIX signal handlers for the resident daemon (TERM, PWR, HUP). {@link JvmSignals} installs
 * real ones; a unit test raises signals through a fake, so the daemon's answers to them are tested
 * without sending any.
 */
public interface Signals {

    /**
     * Runs {@code handler} (on a thread of its own, never in signal context) whenever signal
     * {@code name} ("TERM", "PWR", "HUP") arrives. Handlers should only hand the event to the
     * daemon's loop.
     *
     * @throws IllegalStateException if the handler cannot be installed
     */
    void on(String name, Runnable handler);
}
