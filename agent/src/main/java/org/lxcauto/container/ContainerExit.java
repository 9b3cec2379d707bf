package org.lxcauto.container;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a container's init ended, as LXC logged it ("Child <pid> ended on signal Killed(9)"). The
 * restart policy needs it: a container that powered itself off stays off unless {@code restart =
 * always}; one that was killed or crashed is restarted under {@code on-failure}.
 *
 * @param cause the kind of end
 * @param detail LXC's own words, for messages
 */
public record ContainerExit(Cause cause, String detail) {

    /** LXC's words for an init that exited with a non-zero status N. */
    private static final Pattern ERROR_STATUS = Pattern.compile("ended on error \\((\\d+)\\)");

    /** The kinds of end. */
    public enum Cause {
        /** The container powered itself off (its init got SIGINT from the kernel). */
        POWEROFF,
        /** The container rebooted itself (SIGHUP); LXC starts it again by itself. */
        REBOOT,
        /** Its init exited with status 0. */
        EXITED,
        /** Killed by another signal, or exited with an error: a failure. */
        FAILED,
        /** Nothing was logged (no log, or not started by lxc-auto). */
        UNKNOWN
    }

    public boolean failure() {
        return cause == Cause.FAILED || cause == Cause.UNKNOWN;
    }

    /**
     * The init's exit status, where it exited rather than died of a signal: 0 for {@link
     * Cause#EXITED}, N for LXC's "ended on error (N)"; empty otherwise. A one-shot container's
     * verdict ({@code ready = exited}) is this number.
     */
    public OptionalInt exitStatus() {
        if (cause == Cause.EXITED) {
            return OptionalInt.of(0);
        }
        Matcher status = ERROR_STATUS.matcher(detail);
        return cause == Cause.FAILED && status.find() ? OptionalInt.of(Integer.parseInt(status.group(1))) : OptionalInt.empty();
    }

    /** Reads LXC's "Child <pid> ended on signal NAME(N)" / "ended with error N" line. */
    public static ContainerExit fromLogLine(String line) {
        if (line == null) {
            return new ContainerExit(Cause.UNKNOWN, "no exit was logged");
        }
        String detail = line.substring(line.indexOf("Child")).strip();
        if (detail.contains("ended on signal Interrupt(2)")) {
            return new ContainerExit(Cause.POWEROFF, detail);
        }
        if (detail.contains("ended on signal Hangup(1)")) {
            return new ContainerExit(Cause.REBOOT, detail);
        }
        return new ContainerExit(Cause.FAILED, detail);
    }
}
