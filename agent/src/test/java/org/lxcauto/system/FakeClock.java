package org.lxcauto.system;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A {@link Clock} for unit tests: time starts at a fixed instant and moves only when a test calls
 * {@link #advance} or the code under test calls {@link #sleep}, which returns at once after moving
 * time forward and recording how long was asked for. Timeouts of minutes thus run in microseconds,
 * and backoff intervals can be asserted exactly.
 *
 * <p>Scheduled tasks run when time reaches them, in order of their time and then of scheduling,
 * on the thread that moves time, each with {@link #now} at its own time. A wait on a queue
 * ({@link #poll}, {@link #take}) that finds nothing treats the test as idle: time moves on to the
 * next scheduled task (or the deadline), never waiting in real time for it.
 *
 * <p>Thread-safe: the lifecycle calls it from several worker threads at once. Time is shared, so
 * two threads sleeping concurrently both move it forward. Tasks run outside its lock.
 */
public final class FakeClock implements Clock {

    /** Where every FakeClock starts unless told otherwise. */
    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final Instant start;
    private Instant now;
    private final List<Duration> sleeps = new ArrayList<>();
    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            Comparator.comparing((Task t) -> t.due).thenComparingLong(t -> t.order));
    private long scheduled;

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
     * Records {@code duration} and moves time forward by it, running the tasks that come due
     * (non-positive durations are recorded and change nothing). Honours interruption like
     * {@link Thread#sleep}, so code that is cancelled while "sleeping" behaves as in production.
     */
    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while sleeping " + duration);
        }
        synchronized (this) {
            sleeps.add(duration);
        }
        if (!duration.isNegative()) {
            forward(duration);
        }
    }

    @Override
    public synchronized Scheduled schedule(Duration delay, Runnable task) {
        Task t = new Task(delay.isNegative() ? now : now.plus(delay), scheduled++, task);
        tasks.add(t);
        return t;
    }

    /**
     * What is in {@code queue} now; if nothing is, the scheduled tasks due by {@code deadline} run
     * one by one (each may bring an element), and failing that time moves to {@code deadline} (as if
     * the wait ran out) and the answer is null: a fake-clock test never waits in real time.
     */
    @Override
    public <T> T poll(BlockingQueue<T> queue, Instant deadline) throws InterruptedException {
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting until " + deadline);
            }
            T item = queue.poll();
            if (item != null) {
                return item;
            }
            if (!runNext(deadline)) {
                synchronized (this) {
                    if (deadline.isAfter(now)) {
                        now = deadline;
                    }
                }
                return null;
            }
        }
    }

    /**
     * What is in {@code queue} now; if nothing is, the next scheduled task runs (time moving to
     * it), and so on; with no task left, a real wait for another thread to bring an element.
     */
    @Override
    public <T> T take(BlockingQueue<T> queue) throws InterruptedException {
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting");
            }
            T item = queue.poll();
            if (item != null) {
                return item;
            }
            if (!runNext(null)) {
                return queue.take();
            }
        }
    }

    /**
     * Moves time forward, as if {@code duration} passed while something else happened; the tasks
     * that come due run on the way, in order, each at its own time.
     */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration (" + duration + ") must not be negative: time never goes back");
        }
        forward(duration);
    }

    /** Adds {@code duration} to the time, stopping at each task due on the way to run it. */
    private void forward(Duration duration) {
        Duration left = duration;
        while (true) {
            Task due;
            synchronized (this) {
                Instant target = now.plus(left);
                due = tasks.peek();
                if (due == null || due.due.isAfter(target)) {
                    now = target;
                    return;
                }
                tasks.poll();
                if (due.due.isAfter(now)) {
                    left = Duration.between(due.due, target);
                    now = due.due;
                }
            }
            due.task.run();
        }
    }

    /** Runs the earliest task if it is due by {@code limit} (any, for null), moving time to it; false if none. */
    private boolean runNext(Instant limit) {
        Task due;
        synchronized (this) {
            due = tasks.peek();
            if (due == null || (limit != null && due.due.isAfter(limit))) {
                return false;
            }
            tasks.poll();
            if (due.due.isAfter(now)) {
                now = due.due;
            }
        }
        due.task.run();
        return true;
    }

    /** Every duration passed to {@link #sleep}, in call order. */
    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /** How long from now each scheduled task that has not run (nor been cancelled) is due, soonest first. */
    public synchronized List<Duration> pending() {
        return tasks.stream().sorted(tasks.comparator()).map(t -> Duration.between(now, t.due)).toList();
    }

    /** Time passed since the clock was created. */
    public synchronized Duration elapsed() {
        return Duration.between(start, now);
    }

    private final class Task implements Scheduled {
        final Instant due;
        final long order;
        final Runnable task;

        Task(Instant due, long order, Runnable task) {
            this.due = due;
            this.order = order;
            this.task = task;
        }

        @Override
        public void cancel() {
            synchronized (FakeClock.this) {
                tasks.remove(this);
            }
        }
    }
}
