package org.lxcauto.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One step in a container's life, as lxc-auto acts on it: the same fact the log line tells, in a
 * form the journal, the metrics and the status can count on without parsing the text.
 *
 * <p>A start ends in exactly one of {@code ready}, {@code adopted}, {@code failed} or
 * {@code skipped} (after a {@code starting}, unless it failed while waiting for a bridge); a stop
 * ends in {@code stopped-clean}, {@code stopped-forced} or {@code failed} (after a
 * {@code stopping}). {@code restarting} and {@code gave-up} come from the restart policy.
 *
 * @param container the container's name, as in the configuration
 * @param kind what happened
 * @param at when, by the agent's clock
 * @param took how long the step took: for ready and adopted since the start began, for
 *     stopped-* since the stop began, for failed since its start or stop began; null where it
 *     does not apply (starting, stopping, skipped, restarting, gave-up, a failure before the start)
 * @param message the line that tells it, as logged; for failed and gave-up it says where and why
 */
public record ContainerEvent(String container, Kind kind, Instant at, Duration took, String message) {

    /** What happened to the container; {@link #journalName} is its {@code LXC_AUTO_EVENT=} spelling. */
    public enum Kind {
        /** Its start begins (lxc-start is run). */
        STARTING,
        /** It started and passed its readiness check (a one-shot container: its job exited 0). */
        READY,
        /** It was running already, was taken over, and passed its readiness check. */
        ADOPTED,
        /** Its start or its stop failed; the message says where and why. */
        FAILED,
        /** Not started because a container it requires did not become ready. */
        SKIPPED,
        /** Its stop begins (stop-exec, or the halt signal). */
        STOPPING,
        /** It halted within its stop timeout (or was found stopped already). */
        STOPPED_CLEAN,
        /** It ignored its halt for its stop timeout and was killed. */
        STOPPED_FORCED,
        /** It died while the restart policy watched it; it is started again after a backoff. */
        RESTARTING,
        /** It died too often in a row; the restart policy leaves it stopped. */
        GAVE_UP;

        /** {@code stopped-clean}, {@code gave-up}, ...: the journal field's and the documentation's spelling. */
        public String journalName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** {@link #took}, for sinks that would rather not test for null. */
    public Optional<Duration> duration() {
        return Optional.ofNullable(took);
    }
}
