package org.lxcauto.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.lxcauto.config.AgentConfig;
import org.lxcauto.config.ContainerEntry;
import org.lxcauto.config.Target;
import org.lxcauto.container.ContainerException;
import org.lxcauto.container.ContainerRef;
import org.lxcauto.container.ContainerRuntime;
import org.lxcauto.container.StopOutcome;
import org.lxcauto.event.ContainerEvent;
import org.lxcauto.event.Events;
import org.lxcauto.plan.Step;
import org.lxcauto.state.Outcome;
import org.lxcauto.system.Clock;
import org.lxcauto.system.CommandException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops one container: its {@code stop-exec}, if it has one, then the halt signal (sent again while
 * it runs), all within its stop timeout, then force; never past the shutdown deadline.
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
    private final Function<String, ContainerRef> resolve;
    /** The stops whose stop-exec ran (in {@link #prepare}), by name, until their halt is sent. */
    private final Map<String, Window> prepared = new ConcurrentHashMap<>();
    private final CopyRemoval copies;
    private final Events events;

    StopTask(ContainerRuntime runtime, Clock clock, AgentConfig agent, Instant deadline, Timeline timeline,
            Function<String, ContainerRef> resolve, Events events) {
        this.runtime = runtime;
        this.clock = clock;
        this.agent = agent;
        this.deadline = deadline;
        this.timeline = timeline;
        this.resolve = resolve;
        this.copies = new CopyRemoval(runtime, clock, deadline, timeline);
        this.events = events;
    }

    /** When one stop began and how long it has: its stop timeout, as cut to the shutdown budget then. */
    private record Window(Instant begin, Duration timeout) {
        Instant end() {
            return begin.plus(timeout);
        }
    }

    /** A container with a stop-exec runs it first, in {@link #prepare}, where it holds no launch place. */
    @Override
    public boolean preconditionsMet(Step step) {
        return stopExec(step).isEmpty();
    }

    /**
     * Runs the stop-exec inside the container, within its share of the stop timeout, which starts
     * here. Its failure is logged and changes nothing: the halt follows all the same.
     */
    @Override
    public StepResult prepare(Step step) throws InterruptedException {
        Window window = open(step);
        prepared.put(step.name(), window);
        StopExec.run(runtime, clock, step.name(), resolve.apply(step.name()), stopExec(step), window.timeout());
        return StepResult.success();
    }

    /**
     * The launch sends the halt (lxc-stop starts, and signals at once); the settling waits for it,
     * holding no max-parallel place. The stop timeout is taken from what is left of the budget when
     * the stop began: here, or before the stop-exec.
     */
    @Override
    public Settle launch(Step step) throws InterruptedException {
        Window before = prepared.remove(step.name());
        Window window = before != null ? before : open(step);
        // After a stop-exec, what it left of the stop timeout; else all of it, not a clock reading later.
        Duration timeout = before != null ? clock.remaining(window.end()) : window.timeout();
        ContainerRef container = resolve.apply(step.name());
        ContainerRuntime.Stopping stopping;
        try {
            stopping = runtime.beginStop(container, timeout);
        } catch (ContainerException | CommandException e) {
            return Settle.with(failed(step.name(), e));
        }
        return () -> {
            StepResult result = settle(step, stopping, window);
            if (result.ok()) {
                copies.await(step.entry(), container, window.end()); // an ephemeral copy is gone only then
            }
            return result;
        };
    }

    /** Begins a stop: its stop timeout, cut to what is left of the budget now, and its record. */
    private Window open(Step step) {
        Duration wanted = step.entry() == null ? agent.stopTimeout() : step.entry().stopTimeout();
        Duration budget = clock.remaining(deadline).minus(KILL_RESERVE);
        Duration timeout = budget.compareTo(wanted) < 0 ? (budget.isNegative() ? Duration.ZERO : budget) : wanted;
        if (timeout.compareTo(wanted) < 0) {
            LOG.warn("{}: only {}s of the shutdown budget left, stop-timeout cut from {}s", step.name(),
                    timeout.toSeconds(), wanted.toSeconds());
        }
        Instant begin = clock.now();
        timeline.begin(step.name(), begin);
        tell(step.name(), ContainerEvent.Kind.STOPPING, begin, null, step.name() + ": stopping (timeout "
                + timeout.toSeconds() + "s" + (stopExec(step).isEmpty() ? "" : ", stop-exec first") + ")");
        return new Window(begin, timeout);
    }

    /** The entry's stop-exec; none for a domain or a running container without an entry. */
    private static List<String> stopExec(Step step) {
        ContainerEntry entry = step.entry();
        return entry != null && entry.target() instanceof Target.Lxc lxc ? lxc.stopExec() : List.of();
    }

    /** The wait for the halt, the kill at the timeout. */
    private StepResult settle(Step step, ContainerRuntime.Stopping stopping, Window window) throws InterruptedException {
        try {
            return finish(step, stopping.await(), window);
        } catch (ContainerException | CommandException e) {
            return failed(step.name(), e);
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
        Instant now = clock.now();
        Instant begin = timeline.get(name).begin();
        tell(name, ContainerEvent.Kind.FAILED, now, begin == null ? null : Duration.between(begin, now), message);
        return StepResult.failure(message);
    }

    private StepResult finish(Step step, StopOutcome stopped, Window window) {
        String name = step.name();
        Instant end = clock.now();
        Outcome outcome = switch (stopped) {
            case CLEAN -> Outcome.CLEAN;
            case FORCED -> Outcome.FORCED;
            case NOT_RUNNING -> Outcome.NOT_RUNNING;
        };
        timeline.finish(name, outcome, end, end, null);
        Duration took = Duration.between(window.begin(), end);
        long ms = took.toMillis();
        if (outcome == Outcome.FORCED) {
            tell(name, ContainerEvent.Kind.STOPPED_FORCED, end, took, name + ": did not halt within "
                    + window.timeout().toSeconds() + "s, killed (forced stop after " + ms + " ms); check "
                    + haltSignal(step) + " and that its init handles it");
        } else {
            tell(name, ContainerEvent.Kind.STOPPED_CLEAN, end, took, name + ": stopped "
                    + (outcome == Outcome.CLEAN ? "cleanly" : "(was not running)") + " in " + ms + " ms");
        }
        return StepResult.success();
    }

    /** What the forced-stop hint points at: the signal that was sent, when the configuration says. */
    private static String haltSignal(Step step) {
        ContainerEntry entry = step.entry();
        if (entry != null && entry.target() instanceof Target.Lxc lxc && lxc.config() != null) {
            return "its halt signal (" + lxc.config().halt() + ", sent again until the timeout; lxc.signal.halt in "
                    + lxc.config().file() + ")";
        }
        return "its lxc.signal.halt";
    }

    private void tell(String name, ContainerEvent.Kind kind, Instant at, Duration took, String message) {
        events.tell(LOG, new ContainerEvent(name, kind, at, took, message));
    }

    @Override
    public void skipped(Step step, String reason) {
        // Stop steps only order after each other ("orderedAfter"), so none is ever skipped.
        timeline.fail(step.name(), Outcome.STOP_FAILED, reason);
    }
}
