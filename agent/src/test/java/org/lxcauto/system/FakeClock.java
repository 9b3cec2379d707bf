package org.lxcauto.system;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Clock} for unit tests: time starts at a fixed instant and moves only when a test calls
 * {@link #advance} or the code under test calls {@link #sleep}, which returns at once after moving
 * time forward and recording how long was asked for. Timeouts of minutes thus run in microseconds,
 * and backoff intervals can be asserted exactly.
 *
 * <p>Thread-safe: the lifecycle calls it from several worker threads at once. Time is shared, so
 * two threads sleeping concurrently both move it forward.
 */
public final class FakeClock implements Clock {

    /** Where every FakeClock starts unless told otherwise. */
    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final Instant start;
    private Instant now;
    private final List<Duration> sleeps = new ArrayList<>();

    public FakeClock() {
        this(START);
    }

    public FakeClock(Instant start) {
        this.start = start;
        this.now = start;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    /**
     * Records {@code duration} and moves time forward by it (non-positive durations are recorded
     * and change nothing). Honours interruption like {@link Thread#sleep}, so code that is cancelled
     * while "sleeping" behaves as in production.
     */
    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while sleeping " + duration);
        }
        synchronized (this) {
            sleeps.add(duration);
            if (!duration.isNegative()) {
                now = now.plus(duration);
            }
        }
    }

    /**
     * What is in {@code queue} now; if nothing is, time moves to {@code deadline} (as if the wait
     * ran out) and the answer is null: a fake-clock test never waits in real time.
     */
    @Override
    public <T> T poll(java.util.concurrent.BlockingQueue<T> queue, Instant deadline) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while waiting until " + deadline);
        }
        T item = queue.poll();
        if (item == null) {
            synchronized (this) {
                if (deadline.isAfter(now)) {
                    now = deadline;
                }
            }
        }
        return item;
    }

    /** Moves time forward, as if {@code duration} passed while something else happened. */
    public synchronized void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration (" + duration + ") must not be negative: time never goes back");
        }
        now = now.plus(duration);
    }

    /** Every duration passed to {@link #sleep}, in call order. */
    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /** Time passed since the clock was created. */
    public synchronized Duration elapsed() {
        return Duration.between(start, now);
    }
}
