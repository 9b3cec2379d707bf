package org.lxcauto.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Waiting for an event until a deadline, on the real clock and on the fake one. */
@Timeout(5)
class ClockPollTest {

    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();

    @Test
    void systemClockWaitsUntilTheDeadlineAndNoLonger() throws Exception {
        SystemClock clock = new SystemClock();
        long begin = System.nanoTime();
        assertNull(clock.poll(queue, clock.now().plusMillis(200)));
        long waited = System.nanoTime() - begin;
        assertTrue(waited >= 150_000_000L && waited < 2_000_000_000L, "waited " + waited / 1_000_000 + " ms");
    }

    @Test
    void systemClockReturnsAnEventThatComesInTime() throws Exception {
        SystemClock clock = new SystemClock();
        new Thread(() -> queue.add("event")).start();
        assertEquals("event", clock.poll(queue, clock.now().plusSeconds(3)));
    }

    @Test
    void fakeClockNeverWaitsAndMovesToTheDeadlineWhenNothingCame() throws Exception {
        FakeClock clock = new FakeClock();
        long begin = System.nanoTime();
        assertNull(clock.poll(queue, FakeClock.START.plus(Duration.ofHours(1))));
        assertTrue(System.nanoTime() - begin < 1_000_000_000L);
        assertEquals(FakeClock.START.plus(Duration.ofHours(1)), clock.now());
        queue.add("event");
        assertEquals("event", clock.poll(queue, FakeClock.START.plus(Duration.ofHours(2))));
        assertEquals(FakeClock.START.plus(Duration.ofHours(1)), clock.now(), "an event that is there costs no time");
    }
}
