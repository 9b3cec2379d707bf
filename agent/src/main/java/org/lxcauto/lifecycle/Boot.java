package org.lxcauto.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.lxcauto.config.Configuration;
import org.lxcauto.event.ContainerEvent;
import org.lxcauto.plan.Exclusion;
import org.lxcauto.plan.Plan;
import org.lxcauto.plan.Planner;
import org.lxcauto.plan.Selection;
import org.lxcauto.state.InterfaceRecord;
import org.lxcauto.state.RunRecord;
import org.lxcauto.state.StateFileException;
import org.lxcauto.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code lxc-auto boot} (and {@code start NAME}): bring the configured containers up. */
public final class Boot {

    private static final Logger LOG = LoggerFactory.getLogger(Boot.class);

    private final Host host;
    private final StateStore store;
    private final Progress progress;

    public Boot(Host host, StateStore store) {
        this(host, store, Progress.NONE);
    }

    public Boot(Host host, StateStore store, Progress progress) {
        this.host = host;
        this.store = store;
        this.progress = progress;
    }

    /**
     * Starts the selected containers and saves the run as {@code last-KIND.json}.
     *
     * <p>First step: plan. Second: report what the plan leaves out. Third: bring up the declared
     * interfaces, in the background. Fourth: start the containers in dependency order, each once
     * its interfaces are up. Fifth: save the record for status, blame and plot. Last: the exit code.
     */
    public RunRecord run(Configuration config, Selection selection, String kind) throws InterruptedException {
        Instant started = host.clock().now();
        Plan plan = Planner.start(config, selection);
        reportExclusions(plan);
        Map<String, CompletableFuture<InterfaceRecord>> interfaces =
                host.network().start(config.interfaces(), config.agent().bridgeTimeout());
        LOG.info("boot: starting {} container(s), at most {} at once", plan.steps().size(), config.agent().maxParallel());

        Timeline timeline = new Timeline(plan, started, progress);
        StartTask task = new StartTask(host, config.agent(), interfaces, timeline, new WaitingFile(store, host.clock()));
        Map<String, Boolean> ok = new DagRunner(config.agent().maxParallel(), host.clock()).run(plan, task);

        int exitCode = exitCode(plan, ok);
        RunRecord record = timeline.toRun(kind, host.clock().now(), exitCode, finished(interfaces));
        save(record);
        host.events().finished(record);
        long ready = ok.values().stream().filter(b -> b).count();
        LOG.info("boot: {} of {} container(s) ready in {} ms", ready, plan.steps().size(),
                java.time.Duration.between(started, record.finished()).toMillis());
        return record;
    }

    /** A container the plan cannot start (a cycle, a broken entry it needs) failed, as one that did not come up. */
    private void reportExclusions(Plan plan) {
        for (Exclusion e : plan.excluded()) {
            if (e.failure()) {
                host.events().tell(LOG, new ContainerEvent(e.name(), ContainerEvent.Kind.FAILED, host.clock().now(), null,
                        "Cannot start '" + e.name() + "': " + e.reason()));
            } else {
                LOG.debug("{}: {}", e.name(), e.reason());
            }
        }
    }

    /** The interface records; bringing-up that outlived every container is waited for here. */
    private static List<InterfaceRecord> finished(Map<String, CompletableFuture<InterfaceRecord>> interfaces) {
        return interfaces.values().stream().map(CompletableFuture::join).toList();
    }

    /** 0 all ready, 1 none ready (and something failed), 2 some failed. */
    static int exitCode(Plan plan, Map<String, Boolean> ok) {
        long failed = ok.values().stream().filter(b -> !b).count()
                + plan.excluded().stream().filter(Exclusion::failure).count();
        long ready = ok.values().stream().filter(b -> b).count();
        if (failed == 0) {
            return ExitCodes.OK;
        }
        return ready == 0 ? ExitCodes.FAILURE : ExitCodes.PARTIAL;
    }

    /** Containers are up whether or not the record can be written: a full disk must not fail the boot. */
    private void save(RunRecord record) {
        try {
            store.saveRun(record);
        } catch (StateFileException e) {
            LOG.warn("Cannot record the {} in {}: {}; {}", record.kind(), e.file(), e.problem(),
                    Unrecorded.consequence(record.kind()));
        }
    }
}
