package org.lxcauto.system;

import java.time.Duration;
import java.time.Instant;

/**
 * The agent's only source of time.
 *
 * <p>Everything that reads the wall clock or waits goes through this interface so that the
 * planner and the orchestration can be tested with {@code FakeClock} in milliseconds, while the
 * real agent uses {@link SystemClock}.
 */
public interface Clock {

    /** The current instant. */
    Instant now();

    /** Blocks the calling thread for {@code duration}; returns at once for a non-positive one. */
    void sleep(Duration duration) throws InterruptedException;

    /**
     * The next element of {@code queue}, waiting for one until {@code deadline}; null when none
     * came by then. Every wait for an event with a deadline goes through here, so that a fake
     * clock decides what "until the deadline" means.
     */
    default <T> T poll(java.util.concurrent.BlockingQueue<T> queue, Instant deadline) throws InterruptedException {
        Duration left = remaining(deadline);
        return left.isZero() ? queue.poll() : queue.poll(left.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Time left until {@code deadline}, never negative. */
    default Duration remaining(Instant deadline) {
        Duration left = Duration.between(now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
