package org.lxcauto.lifecycle;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.lxcauto.plan.Plan;
import org.lxcauto.plan.Step;

/**
 * Runs the steps of a plan as a dependency graph: each step once everything it waits for has
 * finished, independent branches in parallel, and among steps free to run the one earliest in the
 * plan (its priority order) first. Two limits apply: at most {@code maxParallel} steps between
 * launch and settled (the administrator's {@code max-parallel}: containers starting until ready,
 * or stopping), and of those at most {@code maxLaunching} in {@link StepTask#launch} — the
 * CPU-bound lxc-start — because two hundred of those side by side are slower than a
 * few at a time, while two hundred containers waiting to be ready cost nothing. A step is finished
 * for its dependents once it has settled and its hold is over.
 *
 * <p>One coordinating thread owns all state; workers only report completions through a queue, so
 * there are no locks to get wrong.
 */
public final class DagRunner {

    private enum Phase { WAITING, PREPARING, QUEUED, LAUNCHING, SETTLING, HOLDING, DONE }

    /** What a worker or timer reports about a step. */
    private enum Kind { PREPARED, LAUNCHED, SETTLED, HELD }

    private record Event(String name, Kind kind, StepResult result) {
    }

    private final int maxParallel;
    private final int maxLaunching;

    public DagRunner(int maxParallel, int maxLaunching) {
        if (maxParallel < 1) {
            throw new IllegalArgumentException("maxParallel (" + maxParallel + ") must be at least 1");
        }
        if (maxLaunching < 1) {
            throw new IllegalArgumentException("maxLaunching (" + maxLaunching + ") must be at least 1");
        }
        this.maxParallel = maxParallel;
        this.maxLaunching = maxLaunching;
    }

    /** With as many launches at once as the host has CPUs, twice over (they wait on the kernel, too). */
    public DagRunner(int maxParallel) {
        this(maxParallel, Runtime.getRuntime().availableProcessors() * 2);
    }

    /** Runs every step of {@code plan}; returns whether each succeeded (skipped steps did not). */
    public Map<String, Boolean> run(Plan plan, StepTask task) throws InterruptedException {
        List<Step> steps = plan.steps();
        Map<String, Phase> phase = new HashMap<>();
        Map<String, Boolean> ok = new HashMap<>();
        steps.forEach(s -> phase.put(s.name(), Phase.WAITING));
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        ExecutorService workers = Executors.newCachedThreadPool(daemonThreads("step"));
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemonThreads("hold"));
        int running = 0;
        int launching = 0;
        int done = 0;
        try {
            while (done < steps.size()) {
                boolean changed = true;
                while (changed) {
                    changed = false;
                    for (Step step : steps) {
                        if (phase.get(step.name()) != Phase.WAITING || !allFinished(step, phase)) {
                            continue;
                        }
                        String failedRequirement = step.requires().stream()
                                .filter(r -> phase.containsKey(r) && !ok.get(r)).findFirst().orElse(null);
                        if (failedRequirement != null) {
                            phase.put(step.name(), Phase.DONE);
                            ok.put(step.name(), false);
                            done++;
                            changed = true;
                            task.skipped(step, "needs '" + failedRequirement + "', which did not become ready");
                        } else if (task.preconditionsMet(step)) {
                            phase.put(step.name(), Phase.QUEUED);
                        } else {
                            phase.put(step.name(), Phase.PREPARING);
                            workers.execute(() -> events.add(new Event(step.name(), Kind.PREPARED, guarded(() -> task.prepare(step)))));
                        }
                    }
                }
                for (Step step : steps) {
                    if (running < maxParallel && launching < maxLaunching && phase.get(step.name()) == Phase.QUEUED) {
                        phase.put(step.name(), Phase.LAUNCHING);
                        running++;
                        launching++;
                        workers.execute(() -> launchAndSettle(task, step, events));
                    }
                }
                if (done == steps.size()) {
                    break;
                }
                Event event = events.take();
                String name = event.name();
                switch (event.kind()) {
                    case PREPARED -> {
                        if (event.result().ok()) {
                            phase.put(name, Phase.QUEUED);
                        } else {
                            phase.put(name, Phase.DONE);
                            ok.put(name, false);
                            done++;
                        }
                    }
                    case LAUNCHED -> {
                        launching--;
                        phase.put(name, Phase.SETTLING);
                    }
                    case SETTLED -> {
                        running--;
                        Duration hold = event.result().hold();
                        if (event.result().ok() && hold != null && !hold.isZero()) {
                            phase.put(name, Phase.HOLDING);
                            timers.schedule(() -> events.add(new Event(name, Kind.HELD, StepResult.success())),
                                    hold.toMillis(), TimeUnit.MILLISECONDS);
                        } else {
                            phase.put(name, Phase.DONE);
                            ok.put(name, event.result().ok());
                            done++;
                        }
                    }
                    case HELD -> {
                        phase.put(name, Phase.DONE);
                        ok.put(name, true);
                        done++;
                    }
                }
            }
        } finally {
            workers.shutdownNow();
            timers.shutdownNow();
        }
        return ok;
    }

    /**
     * On a worker: the launch, then (its slot already given back) the settling, each reported in
     * that order through the same queue.
     */
    private static void launchAndSettle(StepTask task, Step step, BlockingQueue<Event> events) {
        StepTask.Settle[] settle = new StepTask.Settle[1];
        StepResult launched = guarded(() -> {
            settle[0] = task.launch(step);
            return StepResult.success();
        });
        events.add(new Event(step.name(), Kind.LAUNCHED, launched));
        StepResult settled = launched.ok() ? guarded(settle[0]::await) : launched;
        events.add(new Event(step.name(), Kind.SETTLED, settled));
    }

    private static boolean allFinished(Step step, Map<String, Phase> phase) {
        return step.waitsFor().stream().allMatch(d -> !phase.containsKey(d) || phase.get(d) == Phase.DONE);
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
