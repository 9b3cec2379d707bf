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
 * finished, independent branches in parallel, at most {@code maxParallel} {@link StepTask#run}s at
 * once, and among steps free to run the one earliest in the plan (its priority order) first.
 *
 * <p>One coordinating thread owns all state; workers only report completions through a queue, so
 * there are no locks to get wrong.
 */
public final class DagRunner {

    private enum Phase { WAITING, PREPARING, QUEUED, RUNNING, HOLDING, DONE }

    private record Event(String name, StepResult result, boolean prepared) {
    }

    private final int maxParallel;

    public DagRunner(int maxParallel) {
        if (maxParallel < 1) {
            throw new IllegalArgumentException("maxParallel (" + maxParallel + ") must be at least 1");
        }
        this.maxParallel = maxParallel;
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
                            workers.execute(() -> events.add(new Event(step.name(), guarded(() -> task.prepare(step)), true)));
                        }
                    }
                }
                for (Step step : steps) {
                    if (running < maxParallel && phase.get(step.name()) == Phase.QUEUED) {
                        phase.put(step.name(), Phase.RUNNING);
                        running++;
                        workers.execute(() -> events.add(new Event(step.name(), guarded(() -> task.run(step)), false)));
                    }
                }
                if (done == steps.size()) {
                    break;
                }
                Event event = events.take();
                if (event.prepared()) {
                    if (event.result().ok()) {
                        phase.put(event.name(), Phase.QUEUED);
                    } else {
                        phase.put(event.name(), Phase.DONE);
                        ok.put(event.name(), false);
                        done++;
                    }
                } else if (event.result().hold() != null && event.result().ok() && phase.get(event.name()) == Phase.RUNNING
                        && !event.result().hold().isZero()) {
                    running--;
                    phase.put(event.name(), Phase.HOLDING);
                    Duration hold = event.result().hold();
                    timers.schedule(() -> events.add(new Event(event.name(), StepResult.success(), false)),
                            hold.toMillis(), TimeUnit.MILLISECONDS);
                } else {
                    if (phase.get(event.name()) == Phase.RUNNING) {
                        running--;
                    }
                    phase.put(event.name(), Phase.DONE);
                    ok.put(event.name(), event.result().ok());
                    done++;
                }
            }
        } finally {
            workers.shutdownNow();
            timers.shutdownNow();
        }
        return ok;
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
