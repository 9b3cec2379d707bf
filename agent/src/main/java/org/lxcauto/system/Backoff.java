package org.lxcauto.system;

import java.time.Duration;

/**
 * The one backoff of every probing wait (readiness probes, a one-shot's exit, a {@code tcp:} gate):
 * the first interval, then doubled after each attempt up to a ceiling. A probe that succeeds fast
 * is noticed fast, and one that takes minutes costs a probe per ceiling, not a busy loop.
 * Not thread-safe: one per wait.
 */
public final class Backoff {

    private final Duration max;
    private Duration interval;

    public Backoff(Duration first, Duration max) {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff from " + first + " to " + max + " must grow from a positive first");
        }
        this.interval = first;
        this.max = max;
    }

    /** The interval to wait now; the next call gives it doubled, up to the ceiling. */
    public Duration next() {
        Duration now = interval;
        Duration doubled = interval.multipliedBy(2);
        interval = doubled.compareTo(max) < 0 ? doubled : max;
        return now;
    }

    /** Sleeps {@link #next()} on {@code clock}, or only what is {@code left} if that is less. */
    public void pause(Clock clock, Duration left) throws InterruptedException {
        Duration wait = next();
        clock.sleep(wait.compareTo(left) < 0 ? wait : left);
    }
}
