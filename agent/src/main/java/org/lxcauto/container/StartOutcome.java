package org.lxcauto.container;

/** What a start found. */
public enum StartOutcome {
    /** The container was stopped and is running now. */
    STARTED,
    /** It was running already (started by hand, or by an earlier run); nothing was done to it. */
    ALREADY_RUNNING
}
