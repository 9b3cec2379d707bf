package org.lxcauto.lifecycle;

import java.util.Set;
import org.lxcauto.config.Configuration;
import org.lxcauto.config.Problem;
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
        return bringUp(config, name, "start");
    }

    /** {@link #start}, for the restart policy: saved as {@code last-restart.json}. */
    public Result restart(Configuration config, String name) throws NotAutostartException, InterruptedException {
        return bringUp(config, name, "restart");
    }

    private Result bringUp(Configuration config, String name, String kind)
            throws NotAutostartException, InterruptedException {
        if (config.entries().stream().noneMatch(e -> e.name().equals(name))) {
            Problem broken = config.broken().get(name);
            throw new NotAutostartException(name, broken == null ? null : broken.toString());
        }
        RunRecord run = new Boot(host, store, progress).run(config, Selection.only(Set.of(name), "not needed by " + name),
                kind);
        return new Result(run, run.isUp(name) ? ExitCodes.OK : ExitCodes.FAILURE);
    }

    /**
     * Stops {@code name} after its running dependents, each within its stop timeout, the whole
     * within {@code shutdown-timeout}. Succeeds unless a stop failed (forced is stopped).
     *
     * @throws NotRunningException when {@code name} does not run (its running dependents, if any,
     *     were stopped all the same)
     */
    public Result stop(Configuration config, String name) throws NotRunningException, InterruptedException {
        RunRecord run = new Shutdown(host, store, progress).run(config,
                Selection.only(Set.of(name), "does not depend on " + name), config.agent().shutdownTimeout(), "stop");
        if (run.containers().stream().noneMatch(c -> c.name().equals(name))) {
            throw new NotRunningException(name, run);
        }
        return new Result(run, run.exitCode() == ExitCodes.FAILURE ? ExitCodes.FAILURE : ExitCodes.OK);
    }
}
