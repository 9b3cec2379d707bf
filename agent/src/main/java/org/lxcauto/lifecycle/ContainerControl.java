package org.lxcauto.lifecycle;

import java.util.Map;
import java.util.Set;
import org.lxcauto.config.Configuration;
import org.lxcauto.config.Problem;
import org.lxcauto.plan.Planner;
import org.lxcauto.plan.Selection;
import org.lxcauto.state.RunRecord;
import org.lxcauto.state.StateStore;

/**
 * {@code lxc-auto start NAME} and {@code stop NAME} as one operation, whoever asks: the command
 * acting directly (no daemon runs), or the daemon for its D-Bus {@code Start} and {@code Stop} and
 * its restart policy. So both answer the same, save the same record, and judge success the same
 * way ({@link org.lxcauto.state.Outcome#isUp}).
 */
public final class ContainerControl {

    /**
     * What an operation did.
     *
     * @param run the run, as saved ({@code last-start.json}, {@code last-stop.json}, ...)
     * @param exitCode the command's exit status: {@link ExitCodes#OK} or {@link ExitCodes#FAILURE}
     */
    public record Result(RunRecord run, int exitCode) {
    }

    private final Host host;
    private final StateStore store;
    private final Progress progress;

    /** @param progress hears of each container's outcome as it is known */
    public ContainerControl(Host host, StateStore store, Progress progress) {
        this.host = host;
        this.store = store;
        this.progress = progress;
    }

    /**
     * Starts {@code name} after its hard dependencies (adopting those that run, starting the
     * others); its soft dependencies and everything else are left alone. Succeeds when it is up.
     *
     * @throws NotAutostartException when {@code config} has no usable entry called {@code name}
     */
    public Result start(Configuration config, String name) throws NotAutostartException, InterruptedException {
        requireEntry(config, name);
        // The operator's start ends the operator's stop, of it and of what it needs.
        OperatorStops.release(store, config, name);
        return bringUp(config, name, Set.of(), Map.of(), "start");
    }

    /**
     * {@link #start}, for the restart policy: saved as {@code last-restart.json}. {@code dependents}
     * (stopped by {@link #stopDependents}) are started again in the same run, each after what it
     * needs is ready, so after {@code name}; success is {@code name}'s alone.
     */
    public Result restart(Configuration config, String name, Set<String> dependents)
            throws NotAutostartException, InterruptedException {
        requireEntry(config, name);
        // A dependent the operator stopped meanwhile stays down, and so does what needs it.
        Map<String, String> held = OperatorStops.held(store);
        held.remove(name);
        return bringUp(config, name, dependents, held, "restart");
    }

    private static void requireEntry(Configuration config, String name) throws NotAutostartException {
        if (config.entries().stream().noneMatch(e -> e.name().equals(name))) {
            Problem broken = config.broken().get(name);
            throw new NotAutostartException(name, broken == null ? null : broken.toString());
        }
    }

    private Result bringUp(Configuration config, String name, Set<String> with, Map<String, String> held, String kind)
            throws InterruptedException {
        Set<String> names = new java.util.TreeSet<>(with);
        names.add(name);
        RunRecord run = new Boot(host, store, progress).run(config,
                Selection.only(names, "not needed by " + name).holding(held), kind);
        return new Result(run, run.isUp(name) ? ExitCodes.OK : ExitCodes.FAILURE);
    }

    /**
     * Before the restart policy starts {@code name} again: stops the running containers that need
     * it by {@code after} (directly or not), dependents first, as a stop of {@code name} would, but
     * leaving {@code name} alone and recording no operator stop. Saved as {@code
     * last-restart-stop.json}.
     *
     * @return the containers it stopped; empty when none of them ran
     */
    public Set<String> stopDependents(Configuration config, String name) throws InterruptedException {
        Set<String> dependents = Planner.runningDependents(config, name,
                RunningContainers.find(host.runtime(), config).keySet());
        if (dependents.isEmpty()) {
            return dependents;
        }
        RunRecord run = new Shutdown(host, store, progress).run(config,
                Selection.only(dependents, "does not depend on " + name), config.agent().shutdownTimeout(),
                "restart-stop");
        Set<String> stopped = new java.util.TreeSet<>();
        run.containers().forEach(c -> stopped.add(c.name()));
        return stopped;
    }

    /**
     * Stops {@code name} after its running dependents, each within its stop timeout, the whole
     * within {@code shutdown-timeout}. Succeeds unless a stop failed (forced is stopped).
     *
     * @throws NotRunningException when {@code name} does not run (its running dependents, if any,
     *     were stopped all the same)
     */
    public Result stop(Configuration config, String name) throws NotRunningException, InterruptedException {
        // Recorded first: whatever the stop's outcome, the operator wants it down (even one that died).
        OperatorStops.add(store, name);
        RunRecord run = new Shutdown(host, store, progress).run(config,
                Selection.only(Set.of(name), "does not depend on " + name), config.agent().shutdownTimeout(), "stop");
        if (run.containers().stream().noneMatch(c -> c.name().equals(name))) {
            throw new NotRunningException(name, run);
        }
        return new Result(run, run.exitCode() == ExitCodes.FAILURE ? ExitCodes.FAILURE : ExitCodes.OK);
    }
}
