package org.lxcauto.network;

import java.time.Duration;

/**
 * Tells when a network interface exists on the host, without sleep-polling: the real
 * implementation listens to the kernel's link events.
 */
public interface LinkWatcher {

    /** Whether interface {@code name} exists now; cheap (no process, no waiting). */
    boolean exists(String name);

    /** True as soon as interface {@code name} exists; false if it still does not after {@code timeout}. */
    boolean awaitLink(String name, Duration timeout) throws InterruptedException;

    /** A short description of the interface's state, for error messages ("missing", "down", "up"). */
    String describe(String name);
}
