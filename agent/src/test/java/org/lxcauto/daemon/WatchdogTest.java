package org.lxcauto.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.lxcauto.lifecycle.LogCapture;
import org.lxcauto.system.FakeClock;

/**
 * The keep-alives in fake time: sent from the daemon loop every half of the watchdog timeout while
 * it turns, none while it is stuck, and from the timer for long work only within its bound.
 */
@SuppressWarnings("try") // leases held for the length of a block
class WatchdogTest {

    private final FakeClock clock = new FakeClock();
    private final DaemonLoop loop = new DaemonLoop(clock);
    /** When each WATCHDOG=1 was sent, in fake time since the start. */
    private final List<Duration> sent = new CopyOnWriteArrayList<>();
    private final Watchdog watchdog = new Watchdog(Optional.of(Duration.ofSeconds(2)), clock, loop::postUrgent,
            state -> {
                assertEquals(Watchdog.KEEP_ALIVE, state);
                sent.add(clock.elapsed());
            });

    @Test
    void aLoopThatTurnsSendsAKeepAliveEveryHalfOfTheTimeout() {
        watchdog.start();
        for (int i = 0; i < 100; i++) { // the loop turns every 100 ms, as an idle one would at once
            clock.advance(Duration.ofMillis(100));
            loop.runQueued(() -> false);
        }
        assertEquals(IntStream.rangeClosed(1, 10).mapToObj(Duration::ofSeconds).toList(), sent);
    }

    @Test
    void aBlockedLoopSendsNoneUntilItTurnsAgain() throws Exception {
        watchdog.start();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        loop.post(() -> {
            blocked.countDown();
            try {
                release.await(); // a call that does not return
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread loopThread = new Thread(() -> loop.runQueued(() -> false), "loop");
        loopThread.start();
        blocked.await();

        clock.advance(Duration.ofSeconds(10)); // five periods: five ticks come due
        assertEquals(List.of(), sent, "a stuck loop sends no keep-alive");

        release.countDown();
        loopThread.join(10_000);
        assertEquals(List.of(Duration.ofSeconds(10)), sent, "the loop turns again: one keep-alive, not five queued ones");
        clock.advance(Duration.ofSeconds(1));
        loop.runQueued(() -> false);
        assertEquals(List.of(Duration.ofSeconds(10), Duration.ofSeconds(11)), sent);
    }

    @Test
    void longWorkKeepsThemGoingWhileWithinItsBoundAndProgressRenewsIt() {
        watchdog.start();
        try (LogCapture log = new LogCapture(Watchdog.class);
                Watchdog.Lease busy = watchdog.busy("the reload", Duration.ofSeconds(5))) {
            // The loop runs the long work: nothing it queued runs, the timer sends.
            clock.advance(Duration.ofSeconds(4));
            watchdog.progress(); // a container became ready at 4 s: 5 s more from here
            clock.advance(Duration.ofSeconds(10));
            assertEquals(IntStream.rangeClosed(1, 8).mapToObj(Duration::ofSeconds).toList(), sent,
                    "within the bound (until 9 s) the timer sends; after it, nothing");
            assertTrue(log.all().contains("WARN daemon: the reload has made no progress for 5 s"), log.all());
        }
        loop.runQueued(() -> false); // the work ended: the loop turns and sends again
        assertEquals(9, sent.size());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(9, sent.size(), "the lease is over: only the loop sends");
        loop.runQueued(() -> false);
        assertEquals(10, sent.size());
    }

    @Test
    void nestedLeasesCountTheInnerOneUntilItEnds() {
        watchdog.start();
        try (Watchdog.Lease outer = watchdog.busy("the stop of every container", Duration.ofSeconds(100))) {
            try (Watchdog.Lease inner = watchdog.busy("something quick", Duration.ofSeconds(1))) {
                clock.advance(Duration.ofSeconds(3));
            }
            int afterInner = sent.size();
            clock.advance(Duration.ofSeconds(3));
            assertEquals(afterInner + 3, sent.size(), "the outer lease counts again");
        }
    }

    @Test
    void withoutATimeoutNothingIsScheduledOrSent() {
        Watchdog none = new Watchdog(Optional.empty(), clock, loop::postUrgent, state -> sent.add(clock.elapsed()));
        none.start();
        assertEquals(List.of(), clock.pending());
        try (Watchdog.Lease busy = none.busy("a start", Duration.ofSeconds(5))) {
            clock.advance(Duration.ofSeconds(10));
        }
        loop.runQueued(() -> false);
        assertEquals(List.of(), sent);
    }

    @Test
    void closeEndsTheKeepAlives() {
        watchdog.start();
        clock.advance(Duration.ofSeconds(1));
        loop.runQueued(() -> false);
        watchdog.close();
        clock.advance(Duration.ofSeconds(5));
        loop.runQueued(() -> false);
        assertEquals(List.of(Duration.ofSeconds(1)), sent);
        assertEquals(List.of(), clock.pending());
    }

}
