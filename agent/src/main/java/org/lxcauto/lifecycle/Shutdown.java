package org.lxcauto.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lxcauto.config.Configuration;
import org.lxcauto.container.ContainerRef;
import org.lxcauto.plan.Plan;
import org.lxcauto.plan.Planner;
import org.lxcauto.plan.Selection;
import org.lxcauto.state.ContainerRecord;
import org.lxcauto.state.Outcome;
import org.lxcauto.state.RunRecord;
import org.lxcauto.state.StateFileException;
import org.lxcauto.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code lxc-auto shutdown} (and {@code stop NAME}): stop containers, dependents first. */
public final class Shutdown {

    private static final Logger LOG = LoggerFactory.getLogger(Shutdown.class);

    private final Host host;
    private final StateStore store;
    private final Progress progress;

    public Shutdown(Host host, StateStore store) {
        this(host, store, Progress.NONE);
    }

    public Shutdown(Host host, StateStore store, Progress progress) {
        this.host = host;
        this.store = store;
        this.progress = progress;
    }

    /**
     * First step: find what runs, under every lxcpath the configuration uses. Second: remember it,
     * for {@code on-boot = restore}. Third: plan the stops in reverse dependency order. Fourth: stop,
     * independent branches in parallel, all within {@code budget}. Last: save the record.
     *
     * <p>Only a run over every container ({@link Selection#all()}) remembers the running set: stopping
     * one container by hand must not change what the next boot restores. Such a run also ends every
     * operator stop ({@link OperatorStops}): after it, on-boot alone says what comes back.
     *
     * @param kind the record's name: saved as {@code last-KIND.json}
     */
    public RunRecord run(Configuration config, Selection selection, Duration budget, String kind)
            throws InterruptedException {
        Instant started = host.clock().now();
        Instant deadline = started.plus(budget);
        Map<String, ContainerRef> running = RunningContainers.find(host.runtime(), config);
        if (selection.isAll()) {
            remember(config, running.keySet());
            OperatorStops.releaseAll(store);
        }
        Plan plan = Planner.stop(config, running.keySet(), config.agent().stopUnlisted(), selection);
        LOG.info("shutdown: stopping {} container(s) within {}s", plan.steps().size(), budget.toSeconds());

        Timeline timeline = new Timeline(plan, started, progress);
        StopTask task = new StopTask(host.runtime(), host.clock(), config.agent(), deadline, timeline, running::get,
                host.events());
        Map<String, Boolean> ok = new DagRunner(config.agent().maxParallel(), host.clock()).run(plan, task);

        List<ContainerRecord> records = timeline.all();
        int exitCode = ok.containsValue(false) ? ExitCodes.FAILURE
                : records.stream().anyMatch(r -> r.outcome() == Outcome.FORCED) ? ExitCodes.PARTIAL : ExitCodes.OK;
        RunRecord record = timeline.toRun(kind, host.clock().now(), exitCode);
        save(record);
        host.events().finished(record);
        LOG.info("shutdown: {} container(s) stopped in {} ms ({} forced)", records.size(),
                Duration.between(started, record.finished()).toMillis(),
                records.stream().filter(r -> r.outcome() == Outcome.FORCED).count());
        return record;
    }

    private void remember(Configuration config, Set<String> running) {
        List<String> autostarted = running.stream()
                .filter(n -> config.entries().stream().anyMatch(e -> e.name().equals(n))).sorted().toList();
        try {
            store.saveRunning(autostarted);
        } catch (StateFileException e) {
            LOG.warn("Cannot record the running containers in {}: {}; {}", e.file(), e.problem(),
                    store.forgetRunning() ? "on-boot = restore will start every entry"
                            : "on-boot = restore will use the record of an earlier shutdown");
        }
    }

    /** The containers are stopped whether or not the record can be written. */
    private void save(RunRecord record) {
        try {
            store.saveRun(record);
        } catch (StateFileException e) {
            LOG.warn("Cannot record the {} in {}: {}; {}", record.kind(), e.file(), e.problem(),
                    Unrecorded.consequence(record.kind()));
        }
    }
}
