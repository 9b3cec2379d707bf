package org.lxcauto.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.lxcauto.config.AgentConfig;
import org.lxcauto.config.ContainerEntry;
import org.lxcauto.config.Readiness;
import org.lxcauto.config.Target;
import org.lxcauto.container.ContainerException;
import org.lxcauto.container.ContainerRef;
import org.lxcauto.container.ContainerRuntime;
import org.lxcauto.container.ContainerState;
import org.lxcauto.container.ReadinessGate;
import org.lxcauto.container.StartOutcome;
import org.lxcauto.event.ContainerEvent;
import org.lxcauto.event.Events;
import org.lxcauto.need.Need;
import org.lxcauto.need.NeedsGate;
import org.lxcauto.network.LinkWatcher;
import org.lxcauto.network.NetworkException;
import org.lxcauto.network.NetworkManagerSession;
import org.lxcauto.plan.Step;
import org.lxcauto.state.InterfaceRecord;
import org.lxcauto.state.NeedsRecord;
import org.lxcauto.state.Outcome;
import org.lxcauto.system.Clock;
import org.lxcauto.system.CommandException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts one container: wait for its bridges, start it (or adopt it), wait until it is ready. */
final class StartTask implements StepTask {

    private static final Logger LOG = LoggerFactory.getLogger(StartTask.class);

    /** How long NetworkManager gets to take its hands off a container's veth. */
    private static final Duration UNMANAGE_TIMEOUT = Duration.ofSeconds(5);

    private final ContainerRuntime runtime;
    private final LinkWatcher links;
    private final ReadinessGate gate;
    private final Clock clock;
    private final NetworkManagerSession nm;
    private final AgentConfig agent;
    private final Map<String, CompletableFuture<InterfaceRecord>> interfaces;
    private final Timeline timeline;
    private final NeedsGate needs;
    private final NeedsBoard board;
    private final Events events;

    /** @param board where each container's wait for its needs is posted, for status */
    StartTask(Host host, AgentConfig agent, Map<String, CompletableFuture<InterfaceRecord>> interfaces, Timeline timeline,
            NeedsBoard board) {
        this.needs = host.needsGate();
        this.board = board;
        this.runtime = host.runtime();
        this.links = host.links();
        this.gate = host.readinessGate();
        this.clock = host.clock();
        this.nm = host.nm();
        this.agent = agent;
        this.interfaces = interfaces;
        this.timeline = timeline;
        this.events = host.events();
    }

    /**
     * Every bridge exists, and those lxc-auto brings up itself are done; and the container has no
     * needs, which are only ever waited for off the launch slots, in {@link #prepare}.
     */
    @Override
    public boolean preconditionsMet(Step step) {
        return step.entry().needs().isEmpty()
                && step.bridges().stream().allMatch(b -> interfaces.containsKey(b) ? interfaces.get(b).isDone() : links.exists(b));
    }

    @Override
    public StepResult prepare(Step step) throws InterruptedException {
        try {
            if (runtime.state(Runtimes.running(step.entry())) == ContainerState.RUNNING) {
                return StepResult.success(); // adopted: its network is evidently there
            }
            for (String bridge : step.bridges()) {
                Optional<String> missing = interfaces.containsKey(bridge) ? declaredDown(bridge) : undeclaredMissing(bridge);
                if (missing.isPresent()) {
                    return fail(step.name(), missing.get());
                }
            }
        } catch (CommandException e) {
            // lxc-info or ip could not run at all: this container cannot be started, the others may.
            return fail(step.name(), e.getMessage());
        }
        return awaitNeeds(step);
    }

    /**
     * Waits for the container's needs, all within its start-timeout, which counts from here: the
     * time waited is taken from what readiness gets after the launch (see {@link #launch}).
     */
    private StepResult awaitNeeds(Step step) throws InterruptedException {
        ContainerEntry entry = step.entry();
        if (entry.needs().isEmpty()) {
            return StepResult.success();
        }
        Instant begin = clock.now();
        timeline.needsBegin(step.name(), begin, entry.needs());
        List<NeedsGate.Unmet> unmet;
        try {
            unmet = needs.await(entry.needs(), begin.plus(entry.startTimeout()), new NeedsGate.Listener() {
                @Override
                public void waiting(List<Need> open) {
                    LOG.info("{}: waiting for {}", step.name(), open.stream().map(Need::toString).collect(Collectors.joining(" ")));
                    board.waiting(step.name(), open);
                }

                @Override
                public void met(Need need, Instant at) {
                    timeline.needMet(step.name(), need, at);
                    LOG.info("{}: {} holds after {} ms", step.name(), need, Duration.between(begin, at).toMillis());
                }
            });
        } finally {
            timeline.needsEnd(step.name(), clock.now());
            board.waiting(step.name(), List.of());
        }
        if (unmet.isEmpty()) {
            return StepResult.success();
        }
        String where = entry.file() + ":" + entry.lineOf("needs");
        return fail(step.name(), unmet.stream().map(u -> "needs " + u.need() + ", " + u.why()
                + (u.timedOut() ? " after " + entry.startTimeout().toSeconds() + "s (start-timeout); " : "; ")
                + u.fix() + " in " + where).collect(Collectors.joining("; and ")));
    }

    /** Waits for lxc-auto's own bringing-up of {@code bridge}; its error if it failed. */
    private Optional<String> declaredDown(String bridge) throws InterruptedException {
        InterfaceRecord record;
        try {
            record = interfaces.get(bridge).get(agent.bridgeTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return Optional.of("bridge '" + bridge + "' not up after " + agent.bridgeTimeout().toSeconds() + "s");
        }
        return record.ok() ? Optional.empty() : Optional.of("bridge '" + bridge + "' is not up: " + record.error());
    }

    /** Waits, on kernel link events, for a bridge somebody else creates. */
    private Optional<String> undeclaredMissing(String bridge) throws InterruptedException {
        if (links.awaitLink(bridge, agent.bridgeTimeout())) {
            return Optional.empty();
        }
        return Optional.of("bridge '" + bridge + "' not up after " + agent.bridgeTimeout().toSeconds() + "s ("
                + links.describe(bridge) + "); declare it in [bridge " + bridge + "] of /etc/lxc/lxc-auto.conf"
                + " or create it before lxc-auto runs");
    }

    /** Keeps NetworkManager off the container's host-side devices: no DHCP on them, no teardown. */
    private void releaseFromNetworkManager(String name, ContainerRef container) throws InterruptedException {
        if (!nm.running()) {
            return;
        }
        for (String device : runtime.hostInterfaces(container)) {
            try {
                nm.unmanage(device, clock.now().plus(UNMANAGE_TIMEOUT));
                LOG.info("{}: {} set unmanaged in NetworkManager", name, device);
            } catch (NetworkException e) {
                LOG.warn("{}: could not set {} unmanaged in NetworkManager: {}; NetworkManager may run DHCP on it",
                        name, device, e.getMessage());
            }
        }
    }

    /**
     * lxc-start (or the ephemeral copy); a container that runs already is adopted, which lxc-start
     * itself reports, so no state query is spent on the common case of a stopped container.
     */
    @Override
    public Settle launch(Step step) throws InterruptedException {
        ContainerEntry entry = step.entry();
        ContainerRef container = Runtimes.running(entry);
        Instant begin = clock.now();
        timeline.begin(step.name(), begin);
        StartOutcome started;
        try {
            tell(step.name(), ContainerEvent.Kind.STARTING, begin, null, step.name() + ": starting"
                    + (step.waitsFor().isEmpty() ? "" : " (after " + String.join(", ", step.waitsFor()) + ")"));
            if (!(entry.target() instanceof Target.Lxc lxc && lxc.ephemeral())) {
                started = runtime.start(container);
            } else {
                started = startCopy(step.name(), entry, container, lxc);
            }
        } catch (ContainerException | CommandException e) {
            // CommandException: a tool that could not run at all. Anything else is a bug, which
            // DagRunner records as an internal error rather than as "Cannot start".
            return Settle.with(fail(step.name(), e.getMessage()));
        }
        Outcome outcome = Outcome.READY;
        if (started == StartOutcome.ALREADY_RUNNING) {
            outcome = Outcome.ADOPTED;
            LOG.info("{}: already running, adopting it", step.name());
        }
        Outcome settled = outcome;
        return () -> settle(step, container, begin, settled);
    }

    /**
     * The ephemeral copy: one that runs already is adopted (lxc-copy would refuse its name), and
     * one found stopped is what a power loss left behind, as LXC destroys a copy when it stops:
     * it is removed first, so the new copy is made from the base as it is now.
     */
    private StartOutcome startCopy(String name, ContainerEntry entry, ContainerRef copy, Target.Lxc lxc)
            throws ContainerException, InterruptedException {
        ContainerState state = runtime.state(copy);
        if (state == ContainerState.RUNNING) {
            return StartOutcome.ALREADY_RUNNING;
        }
        if (state == ContainerState.STOPPED) {
            LOG.warn("{}: found its copy '{}' stopped (left by a power loss?); removing it", name, copy.name());
            runtime.destroyLeftoverCopy(copy);
        }
        return runtime.startEphemeral(Runtimes.base(entry), copy, lxc.keep());
    }

    /** Off the parallelism slot: NetworkManager's hands off its veth, then its readiness check. */
    private StepResult settle(Step step, ContainerRef container, Instant begin, Outcome outcome) throws InterruptedException {
        ContainerEntry entry = step.entry();
        try {
            releaseFromNetworkManager(step.name(), container);
            gate.await(container, entry.ready(), begin.plus(readinessBudget(step)), entry.startTimeout());
        } catch (ContainerException | CommandException e) {
            return fail(step.name(), e.getMessage());
        }
        Instant ready = clock.now();
        // Without a network link there is no address to ask LXC for (status looks it up live).
        String address = addressed(entry) ? runtime.ipv4(container).orElse(null) : null;
        timeline.finish(step.name(), outcome, ready, ready.plus(entry.startDelay()), address);
        Duration took = Duration.between(begin, ready);
        ContainerEvent.Kind kind = outcome == Outcome.ADOPTED ? ContainerEvent.Kind.ADOPTED : ContainerEvent.Kind.READY;
        if (entry.ready() instanceof Readiness.Exited) {
            tell(step.name(), kind, ready, took, step.name() + ": its job exited with status 0 after " + took.toMillis()
                    + " ms");
        } else {
            tell(step.name(), kind, ready, took, step.name() + ": ready in " + took.toMillis() + " ms (" + entry.ready()
                    + (address == null ? "" : ", " + address) + ")");
        }
        return StepResult.success(entry.startDelay());
    }

    /**
     * What is left of the start-timeout once the needs were waited for: one budget for both, so that
     * a container is ready, or failed, within its start-timeout of its gate opening. The time spent
     * queued for a launch slot between the two does not count, as it never did.
     */
    private Duration readinessBudget(Step step) {
        Duration timeout = step.entry().startTimeout();
        NeedsRecord waited = timeline.get(step.name()).needs();
        Duration used = waited == null || waited.duration() == null ? Duration.ZERO : waited.duration();
        return used.compareTo(timeout) < 0 ? timeout.minus(used) : Duration.ZERO;
    }

    private static boolean addressed(ContainerEntry entry) {
        if (entry.ready() instanceof Readiness.Exited) {
            return false; // a one-shot container is ready once stopped, and a stopped one has no address
        }
        return !(entry.target() instanceof Target.Lxc container) || !container.config().links().isEmpty()
                || entry.ready() instanceof Readiness.Ipv4 || entry.ready() instanceof Readiness.Tcp;
    }

    @Override
    public void skipped(Step step, String reason) {
        timeline.fail(step.name(), Outcome.SKIPPED, reason);
        tell(step.name(), ContainerEvent.Kind.SKIPPED, clock.now(), null, step.name() + ": not started: " + reason);
    }

    private StepResult fail(String name, String reason) {
        String message = "Cannot start '" + name + "': " + reason;
        timeline.fail(name, Outcome.FAILED, message);
        Instant now = clock.now();
        Instant begin = timeline.get(name).begin(); // none when it failed before its launch (a bridge)
        tell(name, ContainerEvent.Kind.FAILED, now, begin == null ? null : Duration.between(begin, now), message);
        return StepResult.failure(message);
    }

    private void tell(String name, ContainerEvent.Kind kind, Instant at, Duration took, String message) {
        events.tell(LOG, new ContainerEvent(name, kind, at, took, message));
    }
}
