package org.lxcauto.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import org.lxcauto.plan.Plan;
import org.lxcauto.plan.Step;
import org.lxcauto.system.Clock;

/**
 * Runs the steps of a plan as a dependency graph, the way systemd's job engine does: a run queue
 * of steps whose dependencies are all done, one {@code finish} that wakes the dependents, and
 * among ready steps the one earliest in the plan (its priority order) first.
 *
 * <p>Each step runs in two phases ({@link StepTask}): the <em>launch</em> — lxc-start, or sending
 * the halt — is short and costs the host CPU, and at most {@code maxParallel} run at once (the
 * administrator's {@code max-parallel}, docs/boot-and-shutdown.md); the <em>settle</em> — waiting
 * for readiness or for the halt to take effect — costs nothing and is not limited, so two hundred
 * containers waiting to be ready never hold back a launch. A step is finished for its dependents
 * once it has settled and its hold (start-delay) is over.
 *
 * <p>One coordinating thread owns all state; workers and the clock's timers only report through a
 * queue, so there are no locks to get wrong. Holds are the clock's scheduled tasks. While a worker
 * is busy the coordinator waits for it; only when every worker is done and only holds are left
 * does it wait on the {@link Clock}, so that under a fake clock a start delay of an hour passes as
 * soon as nothing else is left to do, and never while a step is still at work.
 */
public final class DagRunner {

    /** What a worker or timer reports about a step. */
    private enum Kind { PREPARED, LAUNCHED, SETTLED, HELD }

    private record Event(int index, Kind kind, StepResult result) {
    }

    private final int maxParallel;
    private final Clock clock;

    /**
     * @param maxParallel how many steps may be in their launch at once: {@code [agent]
     *     max-parallel}, resolved (0 is the number of CPUs x 2)
     * @param clock times the holds, and is waited on
     */
    public DagRunner(int maxParallel, Clock clock) {
        if (maxParallel < 1) {
            throw new IllegalArgumentException("maxParallel (" + maxParallel + ") must be at least 1");
        }
        this.maxParallel = maxParallel;
        this.clock = clock;
    }

    /** Runs every step of {@code plan}; returns whether each succeeded (skipped steps did not). */
    public Map<String, Boolean> run(Plan plan, StepTask task) throws InterruptedException {
        ExecutorService workers = Executors.newCachedThreadPool(daemonThreads("step"));
        Run run = new Run(plan.steps(), task, workers);
        try {
            return run.execute();
        } finally {
            workers.shutdownNow();
            run.holds.forEach(Clock.Scheduled::cancel);
        }
    }

    /** The state of one run, touched only by the coordinating thread. */
    private final class Run {
        private final List<Step> steps;
        private final StepTask task;
        private final ExecutorService workers;
        /** The holds not over yet, cancelled if the run ends early (interrupted). */
        private final List<Clock.Scheduled> holds = new ArrayList<>();
        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        /** Ready to launch, by plan index: the plan's priority order. */
        private final PriorityQueue<Integer> ready = new PriorityQueue<>();
        /** For each step, how many of the steps it waits for (in this plan) are not finished yet. */
        private final int[] unfinished;
        /** For each step, the steps that wait for it. */
        private final List<List<Integer>> dependents = new ArrayList<>();
        private final Map<String, Boolean> ok = new HashMap<>();
        /** Steps whose last dependency just finished, to be looked at in turn (no recursion down a chain). */
        private final java.util.ArrayDeque<Integer> woken = new java.util.ArrayDeque<>();
        private int launching;
        /** Steps a worker is busy with (preparing, launching or settling), whose last report is to come. */
        private int busy;

        Run(List<Step> steps, StepTask task, ExecutorService workers) {
            this.steps = steps;
            this.task = task;
            this.workers = workers;
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < steps.size(); i++) {
                index.put(steps.get(i).name(), i);
                dependents.add(new ArrayList<>());
            }
            unfinished = new int[steps.size()];
            for (int i = 0; i < steps.size(); i++) {
                for (String dependency : steps.get(i).waitsFor()) {
                    Integer on = index.get(dependency);
                    if (on != null) { // a dependency outside the plan is nothing to wait for
                        unfinished[i]++;
                        dependents.get(on).add(i);
                    }
                }
            }
        }

        Map<String, Boolean> execute() throws InterruptedException {
            // First step: every step that waits for nothing may go.
            for (int i = 0; i < steps.size(); i++) {
                if (unfinished[i] == 0) {
                    woken.add(i);
                }
            }
            wake();
            // Then: launch what the limit allows, and handle what the workers report, until all is done.
            while (ok.size() < steps.size()) {
                dispatch();
                if (ok.size() == steps.size()) {
                    break;
                }
                handle(busy > 0 ? events.take() : clock.take(events));
                wake();
            }
            return ok;
        }

        private void wake() {
            while (!woken.isEmpty()) {
                unblocked(woken.poll());
            }
        }

        /** Step {@code i} has nothing left to wait for: skip it, prepare it, or queue it. */
        private void unblocked(int i) {
            Step step = steps.get(i);
            String failed = step.requires().stream().filter(r -> Boolean.FALSE.equals(ok.get(r))).findFirst().orElse(null);
            if (failed != null) {
                task.skipped(step, "needs '" + failed + "', which did not become ready");
                finish(i, false);
            } else if (task.preconditionsMet(step)) {
                ready.add(i);
            } else {
                busy++;
                workers.execute(() -> events.add(new Event(i, Kind.PREPARED, guarded(() -> task.prepare(step)))));
            }
        }

        /** Launches ready steps, earliest in the plan first, while the launch limit allows. */
        private void dispatch() {
            while (launching < maxParallel && !ready.isEmpty()) {
                int i = ready.poll();
                launching++;
                busy++;
                workers.execute(() -> launchAndSettle(i));
            }
        }

        private void handle(Event event) {
            int i = event.index();
            switch (event.kind()) {
                case PREPARED -> {
                    busy--;
                    if (event.result().ok()) {
                        ready.add(i);
                    } else {
                        finish(i, false);
                    }
                }
                case LAUNCHED -> launching--;
                case SETTLED -> {
                    busy--;
                    Duration hold = event.result().hold();
                    if (event.result().ok() && hold != null && !hold.isZero()) {
                        holds.add(clock.schedule(hold, () -> events.add(new Event(i, Kind.HELD, StepResult.success()))));
                    } else {
                        finish(i, event.result().ok());
                    }
                }
                case HELD -> finish(i, true);
            }
        }

        /** The one place a step ends: its result is recorded and its dependents woken. */
        private void finish(int i, boolean succeeded) {
            ok.put(steps.get(i).name(), succeeded);
            for (int dependent : dependents.get(i)) {
                if (--unfinished[dependent] == 0) {
                    woken.add(dependent);
                }
            }
        }

        /**
         * On a worker: the launch, then (its launch slot already given back) the settling, each
         * reported in that order through the same queue.
         */
        private void launchAndSettle(int i) {
            Step step = steps.get(i);
            StepTask.Settle[] settle = new StepTask.Settle[1];
            StepResult launched = guarded(() -> {
                settle[0] = task.launch(step);
                return StepResult.success();
            });
            events.add(new Event(i, Kind.LAUNCHED, launched));
            StepResult settled = launched.ok() ? guarded(settle[0]::await) : launched;
            events.add(new Event(i, Kind.SETTLED, settled));
        }
    }

    private interface Work {
        StepResult call() throws InterruptedException;
    }

    /** A task that throws is a failed step, never a dead coordinator. */
    private static StepResult guarded(Work work) {
        try {
            return work.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return StepResult.failure("interrupted");
        } catch (RuntimeException | Error e) {
            // Whatever a task throws becomes its failure: a lost completion would hang the run.
            return StepResult.failure("internal error: " + e);
        }
    }

    static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        java.util.concurrent.atomic.AtomicInteger counter = new java.util.concurrent.atomic.AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
