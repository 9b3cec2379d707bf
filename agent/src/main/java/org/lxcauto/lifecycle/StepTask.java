package org.lxcauto.lifecycle;

import org.lxcauto.plan.Step;

/**
 * The work {@link DagRunner} does for each step, in two phases.
 *
 * <p>{@link #prepare} runs, only when {@link #preconditionsMet} says so, as soon as the step's
 * dependencies are done, and does not count against {@code max-parallel}: it is for waiting on
 * things outside our control (a bridge that is not up yet) without starving other containers of
 * slots. {@link #run} is the bounded part.
 */
public interface StepTask {

    /**
     * Whether the step's preconditions hold already; a cheap check (no process, no waiting) made
     * on the coordinating thread, so that steps with nothing to wait for keep their priority order.
     */
    default boolean preconditionsMet(Step step) {
        return true;
    }

    /** Waits for preconditions that {@link #preconditionsMet} found missing; a failure skips {@link #run}. */
    default StepResult prepare(Step step) throws InterruptedException {
        return StepResult.success();
    }

    /** Does the work (start and wait for ready, or stop). */
    StepResult run(Step step) throws InterruptedException;

    /** Called, on the coordinating thread, for a step not run because a required step failed. */
    void skipped(Step step, String reason);
}
