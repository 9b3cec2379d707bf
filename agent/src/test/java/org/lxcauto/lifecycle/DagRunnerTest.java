package org.lxcauto.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.lxcauto.plan.Plan;
import org.lxcauto.plan.Step;
import org.lxcauto.system.FakeClock;

/**
 * DagRunner with a fake StepTask: slots, dependency order, failures, holds (in fake time) and throwing tasks.
 * Order is checked with a logical clock (an AtomicInteger ticked at every start and end), not with
 * wall-clock guesses.
 */
@Timeout(10)
class DagRunnerTest {

    /** Holds (start delays) run on it; nothing else here reads it. */
    private final FakeClock clock = new FakeClock();

    /** Records when each run() started and ended on a shared logical clock, and the peak concurrency. */
    private static final class FakeTask implements StepTask {
        final AtomicInteger clock = new AtomicInteger();
        final AtomicInteger current = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
        final Map<String, Integer> started = new ConcurrentHashMap<>();
        final Map<String, Integer> ended = new ConcurrentHashMap<>();
        final Map<String, String> skipped = new ConcurrentHashMap<>();
        final Function<String, StepResult> outcome;
        final long busyMillis;

        FakeTask(long busyMillis, Function<String, StepResult> outcome) {
            this.busyMillis = busyMillis;
            this.outcome = outcome;
        }

        @Override
        public Settle launch(Step step) throws InterruptedException {
            return Settle.with(run(step));
        }

        StepResult run(Step step) throws InterruptedException {
            String name = step.name();
            started.put(name, clock.incrementAndGet());
            peak.accumulateAndGet(current.incrementAndGet(), Math::max);
            try {
                Thread.sleep(busyMillis);
                return outcome.apply(name);
            } finally {
                current.decrementAndGet();
                ended.put(name, clock.incrementAndGet());
            }
        }

        @Override
        public void skipped(Step step, String reason) {
            skipped.put(step.name(), reason);
        }
    }

    /** A step by name, with hard ({@code requires}) and soft ({@code orderedAfter}) dependencies. */
    private static Step step(String name, List<String> requires, List<String> orderedAfter) {
        return new Step(name, null, requires, orderedAfter, List.of(), 0, "test");
    }

    private static Step step(String name, String... requires) {
        return step(name, List.of(requires), List.of());
    }

    private static Plan plan(Step... steps) {
        return new Plan(Plan.Direction.START, List.of(steps), List.of());
    }

    private static void assertAfter(FakeTask task, String later, String earlier) {
        assertTrue(task.started.get(later) > task.ended.get(earlier),
                () -> "'" + later + "' started at " + task.started.get(later) + " before '" + earlier + "' ended at "
                        + task.ended.get(earlier));
    }

    @Test
    void neverMoreThanMaxParallelRunsAtOnce() throws InterruptedException {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            steps.add(step("s" + i));
        }
        FakeTask task = new FakeTask(40, name -> StepResult.success());
        Map<String, Boolean> ok = new DagRunner(3, clock).run(new Plan(Plan.Direction.START, steps, List.of()), task);
        assertEquals(10, ok.size());
        assertTrue(ok.values().stream().allMatch(b -> b));
        assertEquals(10, task.ended.size());
        assertTrue(task.peak.get() <= 3, () -> "peak " + task.peak.get());
        assertEquals(3, task.peak.get(), "ten 40 ms steps with three slots should fill all three");
    }

    @Test
    void oneSlotRunsStrictlyOneAtATime() throws InterruptedException {
        FakeTask task = new FakeTask(5, name -> StepResult.success());
        new DagRunner(1, clock).run(plan(step("a"), step("b"), step("c"), step("d")), task);
        assertEquals(1, task.peak.get());
        assertEquals(4, task.ended.size());
    }

    @Test
    void stepRunsOnlyAfterEverythingItWaitsFor() throws InterruptedException {
        FakeTask task = new FakeTask(10, name -> StepResult.success());
        Plan plan = plan(step("a"), step("x"), step("b", "a"), step("c", List.of(), List.of("b", "x")),
                step("d", List.of("a", "c"), List.of()));
        Map<String, Boolean> ok = new DagRunner(4, clock).run(plan, task);
        assertEquals(Map.of("a", true, "x", true, "b", true, "c", true, "d", true), ok);
        assertAfter(task, "b", "a");
        assertAfter(task, "c", "b");
        assertAfter(task, "c", "x");
        assertAfter(task, "d", "a");
        assertAfter(task, "d", "c");
    }

    @Test
    void failedRequirementSkipsHardDependentsButNotSoftOnes() throws InterruptedException {
        FakeTask task = new FakeTask(5, name -> name.equals("db") ? StepResult.failure("timeout") : StepResult.success());
        Plan plan = plan(step("db"), step("web", "db"), step("app", "web"), step("metrics", List.of(), List.of("db")),
                step("other"));
        Map<String, Boolean> ok = new DagRunner(2, clock).run(plan, task);
        assertEquals(Map.of("db", false, "web", false, "app", false, "metrics", true, "other", true), ok);
        assertEquals(Map.of("web", "needs 'db', which did not become ready", "app",
                "needs 'web', which did not become ready"), task.skipped);
        assertFalse(task.started.containsKey("web"));
        assertFalse(task.started.containsKey("app"));
        assertAfter(task, "metrics", "db");
    }

    @Test
    void anHourOfStartDelayPassesInFakeTimeAndHoldsNoSlot() throws InterruptedException {
        List<String> launched = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<String, Instant> launchedAt = new ConcurrentHashMap<>();
        StepTask task = new StepTask() {
            @Override
            public Settle launch(Step step) {
                launched.add(step.name());
                launchedAt.put(step.name(), clock.now());
                return Settle.with(step.name().equals("a") ? StepResult.success(Duration.ofHours(1)) : StepResult.success());
            }

            @Override
            public void skipped(Step step, String reason) {
            }
        };
        // One slot: if the hold kept it, 'b' (earlier in the plan) would go before 'c' once it is over.
        Map<String, Boolean> ok = new DagRunner(1, clock).run(plan(step("a"), step("b", "a"), step("c")), task);
        assertEquals(Map.of("a", true, "b", true, "c", true), ok);
        assertEquals(List.of("a", "c", "b"), launched, "'c' launches during a's hold");
        assertFalse(launchedAt.get("b").isBefore(launchedAt.get("a").plus(Duration.ofHours(1))),
                () -> "'b' launched at " + launchedAt.get("b") + ", before a's hour of start delay was over");
        assertEquals(Duration.ofHours(1), clock.elapsed(), "the hold took its hour of fake time, and no more");
    }

    @Test
    void throwingTaskIsAFailedStep() throws InterruptedException {
        FakeTask task = new FakeTask(0, name -> {
            if (name.equals("bad")) {
                throw new IllegalStateException("boom");
            }
            return StepResult.success();
        });
        Map<String, Boolean> ok = new DagRunner(2, clock).run(plan(step("bad"), step("dep", "bad"), step("fine")), task);
        assertEquals(Map.of("bad", false, "dep", false, "fine", true), ok);
        assertEquals("needs 'bad', which did not become ready", task.skipped.get("dep"));
    }

    @Test
    void failedPrepareSkipsRunAndDependents() throws InterruptedException {
        FakeTask runs = new FakeTask(0, name -> StepResult.success());
        Map<String, Boolean> prepared = new ConcurrentHashMap<>();
        StepTask task = new StepTask() {
            @Override
            public boolean preconditionsMet(Step step) {
                return !step.name().startsWith("needs-");
            }

            @Override
            public StepResult prepare(Step step) {
                prepared.put(step.name(), true);
                return step.name().equals("needs-bridge") ? StepResult.failure("bridge br0 not up") : StepResult.success();
            }

            @Override
            public Settle launch(Step step) throws InterruptedException {
                return runs.launch(step);
            }

            @Override
            public void skipped(Step step, String reason) {
                runs.skipped(step, reason);
            }
        };
        Plan plan = plan(step("needs-bridge"), step("app", "needs-bridge"), step("needs-ok"), step("db"));
        Map<String, Boolean> ok = new DagRunner(2, clock).run(plan, task);
        assertEquals(Map.of("needs-bridge", false, "app", false, "needs-ok", true, "db", true), ok);
        assertEquals(Map.of("needs-bridge", true, "needs-ok", true), prepared, "prepare only where preconditions are missing");
        assertFalse(runs.started.containsKey("needs-bridge"));
        assertEquals("needs 'needs-bridge', which did not become ready", runs.skipped.get("app"));
    }

    @Test
    void stepsFreeAtOnceStartInPlanOrder() throws InterruptedException {
        FakeTask task = new FakeTask(2, name -> StepResult.success());
        new DagRunner(1, clock).run(plan(step("p"), step("m"), step("z"), step("a"), step("k", "z")), task);
        List<String> byStart = task.started.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey).toList();
        assertEquals(List.of("p", "m", "z", "a", "k"), byStart);
    }

    @Test
    void dependenciesOutsideThePlanAreIgnored() throws InterruptedException {
        FakeTask task = new FakeTask(0, name -> StepResult.success());
        Map<String, Boolean> ok = new DagRunner(1, clock).run(plan(step("web", "not-in-plan")), task);
        assertEquals(Map.of("web", true), ok);
    }

    /** Launches that take 20 ms and settle for {@code settleMillis}; records peaks of each phase. */
    private static final class PhasedTask implements StepTask {
        final AtomicInteger launching = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger peakLaunching = new AtomicInteger();
        final AtomicInteger peakInFlight = new AtomicInteger();
        final Map<String, Long> launchedAt = new ConcurrentHashMap<>();
        final Map<String, Long> settledAt = new ConcurrentHashMap<>();
        final Settling settleMillis;

        /** How long a step settles; it may itself wait for something first. */
        interface Settling {
            long millis(String name) throws InterruptedException;
        }

        PhasedTask(long settleMillis) {
            this(name -> settleMillis);
        }

        PhasedTask(Settling settleMillis) {
            this.settleMillis = settleMillis;
        }

        @Override
        public Settle launch(Step step) throws InterruptedException {
            launchedAt.put(step.name(), System.nanoTime());
            peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            peakLaunching.accumulateAndGet(launching.incrementAndGet(), Math::max);
            Thread.sleep(20);
            launching.decrementAndGet();
            return () -> {
                Thread.sleep(settleMillis.millis(step.name()));
                settledAt.put(step.name(), System.nanoTime());
                inFlight.decrementAndGet();
                return StepResult.success();
            };
        }

        @Override
        public void skipped(Step step, String reason) {
        }
    }

    @Test
    void maxParallelCountsLaunchesNotSettling() throws InterruptedException {
        // One launch at a time, and nobody settles before all four independent steps have
        // launched: were a settling step to hold the launch slot, the others could never launch and
        // the latch would time out. No timing is involved, so a loaded machine cannot fail it.
        CountDownLatch allLaunched = new CountDownLatch(4);
        PhasedTask task = new PhasedTask(name -> {
            allLaunched.countDown();
            allLaunched.await(10, TimeUnit.SECONDS); // on a timeout the peak below tells
            return 0L;
        });
        Map<String, Boolean> ok = new DagRunner(1, clock).run(plan(step("a"), step("b"), step("c"), step("d"), step("e", "a")), task);
        assertEquals(Map.of("a", true, "b", true, "c", true, "d", true, "e", true), ok);
        assertEquals(1, task.peakLaunching.get());
        assertEquals(4, task.peakInFlight.get(), "a container waiting to be ready holds no max-parallel slot");
        assertTrue(task.launchedAt.get("e") > task.settledAt.get("a"), "'e' launched only after 'a' settled");
    }

    @Test
    void dependentLaunchesAsSoonAsItsDependencyFinishesWhileOthersStillSettle() throws InterruptedException {
        // 'slow' settles for 2 s; 'db' at once, so 'web' (after db) must not wait for 'slow'.
        PhasedTask task = new PhasedTask(name -> name.equals("slow") ? 2000L : 50L);
        new DagRunner(2, clock).run(plan(step("slow"), step("db"), step("web", "db")), task);
        assertTrue(task.launchedAt.get("web") < task.settledAt.get("slow"), "'web' waited for an unrelated step");
    }

    @Test
    void longChainOfSkippedStepsNeedsNoDeepRecursion() throws InterruptedException {
        List<Step> chain = new ArrayList<>();
        chain.add(step("s0"));
        for (int i = 1; i < 50_000; i++) {
            chain.add(step("s" + i, "s" + (i - 1)));
        }
        StepTask task = new StepTask() {
            @Override
            public Settle launch(Step step) {
                return Settle.with(StepResult.failure("down"));
            }

            @Override
            public void skipped(Step step, String reason) {
            }
        };
        Map<String, Boolean> ok = new DagRunner(1, clock).run(new Plan(Plan.Direction.START, chain, List.of()), task);
        assertEquals(50_000, ok.size());
        assertFalse(ok.get("s49999"));
    }

    @Test
    void failedSettlingSkipsDependents() throws InterruptedException {
        Map<String, String> skipped = new ConcurrentHashMap<>();
        StepTask task = new StepTask() {
            @Override
            public Settle launch(Step step) {
                return () -> step.name().equals("db") ? StepResult.failure("not ready") : StepResult.success();
            }

            @Override
            public void skipped(Step step, String reason) {
                skipped.put(step.name(), reason);
            }
        };
        Map<String, Boolean> ok = new DagRunner(2, clock).run(plan(step("db"), step("web", "db")), task);
        assertEquals(Map.of("db", false, "web", false), ok);
        assertEquals(Map.of("web", "needs 'db', which did not become ready"), skipped);
    }

    @Test
    void emptyPlanFinishesAtOnce() throws InterruptedException {
        assertEquals(Map.of(), new DagRunner(1, clock).run(plan(), new FakeTask(0, name -> StepResult.success())));
    }

    @Test
    void maxParallelMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DagRunner(0, clock));
        assertEquals("maxParallel (0) must be at least 1", e.getMessage());
    }

    @Test
    void taskThrowingAnErrorIsAFailedStepNotAHang() {
        FakeTask task = new FakeTask(0, name -> {
            if (name.equals("bad")) {
                throw new AssertionError("boom");
            }
            return StepResult.success();
        });
        Map<String, Boolean> ok = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> new DagRunner(2, clock).run(plan(step("bad"), step("fine")), task));
        assertEquals(Map.of("bad", false, "fine", true), ok);
    }
}
