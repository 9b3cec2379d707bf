package org.lxcauto.daemon;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.lxcauto.Agent1.Error.NotRunning;
import org.lxcauto.Agent1.Error.ShuttingDown;
import org.lxcauto.Agent1.Error.UnknownContainer;
import org.lxcauto.config.AgentConfig;
import org.lxcauto.config.Configuration;
import org.lxcauto.config.ContainerEntry;
import org.lxcauto.config.Readiness;
import org.lxcauto.container.ContainerMonitor;
import org.lxcauto.container.ContainerRef;
import org.lxcauto.event.Events;
import org.lxcauto.lifecycle.Boot;
import org.lxcauto.lifecycle.BootSelection;
import org.lxcauto.lifecycle.ContainerControl;
import org.lxcauto.lifecycle.DaemonFacts;
import org.lxcauto.lifecycle.ExitCodes;
import org.lxcauto.lifecycle.Host;
import org.lxcauto.lifecycle.NotAutostartException;
import org.lxcauto.lifecycle.NotRunningException;
import org.lxcauto.lifecycle.OperatorStops;
import org.lxcauto.lifecycle.Progress;
import org.lxcauto.lifecycle.RunningContainers;
import org.lxcauto.lifecycle.Runtimes;
import org.lxcauto.lifecycle.Shutdown;
import org.lxcauto.lifecycle.StatusSnapshot;
import org.lxcauto.metrics.AgentMetrics;
import org.lxcauto.metrics.MetricsFile;
import org.lxcauto.plan.Selection;
import org.lxcauto.state.Outcome;
import org.lxcauto.state.RunRecord;
import org.lxcauto.state.StateStore;
import org.lxcauto.system.Clock;
import org.lxcauto.system.Json;
import org.lxcauto.system.Notifier;
import org.lxcauto.system.Signals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lxc-auto daemon} (docs/daemon.md): boot, tell the init system we are ready, stay resident,
 * and stop the containers cleanly when the host goes down.
 *
 * <p>Everything that changes state runs on one thread, the {@link DaemonLoop}: signals, D-Bus
 * calls, logind's announcement and container deaths only queue work for it, and a host shutdown
 * or a stop of the agent goes before work still queued. Once the containers are stopped for good,
 * nothing starts them again: {@code Start} and {@code Reload} are refused, restarts end.
 *
 * <p>Every side effect comes in through the constructor (the {@link Host}, the bus, the notifier,
 * the signals), so the loop's decisions are unit-tested on fakes, in fake time.
 */
public final class Daemon {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    /** How often a long shutdown asks systemd for more time, and how much. */
    static final Duration EXTEND_EVERY = Duration.ofSeconds(5);
    static final Duration EXTEND_BY = Duration.ofSeconds(15);

    private final Host host;
    private final StateStore store;
    private final Supplier<Configuration> configuration;
    private final Notifier notifier;
    private final HostShutdown hostShutdown;
    private final DaemonBus bus;
    private final Signals signals;
    private final DaemonLoop loop;
    private final Map<String, String> supervisionErrors = new ConcurrentHashMap<>();
    /** When each container this daemon started became ready; read by status on the bus's threads. */
    private final Map<String, Instant> readyAt = new ConcurrentHashMap<>();
    /** When this daemon started, for status. */
    private volatile Instant since;
    private final Supervisor supervisor;
    /** What the metrics file says; it hears the host's events. */
    private final AgentMetrics metrics = new AgentMetrics();
    private final MetricsFile metricsFile;
    private final Watchdog watchdog;
    /** Replaced by a reload on the loop; read by status on the bus's threads too. */
    private volatile Configuration config;
    /** The containers were stopped for good (host shutdown, or on-agent-stop = always). */
    private boolean stopped;
    private boolean leaving;

    /**
     * @param configuration reads the configuration anew (at start and on every reload)
     * @param bus the system bus side of the daemon, possibly without a bus
     * @param signals where TERM, PWR and HUP are heard
     */
    public Daemon(Host host, StateStore store, Supplier<Configuration> configuration, Notifier notifier,
            HostShutdown hostShutdown, DaemonBus bus, Signals signals) {
        this(host, store, configuration, notifier, hostShutdown, bus, signals, Optional.empty());
    }

    /**
     * @param watchdogTimeout systemd's watchdog timeout
     *     ({@link org.lxcauto.system.SdNotifier#watchdogTimeout()}), empty without one: {@link Watchdog}
     */
    public Daemon(Host host, StateStore store, Supplier<Configuration> configuration, Notifier notifier,
            HostShutdown hostShutdown, DaemonBus bus, Signals signals, Optional<Duration> watchdogTimeout) {
        this.host = host.withEvents(Events.all(host.events(), metrics));
        this.store = store;
        this.configuration = configuration;
        this.notifier = notifier;
        this.hostShutdown = hostShutdown;
        this.bus = bus;
        this.signals = signals;
        this.loop = new DaemonLoop(host.clock());
        this.supervisor = new Supervisor(host.runtime(), heardByMetrics(host.monitor()), host.clock(), loop::post,
                restarter(), supervisionErrors, this.host.events());
        this.metricsFile = new MetricsFile(() -> config == null ? null : config.agent().metricsFile(), metrics,
                host.clock(), loop::post);
        metrics.listen(metricsFile::changed);
        this.watchdog = new Watchdog(watchdogTimeout, host.clock(), loop::postUrgent, notifier);
    }

    /**
     * The monitor the restart policy listens to, whose changes the metrics hear as well: a
     * container that dies unwatched (restart = no) is down in the metrics file too, without a
     * second lxc-monitor.
     */
    private ContainerMonitor heardByMetrics(ContainerMonitor monitor) {
        return (lxcpath, listener) -> monitor.watch(lxcpath, (container, state) -> {
            listener.changed(container, state);
            entryName(lxcpath, container).ifPresent(name -> metrics.runtimeState(name, state));
        });
    }

    /**
     * The entry that runs as {@code container} under {@code lxcpath} (an ephemeral copy is its
     * entry's); none for a one-shot container, whose init ending is its job done, not a death.
     */
    private Optional<String> entryName(Path lxcpath, String container) {
        Configuration current = config;
        if (current == null) {
            return Optional.empty();
        }
        return current.entries().stream()
                .filter(e -> Runtimes.running(e) instanceof ContainerRef.Lxc lxc && lxc.lxcpath().equals(lxcpath)
                        && lxc.name().equals(container) && !(e.ready() instanceof Readiness.Exited))
                .map(ContainerEntry::name).findFirst();
    }

    /** Starts, serves until told to leave, and cleans up however it leaves. Returns the exit status. */
    public int run() throws InterruptedException {
        try {
            begin();
            loop.serve(() -> leaving);
        } finally {
            close();
        }
        return ExitCodes.OK;
    }

    /**
     * First step: install the signal handlers (they only queue). Second: connect to the bus, read
     * the configuration and listen for container deaths, so none during the boot goes unseen.
     * Third: boot, reporting progress as STATUS= and ContainerStateChanged. Fourth: publish the
     * D-Bus API and take logind's delay lock. Fifth: READY=1. Last: the metrics file. What comes in
     * meanwhile waits in the loop.
     */
    void begin() throws InterruptedException {
        since = host.clock().now();
        signals.on("TERM", () -> loop.postUrgent(this::terminate));
        signals.on("PWR", () -> loop.postUrgent(() -> hostGoingDown("SIGPWR")));
        signals.on("HUP", () -> loop.post(this::reloadOnSignal));

        notifier.notify("STATUS=Booting containers");
        bus.connect(); // before the boot, so that its ContainerStateChanged signals are sent
        config = configuration.get();
        metrics.daemonUp(true);
        metrics.configured(config);
        supervisor.start(config.lxcpaths());

        RunRecord boot = new Boot(host, store, startProgress(config)).run(config,
                BootSelection.of(config, store, () -> RunningContainers.find(host.runtime(), config).keySet()), "boot");

        bus.publish(new AgentObject(loop::call, this), why -> loop.postUrgent(() -> hostGoingDown(why)));

        String summary = summary(boot);
        notifier.notify("READY=1\nSTATUS=" + summary);
        LOG.info("daemon: ready; {}", summary);
        watchdog.start();
        metricsFile.writeNow(); // after READY=1: the init system need not wait for a file of the monitoring's
    }

    /** Whether the loop has been told to leave. */
    boolean leaving() {
        return leaving;
    }

    /** The loop, for the D-Bus API and for tests that turn it by hand. */
    DaemonLoop loop() {
        return loop;
    }

    /** However the daemon leaves, its monitors must not outlive it, nor its hold on logind. */
    void close() {
        watchdog.close();
        supervisor.close();
        bus.close();
        metrics.daemonUp(false);
        metricsFile.writeNow();
    }

    /**
     * SIGTERM: the init system stops the service. Containers go down only with the host (or if
     * configured so). The daemon leaves whatever happens on the way: a service that ignored its
     * stop would only be killed later.
     */
    private void terminate() {
        notifier.notify("STOPPING=1\nSTATUS=Stopping the agent");
        watchdog.close(); // systemd does not watch a stop; a keep-alive would arm its watchdog again
        try {
            String reason = hostShutdown.reason();
            if (reason != null) {
                hostGoingDown(reason);
            } else if (config.agent().onAgentStop() == AgentConfig.OnAgentStop.ALWAYS) {
                LOG.info("daemon: stopping, and on-agent-stop = always: stopping the containers");
                stopContainers("agent stop (on-agent-stop = always)");
            } else {
                LOG.info("daemon: stopping; not a host shutdown, so the containers keep running"
                        + " (on-agent-stop = host-shutdown); the next daemon adopts them");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            leaving = true;
        }
    }

    /** The host is going down: stop every container now, dependents first, once. */
    private void hostGoingDown(String why) {
        hostShutdown.announce(why);
        if (!stopped) {
            LOG.info("daemon: host shutdown ({}): stopping the containers", why);
            stopContainers(why);
        }
        bus.releaseShutdownLock();
    }

    /**
     * Stops every container, for good: supervision ends first, so that none of these stops looks
     * like a death. Under systemd, a long shutdown that makes progress asks for more time every
     * {@link #EXTEND_EVERY} instead of being killed.
     */
    @SuppressWarnings("try") // the lease is held for the length of the block, never referenced
    private void stopContainers(String why) {
        if (stopped) {
            return;
        }
        stopped = true;
        supervisor.stopSupervising();
        Runnable extend = () -> notifier.notify("EXTEND_TIMEOUT_USEC=" + EXTEND_BY.toNanos() / 1000);
        extend.run();
        Clock.Scheduled extender = host.clock().scheduleEvery(EXTEND_EVERY, extend);
        try (Watchdog.Lease busy = watchdog.busy("the stop of every container", Watchdog.stopBound(config))) {
            Progress progress = (name, outcome, done, total) -> {
                notifier.notify("STATUS=Stopping containers: " + done + "/" + total + " stopped");
                bus.emit(name, outcome.name().toLowerCase());
            };
            notifier.notify("STATUS=Stopping containers (" + why + ")");
            new Shutdown(host, store, progress).run(config, Selection.all(), config.agent().shutdownTimeout(), "shutdown");
            metricsFile.writeNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            extender.cancel();
        }
    }

    /** A start's progress: STATUS=, ContainerStateChanged, and supervision of what came up. */
    private Progress startProgress(Configuration configuration) {
        return (name, outcome, done, total) -> {
            watchdog.progress();
            notifier.notify("STATUS=" + done + "/" + total + " containers started");
            bus.emit(name, outcome.name().toLowerCase());
            if (outcome == Outcome.READY) {
                readyAt.put(name, host.clock().now());
            }
            if (outcome.isUp()) {
                supervisionErrors.remove(name); // up again: what status said of its restarts no longer holds
                configuration.entries().stream().filter(e -> e.name().equals(name)).findFirst()
                        .ifPresent(e -> loop.post(() -> supervisor.watch(e)));
            }
        };
    }

    /** The restart policy's hands: the same operations as the D-Bus API's, on the loop too. */
    private Supervisor.Restarter restarter() {
        return new Supervisor.Restarter() {
            @Override
            public Set<String> stopDependents(String name) throws InterruptedException {
                return Daemon.this.stopDependents(name);
            }

            @Override
            public boolean restart(String name, Set<String> dependents) throws InterruptedException {
                return Daemon.this.restart(name, dependents);
            }

            @Override
            public void stoppedOnPurpose(String name) {
                OperatorStops.add(store, name);
            }
        };
    }

    /** The restart policy's way to stop a container's dependents before it starts it again. */
    @SuppressWarnings("try") // the lease is held for the length of the block, never referenced
    private Set<String> stopDependents(String name) throws InterruptedException {
        try (Watchdog.Lease busy = watchdog.busy("the stop of what needs '" + name + "'", Watchdog.stopBound(config))) {
            return new ContainerControl(host, store, (n, o, d, t) -> bus.emit(n, o.name().toLowerCase()))
                    .stopDependents(config, name);
        }
    }

    /** The restart policy's way to start a container again, then its dependents; true when it is up. */
    @SuppressWarnings("try") // the lease is held for the length of the block, never referenced
    private boolean restart(String name, Set<String> dependents) throws InterruptedException {
        bus.emit(name, "restarting");
        try (Watchdog.Lease busy = watchdog.busy("the restart of '" + name + "'", Watchdog.startBound(config))) {
            return new ContainerControl(host, store, startProgress(config)).restart(config, name, dependents)
                    .exitCode() == ExitCodes.OK;
        } catch (NotAutostartException e) {
            LOG.warn("{}: not restarted: {} since the last reload", name, e.getMessage());
            supervisor.unwatch(name);
            return false;
        }
    }

    private static String summary(RunRecord boot) {
        long ready = boot.containers().stream().filter(c -> c.outcome().isUp()).count();
        return ready + "/" + boot.containers().size() + " containers ready";
    }

    // --- What the D-Bus API and SIGHUP do, always on the loop.

    String status() throws InterruptedException {
        StatusSnapshot snapshot = StatusSnapshot.take(config, host.runtime(), host.ip(), store,
                new DaemonFacts(since, supervisionErrors, supervisor.restarts(), readyAt));
        return Json.write(snapshot);
    }

    @SuppressWarnings("try") // the lease is held for the length of the block, never referenced
    int start(String name) throws InterruptedException {
        refuseOnceStopped("start '" + name + "'");
        try (Watchdog.Lease busy = watchdog.busy("the start of '" + name + "'", Watchdog.startBound(config))) {
            return new ContainerControl(host, store, startProgress(config)).start(config, name).exitCode();
        } catch (NotAutostartException e) {
            throw new UnknownContainer(e.getMessage() + (e.broken() != null ? "" : " in the configuration the daemon"
                    + " last read; enable it with 'lxc-auto enable " + name + "' and run 'lxc-auto reload', or start it"
                    + " with lxc-start"));
        }
    }

    @SuppressWarnings("try") // the lease is held for the length of the block, never referenced
    int stop(String name) throws InterruptedException {
        supervisor.unwatch(name);
        ContainerControl control = new ContainerControl(host, store, (n, o, d, t) -> bus.emit(n, o.name().toLowerCase()));
        try (Watchdog.Lease busy = watchdog.busy("the stop of '" + name + "'", Watchdog.stopBound(config))) {
            RunRecord run = control.stop(config, name).run();
            run.containers().forEach(c -> {
                supervisor.unwatch(c.name()); // stopped on purpose: no restart
                readyAt.remove(c.name()); // the stop record may be replaced by the next one; this may not outlive it
            });
            return run.exitCode() == ExitCodes.FAILURE ? ExitCodes.FAILURE : ExitCodes.OK;
        } catch (NotRunningException e) {
            e.run().containers().forEach(c -> supervisor.unwatch(c.name()));
            throw new NotRunning(e.getMessage());
        }
    }

    /** SIGHUP and Reload(): re-read the configuration, start what became enabled (adopting the rest). */
    @SuppressWarnings("try") // the lease is held for the length of the block, never referenced
    int reload() {
        refuseOnceStopped("reload");
        try {
            config = configuration.get();
            metrics.configured(config);
            LOG.info("daemon: configuration reloaded; starting what became enabled");
            RunRecord run;
            try (Watchdog.Lease busy = watchdog.busy("the reload", Watchdog.startBound(config))) {
                run = new Boot(host, store, startProgress(config)).run(config, BootSelection.reload(store,
                        () -> RunningContainers.find(host.runtime(), config).keySet()), "reload");
            }
            notifier.notify("STATUS=" + summary(run));
            return run.exitCode() == ExitCodes.OK ? ExitCodes.OK : ExitCodes.FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.FAILURE;
        }
    }

    private void reloadOnSignal() {
        try {
            reload();
        } catch (ShuttingDown e) {
            LOG.info("daemon: SIGHUP ignored: {}", e.getMessage());
        }
    }

    /** Once the containers are stopped for good, nothing starts them again in this daemon's life. */
    private void refuseOnceStopped(String what) {
        if (stopped) {
            throw new ShuttingDown("cannot " + what + ": the daemon has stopped the containers for "
                    + (leaving ? "its own stop" : "the host shutdown") + " and starts none until it runs again");
        }
    }
}
