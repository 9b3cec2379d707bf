package org.lxcauto.lifecycle;

import org.lxcauto.state.Outcome;

/**
 * Hears each container's outcome the moment it is known. The daemon turns these into systemd
 * {@code STATUS=} lines ("12/30 containers ready") and {@code ContainerStateChanged} signals.
 */
public interface Progress {

    /**
     * @param container the container
     * @param outcome what happened to it
     * @param finished how many containers of this run have an outcome now
     * @param total how many the run acts on
     */
    void outcome(String container, Outcome outcome, int finished, int total);

    /** For runs nobody watches. */
    Progress NONE = (container, outcome, finished, total) -> { };
}
