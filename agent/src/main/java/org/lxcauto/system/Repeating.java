package org.lxcauto.system;

import java.time.Duration;

/**
 * {@link Clock#scheduleEvery} on any clock: each run schedules the next, so a fake clock needs no
 * notion of periods, and a cancel stops whichever run is pending.
 */
final class Repeating implements Clock.Scheduled {

    private final Clock clock;
    private final Duration period;
    private final Runnable task;
    private Clock.Scheduled pending;
    private boolean cancelled;

    Repeating(Clock clock, Duration period, Runnable task) {
        this.clock = clock;
        this.period = period;
        this.task = task;
    }

    /** Schedules the next run; returns this, the handle that cancels all of them. */
    synchronized Repeating next() {
        if (!cancelled) {
            pending = clock.schedule(period, this::runOnce);
        }
        return this;
    }

    private void runOnce() {
        synchronized (this) {
            if (cancelled) {
                return;
            }
        }
        try {
            task.run();
        } finally {
            next();
        }
    }

    @Override
    public synchronized void cancel() {
        cancelled = true;
        if (pending != null) {
            pending.cancel();
        }
    }
}
