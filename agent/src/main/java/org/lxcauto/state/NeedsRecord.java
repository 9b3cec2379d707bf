package org.lxcauto.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A container's wait for its {@code needs} in one boot: part of its time to ready, shown by
 * {@code blame} and drawn by {@code plot} as the first segment of its bar.
 *
 * @param begin when the wait began
 * @param end when it ended: every need held, or the start-timeout ran out; null while it lasts
 * @param needs each need, in the order of the entry
 */
public record NeedsRecord(Instant begin, Instant end, List<Need> needs) {

    /** The time waited, or null when either end is missing. */
    public Duration duration() {
        return begin == null || end == null ? null : Duration.between(begin, end);
    }

    /**
     * One need.
     *
     * @param need as written in the entry, canonical ({@code mount:/srv/data})
     * @param met when it was found to hold; null if it never did
     */
    public record Need(String need, Instant met) {
    }
}
