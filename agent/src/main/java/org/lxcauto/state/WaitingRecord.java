package org.lxcauto.state;

import java.time.Instant;
import java.util.List;

/**
 * {@code waiting.json}: which containers a running boot is holding back for their {@code needs},
 * so that {@code status}, another process, can say so while it lasts. Only a record whose writer
 * still runs is believed: one left by an agent that died is stale.
 *
 * @param pid the agent that wrote it
 * @param containers the containers waiting now
 */
public record WaitingRecord(long pid, List<Container> containers) {

    /**
     * One waiting container.
     *
     * @param name the container
     * @param needs the needs not met yet, as written in its entry
     * @param since when its wait began
     */
    public record Container(String name, List<String> needs, Instant since) {
    }
}
