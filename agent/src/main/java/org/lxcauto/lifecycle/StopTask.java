package org.lxcauto.lifecycle;

import java.time.Duration;
import java.time.Instant;
import org.lxcauto.config.AgentConfig;
import org.lxcauto.container.ContainerException;
import org.lxcauto.container.ContainerRef;
import org.lxcauto.container.ContainerRuntime;
import org.lxcauto.container.StopOutcome;
import org.lxcauto.plan.Step;
import org.lxcauto.state.Outcome;
import org.lxcauto.system.Clock;
import org.lxcauto.system.CommandException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops one container: halt signal, its stop timeout, then force; never past the shutdown deadline.
 */
final class StopTask implements StepTask {

    private static final Logger LOG = LoggerFactory.getLogger(StopTask.class);
    /** Kept back from the shutdown budget for killing what is still up when it runs out. */
    static final Duration KILL_RESERVE = Duration.ofSeconds(1);

    private final ContainerRuntime runtime;
    private final Clock clock;
    private final AgentConfig agent;
    private final Instant deadline;
    private final Timeline timeline;
    private final java.util.function.Function<String, ContainerRef> resolve;

    StopTask(ContainerRuntime runtime, Clock clock, AgentConfig agent, Instant deadline, Timeline timeline,
            java.util.function.Function<String, ContainerRef> resolve) {
        this.runtime = runtime;
        this.clock = clock;
        this.agent = agent;
        this.deadline = deadline;
        this.timeline = timeline;
        this.resolve = resolve;
    }

    /**
     * The launch sends the halt (lxc-stop starts, and signals at once); the settling waits for it,
     * holding no max-parallel place. The stop timeout is taken from what is left of the budget at
     * this moment.
     */
    @Override
    public Settle launch(Step step) throws InterruptedException {
        Duration wanted = step.entry() == null ? agent.stopTimeout() : step.entry().stopTimeout();
        Duration budget = clock.remaining(deadline).minus(KILL_RESERVE);
        Duration timeout = budget.compareTo(wanted) < 0 ? (budget.isNegative() ? Duration.ZERO : budget) : wanted;
        if (timeout.compareTo(wanted) < 0) {
            LOG.warn("{}: only {}s of the shutdown budget left, stop-timeout cut from {}s", step.name(),
                    timeout.toSeconds(), wanted.toSeconds());
        }
        Instant begin = clock.now();
        timeline.begin(step.name(), begin);
        LOG.info("{}: stopping (timeout {}s)", step.name(), timeout.toSeconds());
        ContainerRef container = resolve.apply(step.name());
        ContainerRuntime.Stopping stopping;
        try {
            stopping = runtime.beginStop(container, timeout);
        } catch (ContainerException | CommandException e) {
            return Settle.with(failed(step.name(), e));
        }
        return () -> settle(step.name(), stopping, begin, timeout);
    }

    /** The wait for the halt, the kill at the timeout. */
    private StepResult settle(String name, ContainerRuntime.Stopping stopping, Instant begin, Duration timeout)
            throws InterruptedException {
        try {
            return finish(name, stopping.await(), begin, timeout);
        } catch (ContainerException | CommandException e) {
            return failed(name, e);
        }
    }

    /**
     * A tool that could not run at all (CommandException) leaves the container perhaps still up,
     * which the record and the exit code must say. Any other exception is a bug: DagRunner records
     * it as an internal error rather than as "Cannot stop".
     */
    private StepResult failed(String name, Exception e) {
        String message = "Cannot stop '" + name + "': " + e.getMessage();
        timeline.fail(name, Outcome.STOP_FAILED, message);
        LOG.error(message);
        return StepResult.failure(message);
    }

    private StepResult finish(String name, StopOutcome stopped, Instant begin, Duration timeout) {
        Instant end = clock.now();
        Outcome outcome = switch (stopped) {
            case CLEAN -> Outcome.CLEAN;
            case FORCED -> Outcome.FORCED;
            case NOT_RUNNING -> Outcome.NOT_RUNNING;
        };
        timeline.finish(name, outcome, end, end, null);
        long ms = Duration.between(begin, end).toMillis();
        if (outcome == Outcome.FORCED) {
            LOG.warn("{}: did not halt within {}s, killed (forced stop after {} ms); check its lxc.signal.halt and"
                    + " that its init handles it", name, timeout.toSeconds(), ms);
        } else {
            LOG.info("{}: stopped {} in {} ms", name, outcome == Outcome.CLEAN ? "cleanly" : "(was not running)", ms);
        }
        return StepResult.success();
    }

    @Override
    public void skipped(Step step, String reason) {
        // Stop steps only order after each other ("orderedAfter"), so none is ever skipped.
        timeline.fail(step.name(), Outcome.STOP_FAILED, reason);
    }
}
