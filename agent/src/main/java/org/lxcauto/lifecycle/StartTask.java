package org.lxcauto.lifecycle;

import java.time.Duration;
import java.time.Instant;
import org.lxcauto.config.AgentConfig;
import org.lxcauto.config.ContainerEntry;
import org.lxcauto.container.ContainerException;
import org.lxcauto.container.ContainerRef;
import org.lxcauto.container.ContainerRuntime;
import org.lxcauto.container.ContainerState;
import org.lxcauto.container.ReadinessGate;
import org.lxcauto.network.LinkWatcher;
import org.lxcauto.plan.Step;
import org.lxcauto.state.Outcome;
import org.lxcauto.system.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts one container: wait for its bridges, start it (or adopt it), wait until it is ready. */
final class StartTask implements StepTask {

    private static final Logger LOG = LoggerFactory.getLogger(StartTask.class);

    private final ContainerRuntime runtime;
    private final LinkWatcher links;
    private final ReadinessGate gate;
    private final Clock clock;
    private final AgentConfig agent;
    private final Timeline timeline;

    StartTask(ContainerRuntime runtime, LinkWatcher links, ReadinessGate gate, Clock clock, AgentConfig agent,
            Timeline timeline) {
        this.runtime = runtime;
        this.links = links;
        this.gate = gate;
        this.clock = clock;
        this.agent = agent;
        this.timeline = timeline;
    }

    @Override
    public boolean preconditionsMet(Step step) {
        return step.bridges().stream().allMatch(links::exists);
    }

    @Override
    public StepResult prepare(Step step) throws InterruptedException {
        if (runtime.state(Runtimes.running(step.entry())) == ContainerState.RUNNING) {
            return StepResult.success(); // adopted: its network is evidently there
        }
        for (String bridge : step.bridges()) {
            if (!links.awaitLink(bridge, agent.bridgeTimeout())) {
                return fail(step.name(), "bridge '" + bridge + "' not up after " + agent.bridgeTimeout().toSeconds() + "s ("
                        + links.describe(bridge) + "); declare it in [bridge " + bridge + "] of /etc/lxc/lxc-auto.conf"
                        + " or create it before lxc-auto runs");
            }
        }
        return StepResult.success();
    }

    @Override
    public StepResult run(Step step) throws InterruptedException {
        ContainerEntry entry = step.entry();
        ContainerRef container = Runtimes.running(entry);
        Instant begin = clock.now();
        timeline.begin(step.name(), begin);
        Outcome outcome = Outcome.READY;
        try {
            if (runtime.state(container) == ContainerState.RUNNING) {
                outcome = Outcome.ADOPTED;
                LOG.info("{}: already running, adopting it", step.name());
            } else {
                LOG.info("{}: starting{}", step.name(), step.waitsFor().isEmpty() ? "" : " (after " + String.join(", ", step.waitsFor()) + ")");
                if (entry.ephemeral()) {
                    runtime.startEphemeral(Runtimes.base(entry), container);
                } else {
                    runtime.start(container);
                }
            }
            gate.await(container, entry.ready(), begin.plus(entry.startTimeout()), entry.startTimeout());
        } catch (ContainerException | RuntimeException e) {
            // A RuntimeException here is a tool that could not run at all (CommandException).
            return fail(step.name(), e.getMessage());
        }
        Instant ready = clock.now();
        String address = runtime.ipv4(container).orElse(null);
        timeline.finish(step.name(), outcome, ready, ready.plus(entry.startDelay()), address);
        LOG.info("{}: ready in {} ms ({}{})", step.name(), Duration.between(begin, ready).toMillis(), entry.ready(),
                address == null ? "" : ", " + address);
        return StepResult.success(entry.startDelay());
    }

    @Override
    public void skipped(Step step, String reason) {
        timeline.fail(step.name(), Outcome.SKIPPED, reason);
        LOG.warn("{}: not started: {}", step.name(), reason);
    }

    private StepResult fail(String name, String reason) {
        String message = "Cannot start '" + name + "': " + reason;
        timeline.fail(name, Outcome.FAILED, message);
        LOG.error(message);
        return StepResult.failure(message);
    }
}
