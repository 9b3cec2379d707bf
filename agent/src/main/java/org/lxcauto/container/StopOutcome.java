package org.lxcauto.container;

/** How a container went down. */
public enum StopOutcome {
    /** Its init halted within the stop timeout after the halt signal. */
    CLEAN,
    /** It ignored the halt signal (or was too slow) and was killed. */
    FORCED,
    /** It was not running. */
    NOT_RUNNING
}
