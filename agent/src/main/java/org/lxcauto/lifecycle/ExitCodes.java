package org.lxcauto.lifecycle;

/** The exit statuses (docs/commands.md, exit statuses), in one place. */
public final class ExitCodes {

    /** Everything succeeded. */
    public static final int OK = 0;
    /** Everything failed (boot), or a stop failed (shutdown). */
    public static final int FAILURE = 1;
    /** Some containers failed (boot) or had to be forced (shutdown). */
    public static final int PARTIAL = 2;
    /** {@code status}: the daemon is not running (LSB). */
    public static final int NOT_RUNNING = 3;
    /**
     * Nothing was done: another lxc-auto holds the agent lock (a daemon runs, or the wait for another
     * command ran out); sysexits EX_TEMPFAIL, "try again later".
     */
    public static final int LOCKED = 75;
    /** Command-line usage error (sysexits EX_USAGE). */
    public static final int USAGE = 64;
    /** Invalid configuration (sysexits EX_CONFIG). */
    public static final int CONFIG = 78;

    private ExitCodes() {
    }
}
