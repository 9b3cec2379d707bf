package org.lxcauto.daemon;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.lxcauto.Agent1.Error.NotRunning;
import org.lxcauto.Agent1.Error.ShuttingDown;
import org.lxcauto.Agent1.Error.UnknownContainer;
import org.lxcauto.config.AgentConfig;
import org.lxcauto.config.Configuration;
import org.lxcauto.lifecycle.Boot;
import org.lxcauto.lifecycle.BootSelection;
import org.lxcauto.lifecycle.ContainerControl;
import org.lxcauto.lifecycle.DaemonFacts;
import org.lxcauto.lifecycle.ExitCodes;
import org.lxcauto.lifecycle.Host;
import org.lxcauto.lifecycle.NotAutostartException;
import org.lxcauto.lifecycle.NotRunningException;
import org.lxcauto.lifecycle.Progress;
import org.lxcauto.lifecycle.RunningContainers;
import org.lxcauto.lifecycle.Shutdown;
import org.lxcauto.lifecycle.StatusSnapshot;
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
        this.host = host;
        this.store = store;
        this.configuration = configuration;
        this.notifier = notifier;
        this.hostShutdown = hostShutdown;
        this.bus = bus;
        this.signals = signals;
        this.loop = new DaemonLoop(host.clock());
        this.supervisor = new Supervisor(host.runtime(), host.monitor(), host.clock(), loop::post, this::restart,
                supervisionErrors, host.events());
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
     * D-Bus API and take logind's delay lock. Fifth: READY=1. What comes in meanwhile waits in the
     * loop.
     */
    void begin() throws InterruptedException {
        since = host.clock().now();
        signals.on("TERM", () -> loop.postUrgent(this::terminate));
        signals.on("PWR", () -> loop.postUrgent(() -> hostGoingDown("SIGPWR")));
        signals.on("HUP", () -> loop.post(this::reloadOnSignal));

        notifier.notify("STATUS=Booting containers");
        bus.connect(); // before the boot, so that its ContainerStateChanged signals are sent
        config = configuration.get();
        supervisor.start(config.lxcpaths());

        RunRecord boot = new Boot(host, store, startProgress(config)).run(config,
                BootSelection.of(config, store, () -> RunningContainers.find(host.runtime(), config).keySet()), "boot");

        bus.publish(new AgentObject(loop::call, this), why -> loop.postUrgent(() -> hostGoingDown(why)));

        String summary = summary(boot);
        notifier.notify("READY=1\nSTATUS=" + summary);
        LOG.info("daemon: ready; {}", summary);
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
        supervisor.close();
        bus.close();
    }

    /**
     * SIGTERM: the init system stops the service. Containers go down only with the host (or if
     * configured so). The daemon leaves whatever happens on the way: a service that ignored its
     * stop would only be killed later.
     */
    private void terminate() {
        notifier.notify("STOPPING=1\nSTATUS=Stopping the agent");
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
    private void stopContainers(String why) {
        if (stopped) {
            return;
        }
        stopped = true;
        supervisor.stopSupervising();
        Runnable extend = () -> notifier.notify("EXTEND_TIMEOUT_USEC=" + EXTEND_BY.toNanos() / 1000);
        extend.run();
        Clock.Scheduled extender = host.clock().scheduleEvery(EXTEND_EVERY, extend);
        try {
            Progress progress = (name, outcome, done, total) -> {
                notifier.notify("STATUS=Stopping containers: " + done + "/" + total + " stopped");
                bus.emit(name, outcome.name().toLowerCase());
            };
            notifier.notify("STATUS=Stopping containers (" + why + ")");
            new Shutdown(host, store, progress).run(config, Selection.all(), config.agent().shutdownTimeout(), "shutdown");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            extender.cancel();
        }
    }

    /** A start's progress: STATUS=, ContainerStateChanged, and supervision of what came up. */
    private Progress startProgress(Configuration configuration) {
        return (name, outcome, done, total) -> {
            notifier.notify("STATUS=" + done + "/" + total + " containers started");
            bus.emit(name, outcome.name().toLowerCase());
            if (outcome == Outcome.READY) {
                readyAt.put(name, host.clock().now());
            }
            if (outcome.isUp()) {
                configuration.entries().stream().filter(e -> e.name().equals(name)).findFirst()
                        .ifPresent(e -> loop.post(() -> supervisor.watch(e)));
            }
        };
    }

    /** The restart policy's way to start a container again; true when it is up. */
    private boolean restart(String name) throws InterruptedException {
        bus.emit(name, "restarting");
        try {
            return new ContainerControl(host, store, startProgress(config)).restart(config, name).exitCode() == ExitCodes.OK;
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

    int start(String name) throws InterruptedException {
        refuseOnceStopped("start '" + name + "'");
        try {
            return new ContainerControl(host, store, startProgress(config)).start(config, name).exitCode();
        } catch (NotAutostartException e) {
            throw new UnknownContainer(e.getMessage() + (e.broken() != null ? "" : " in the configuration the daemon"
                    + " last read; enable it with 'lxc-auto enable " + name + "' and run 'lxc-auto reload', or start it"
                    + " with lxc-start"));
        }
    }

    int stop(String name) throws InterruptedException {
        supervisor.unwatch(name);
        ContainerControl control = new ContainerControl(host, store, (n, o, d, t) -> bus.emit(n, o.name().toLowerCase()));
        try {
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
    int reload() {
        refuseOnceStopped("reload");
        try {
            config = configuration.get();
            LOG.info("daemon: configuration reloaded; starting what became enabled");
            RunRecord run = new Boot(host, store, startProgress(config)).run(config, Selection.all(), "reload");
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
