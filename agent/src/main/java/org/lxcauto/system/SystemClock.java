package org.lxcauto.system;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@link Clock} backed by the JVM's wall clock, {@link Thread#sleep}, and one timer thread shared
 * by every scheduled task of the process.
 */
public final class SystemClock implements Clock {

    /**
     * One daemon thread for all scheduled tasks, which only hand work on: it never keeps the JVM
     * alive, and a cancelled task is dropped at once rather than kept until its time.
     */
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "clock-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (!duration.isNegative() && !duration.isZero()) {
            Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
        }
    }

    @Override
    public Scheduled schedule(Duration delay, Runnable task) {
        long nanos = delay.isNegative() ? 0 : delay.toNanos();
        ScheduledFuture<?> future = TIMER.schedule(task, nanos, TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }
}
