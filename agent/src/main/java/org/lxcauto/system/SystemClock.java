package org.lxcauto.system;

import java.time.Duration;
import java.time.Instant;

/** {@link Clock} backed by the JVM's wall clock and {@link Thread#sleep}. */
public final class SystemClock implements Clock {

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
}
