package org.lxcauto.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Doing something later, on the real clock and on the fake one. */
@Timeout(5)
class ClockScheduleTest {

    private final FakeClock fake = new FakeClock();
    private final List<String> ran = new CopyOnWriteArrayList<>();

    private Runnable note(String what) {
        return () -> ran.add(what + "@" + fake.elapsed().toMillis());
    }

    @Test
    void systemClockRunsATaskAfterItsDelayAndNotACancelledOne() throws Exception {
        SystemClock clock = new SystemClock();
        CountDownLatch done = new CountDownLatch(1);
        long begin = System.nanoTime();
        clock.schedule(Duration.ofMillis(100), done::countDown);
        Clock.Scheduled cancelled = clock.schedule(Duration.ofMillis(50), () -> ran.add("cancelled"));
        cancelled.cancel();
        assertTrue(done.await(3, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - begin >= 90_000_000L, "ran before its delay");
        assertEquals(List.of(), ran);
    }

    @Test
    void systemClockRepeatsUntilCancelled() throws Exception {
        SystemClock clock = new SystemClock();
        CountDownLatch three = new CountDownLatch(3);
        Clock.Scheduled every = clock.scheduleEvery(Duration.ofMillis(20), three::countDown);
        assertTrue(three.await(3, TimeUnit.SECONDS));
        every.cancel();
        long after = three.getCount();
        // The timer runs its tasks in order: once a later one has run, a tick due before it would have too.
        CountDownLatch later = new CountDownLatch(1);
        clock.schedule(Duration.ofMillis(100), later::countDown);
        assertTrue(later.await(3, TimeUnit.SECONDS));
        assertEquals(after, three.getCount());
    }

    @Test
    void fakeClockRunsDueTasksInOrderEachAtItsOwnTime() {
        fake.schedule(Duration.ofSeconds(3), note("c"));
        fake.schedule(Duration.ofSeconds(1), note("a"));
        fake.schedule(Duration.ofSeconds(1), note("b"));
        fake.schedule(Duration.ofSeconds(9), note("late"));
        fake.advance(Duration.ofSeconds(5));
        assertEquals(List.of("a@1000", "b@1000", "c@3000"), ran);
        assertEquals(Duration.ofSeconds(5), fake.elapsed());
        assertEquals(List.of(Duration.ofSeconds(4)), fake.pending());
    }

    @Test
    void fakeClockNeverRunsACancelledTask() {
        Clock.Scheduled task = fake.schedule(Duration.ofMillis(500), note("cancelled"));
        task.cancel();
        fake.advance(Duration.ofSeconds(1));
        assertEquals(List.of(), ran);
        assertEquals(List.of(), fake.pending());
    }

    @Test
    void aTaskScheduledByATaskRunsInTheSameAdvanceWhenItComesDue() {
        fake.schedule(Duration.ofSeconds(1), () -> {
            ran.add("first@" + fake.elapsed().toMillis());
            fake.schedule(Duration.ofSeconds(1), note("second"));
        });
        fake.advance(Duration.ofSeconds(10));
        assertEquals(List.of("first@1000", "second@2000"), ran);
    }

    @Test
    void fakeClockRepeatsEveryPeriodUntilCancelled() {
        Clock.Scheduled every = fake.scheduleEvery(Duration.ofSeconds(5), note("tick"));
        fake.advance(Duration.ofSeconds(16));
        assertEquals(List.of("tick@5000", "tick@10000", "tick@15000"), ran);
        every.cancel();
        fake.advance(Duration.ofSeconds(60));
        assertEquals(3, ran.size());
    }

    @Test
    void periodMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> fake.scheduleEvery(Duration.ZERO, note("never")));
    }

    @Test
    void sleepingRunsWhatComesDueMeanwhile() throws Exception {
        fake.schedule(Duration.ofMillis(200), note("timer"));
        fake.sleep(Duration.ofSeconds(1));
        assertEquals(List.of("timer@200"), ran);
    }

    @Test
    void pollRunsTasksBeforeItsDeadlineAndReturnsWhatTheyBring() throws Exception {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        fake.schedule(Duration.ofSeconds(30), () -> queue.add("event"));
        assertEquals("event", fake.poll(queue, FakeClock.START.plus(Duration.ofHours(1))));
        assertEquals(Duration.ofSeconds(30), fake.elapsed(), "the event came at the task's time, not the deadline");
        fake.schedule(Duration.ofHours(2), () -> queue.add("too late"));
        Instant deadline = fake.now().plusSeconds(60);
        assertNull(fake.poll(queue, deadline));
        assertEquals(deadline, fake.now());
        assertEquals(1, fake.pending().size(), "a task after the deadline waits for its time");
    }

    @Test
    void takeMovesToTheNextTaskWhenNothingIsQueued() throws Exception {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        fake.schedule(Duration.ofMinutes(10), () -> queue.add("held"));
        assertEquals("held", fake.take(queue));
        assertEquals(Duration.ofMinutes(10), fake.elapsed());
    }
}
