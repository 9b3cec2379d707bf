package org.lxcauto.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The timeline of one container in one boot or shutdown, as saved in the state directory and
 * shown by {@code status}, {@code blame} and {@code plot}.
 *
 * @param name the container
 * @param outcome what happened
 * @param waitedFor what it waited for (dependencies at boot, dependents at shutdown)
 * @param begin when lxc-start (or the stop request) was issued; null if never
 * @param end when it was ready (or stopped); null if never
 * @param released when those waiting for it could go on (end + start-delay)
 * @param ipv4 its address when it became ready, if any
 * @param error why it failed or was skipped; null on success
 */
public record ContainerRecord(String name, Outcome outcome, List<String> waitedFor, Instant begin, Instant end,
        Instant released, String ipv4, String error) {

    /** Time from begin to end, or null when either is missing. */
    public Duration duration() {
        return begin == null || end == null ? null : Duration.between(begin, end);
    }
}
