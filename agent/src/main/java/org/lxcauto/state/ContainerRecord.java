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
 * @param needs its wait for its {@code needs} before {@code begin}; null when it has none (or never
 *     got that far), and in records written before there were needs
 */
public record ContainerRecord(String name, Outcome outcome, List<String> waitedFor, Instant begin, Instant end,
        Instant released, String ipv4, String error, NeedsRecord needs) {

    /** A container without needs. */
    public ContainerRecord(String name, Outcome outcome, List<String> waitedFor, Instant begin, Instant end,
            Instant released, String ipv4, String error) {
        this(name, outcome, waitedFor, begin, end, released, ipv4, error, null);
    }

    /** When its start began: the wait for its needs, else the start itself; null if neither happened. */
    public Instant start() {
        return needs != null && needs.begin() != null ? needs.begin() : begin;
    }

    /** Time from {@link #start} to end (so time to ready includes the wait for needs), or null when either is missing. */
    public Duration duration() {
        Instant from = start();
        return from == null || end == null || begin == null ? null : Duration.between(from, end);
    }
}
