package org.lxcauto.system;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The agent's only source of time, and the only thing that waits.
 *
 * <p>Everything that reads the wall clock, waits, or does something later goes through this
 * interface so that the planner, the orchestration and the daemon can be tested with
 * {@code FakeClock} in milliseconds, while the real agent uses {@link SystemClock}. A fake clock
 * decides what "until the deadline" and "in five seconds" mean; code that asked the JVM directly
 * would wait in real time under test.
 */
public interface Clock {

    /** The current instant. */
    Instant now();

    /** Blocks the calling thread for {@code duration}; returns at once for a non-positive one. */
    void sleep(Duration duration) throws InterruptedException;

    /**
     * Runs {@code task} once {@code delay} has passed (at once for a non-positive one), unless it is
     * cancelled first. The task runs on a thread of the clock's: it must be short and must not block
     * (hand the work to a queue), or it holds back every other scheduled task.
     */
    Scheduled schedule(Duration delay, Runnable task);

    /**
     * Runs {@code task} every {@code period}, the first time after one period, until cancelled.
     * Built on {@link #schedule}, so the same rules apply to the task.
     */
    default Scheduled scheduleEvery(Duration period, Runnable task) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period (" + period + ") must be positive");
        }
        return new Repeating(this, period, task).next();
    }

    /**
     * The next element of {@code queue}, waiting for one until {@code deadline}; null when none
     * came by then. Every wait for an event with a deadline goes through here, so that a fake
     * clock decides what "until the deadline" means.
     */
    default <T> T poll(BlockingQueue<T> queue, Instant deadline) throws InterruptedException {
        Duration left = remaining(deadline);
        return left.isZero() ? queue.poll() : queue.poll(left.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * The next element of {@code queue}, waiting as long as it takes. A coordinator that waits for
     * its workers and its own scheduled tasks waits here, so that under a fake clock time moves on
     * to the next scheduled task while nothing is queued.
     */
    default <T> T take(BlockingQueue<T> queue) throws InterruptedException {
        return queue.take();
    }

    /** Time left until {@code deadline}, never negative. */
    default Duration remaining(Instant deadline) {
        Duration left = Duration.between(now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** A task given to {@link #schedule}. */
    @FunctionalInterface
    interface Scheduled {

        /** The task will not run (if it has not yet begun); cancelling twice, or after it ran, does nothing. */
        void cancel();
    }
}
