package org.lxcauto.state;

/** What happened to one container in a boot or shutdown. */
public enum Outcome {
    /** Started and passed its readiness check. */
    READY,
    /** Was already running; taken over instead of started twice. */
    ADOPTED,
    /** Start, readiness or bridge failed. */
    FAILED,
    /** Not started because a hard dependency did not become ready. */
    SKIPPED,
    /** Halted within its stop timeout. */
    CLEAN,
    /** Killed after ignoring its halt signal for its stop timeout. */
    FORCED,
    /** Was not running when its turn came. */
    NOT_RUNNING,
    /** The stop failed: the container may still be running. */
    STOP_FAILED;

    /** Whether the container is up after it: started and ready, or found running and adopted. */
    public boolean isUp() {
        return this == READY || this == ADOPTED;
    }
}
