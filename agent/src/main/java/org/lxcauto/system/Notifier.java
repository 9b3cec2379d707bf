package org.lxcauto.system;

/**
 * Tells the init system how the daemon is doing: systemd's {@code sd_notify} protocol
 * ({@code READY=1}, {@code STATUS=...}, {@code STOPPING=1}, {@code EXTEND_TIMEOUT_USEC=...},
 * {@code WATCHDOG=1}).
 */
public interface Notifier {

    /** Sends one or more newline-separated {@code KEY=VALUE} assignments; never fails the caller. */
    void notify(String state);

    /** A notifier for hosts without systemd (no {@code NOTIFY_SOCKET}): does nothing. */
    Notifier NONE = state -> { };
}
