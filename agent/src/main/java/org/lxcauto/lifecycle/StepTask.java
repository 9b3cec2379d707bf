package org.lxcauto.lifecycle;

import org.lxcauto.plan.Step;

/**
 * The work {@link DagRunner} does for each step, in three phases.
 *
 * <p>{@link #prepare} runs, only when {@link #preconditionsMet} says so, as soon as the step's
 * dependencies are done: it waits on things outside our control (a bridge that is not up yet).
 * {@link #launch} is the part that costs the host CPU — lxc-start — and has a limit of its own;
 * what it returns, the {@link Settle}, waits for the container (readiness, a clean halt) at little
 * cost, and only counts against {@code max-parallel}.
 */
public interface StepTask {

    /**
     * Whether the step's preconditions hold already; a cheap check (no process, no waiting) made
     * on the coordinating thread, so that steps with nothing to wait for keep their priority order.
     */
    default boolean preconditionsMet(Step step) {
        return true;
    }

    /** Waits for preconditions that {@link #preconditionsMet} found missing; a failure skips {@link #launch}. */
    default StepResult prepare(Step step) throws InterruptedException {
        return StepResult.success();
    }

    /** Starts the step's work (lxc-start) and returns what is left to wait for. */
    Settle launch(Step step) throws InterruptedException;

    /** Called, on the coordinating thread, for a step not run because a required step failed. */
    void skipped(Step step, String reason);

    /** What a launched step still waits for; its result is the step's. */
    @FunctionalInterface
    interface Settle {

        StepResult await() throws InterruptedException;

        /** Nothing left to wait for: the launch itself decided the step. */
        static Settle with(StepResult result) {
            return () -> result;
        }
    }
}
