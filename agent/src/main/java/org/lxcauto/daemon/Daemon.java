package org.lxcauto.daemon;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.lxcauto.Agent1.Error.NotRunning;
import org.lxcauto.Agent1.Error.UnknownContainer;
import org.lxcauto.config.AgentConfig;
import org.lxcauto.config.Configuration;
import org.lxcauto.lifecycle.Boot;
import org.lxcauto.lifecycle.BootSelection;
import org.lxcauto.lifecycle.RunningContainers;
import org.lxcauto.lifecycle.ExitCodes;
import org.lxcauto.lifecycle.Host;
import org.lxcauto.lifecycle.Progress;
import org.lxcauto.lifecycle.Shutdown;
import org.lxcauto.lifecycle.StatusSnapshot;
import org.lxcauto.network.IpRoute;
import org.lxcauto.plan.Selection;
import org.lxcauto.state.RunRecord;
import org.lxcauto.state.StateStore;
import org.lxcauto.system.Notifier;
import org.lxcauto.system.ProcessCommandRunner;
import org.lxcauto.system.Signals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lxc-auto daemon} (docs/daemon.md): boot, tell the init system we are ready, stay resident,
 * and stop the containers cleanly when the host goes down.
 *
 * <p>Everything that changes state runs on one thread, the loop in {@link #run}: signals, D-Bus
 * calls, logind's announcement and container deaths only queue work for it. So a reload never
 * races a shutdown, and no lock is needed.
 */
public final class Daemon {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    /** How often a long shutdown asks systemd for more time, and how much. */
    private static final Duration EXTEND_EVERY = Duration.ofSeconds(5);
    private static final Duration EXTEND_BY = Duration.ofSeconds(15);

    private final Host host;
    private final StateStore store;
    private final Supplier<Configuration> configuration;
    private final Notifier notifier;
    private final HostShutdown hostShutdown;
    private final DaemonBus bus;
    private final BlockingQueue<Runnable> loop = new LinkedBlockingQueue<>();
    private final Map<String, String> supervisionErrors = new ConcurrentHashMap<>();
    private final Supervisor supervisor;
    private Configuration config;
    private boolean stopped;
    private boolean leaving;

    /**
     * @param configuration reads the configuration anew (at start and on every reload)
     * @param bus the system bus side of the daemon, possibly without a bus
     */
    public Daemon(Host host, StateStore store, Supplier<Configuration> configuration, Notifier notifier,
            HostShutdown hostShutdown, DaemonBus bus) {
        this.host = host;
        this.store = store;
        this.configuration = configuration;
        this.notifier = notifier;
        this.hostShutdown = hostShutdown;
        this.bus = bus;
        this.supervisor = new Supervisor(host.runtime(), host.clock(), loop::add, this::restart, supervisionErrors);
    }

    /**
     * First step: install the signal handlers (they only queue). Second: connect to the bus and
     * boot, reporting progress as STATUS= and ContainerStateChanged. Third: publish the D-Bus API
     * and take logind's delay lock. Fourth: READY=1.
     * Fifth: serve the loop until told to leave. Returns the exit status.
     */
    public int run() throws InterruptedException {
        Signals.on("TERM", () -> loop.add(this::terminate));
        Signals.on("PWR", () -> loop.add(() -> hostGoingDown("SIGPWR")));
        Signals.on("HUP", () -> loop.add(this::reload));

        notifier.notify("STATUS=Booting containers");
        bus.connect(); // before the boot, so that its ContainerStateChanged signals are sent
        config = configuration.get();
        supervisor.start(lxcpaths(config)); // before the boot, so that no death during it goes unseen
        try {
            RunRecord boot = boot(config, BootSelection.of(config, store,
                    () -> RunningContainers.find(host.runtime(), config).keySet()), "boot");

            bus.publish(new AgentObject(this::callOnLoop, this), why -> loop.add(() -> hostGoingDown(why)));
            String summary = summary(boot);
            notifier.notify("READY=1\nSTATUS=" + summary);
            LOG.info("daemon: ready; {}", summary);

            while (!leaving) {
                loop.take().run();
            }
        } finally {
            // However the daemon leaves, its lxc-monitor processes must not outlive it.
            supervisor.close();
            bus.close();
        }
        return ExitCodes.OK;
    }

    /** SIGTERM: the init system stops the service. Containers go down only with the host (or if configured so). */
    private void terminate() {
        notifier.notify("STOPPING=1\nSTATUS=Stopping the agent");
        String reason;
        try {
            reason = hostShutdown.reason();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason = null;
        }
        if (reason != null) {
            hostGoingDown(reason);
        } else if (config.agent().onAgentStop() == AgentConfig.OnAgentStop.ALWAYS) {
            LOG.info("daemon: stopping, and on-agent-stop = always: stopping the containers");
            stopContainers("agent stop (on-agent-stop = always)");
        } else {
            LOG.info("daemon: stopping; not a host shutdown, so the containers keep running"
                    + " (on-agent-stop = host-shutdown); the next daemon adopts them");
        }
        leaving = true;
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

    private void stopContainers(String why) {
        if (stopped) {
            return;
        }
        stopped = true;
        supervisor.unwatchAll();
        ScheduledExecutorService extender = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "extend-timeout");
            thread.setDaemon(true);
            return thread;
        });
        // Under systemd, a long shutdown that makes progress asks for more time instead of being killed.
        extender.scheduleAtFixedRate(() -> notifier.notify("EXTEND_TIMEOUT_USEC=" + EXTEND_BY.toNanos() / 1000),
                0, EXTEND_EVERY.toMillis(), TimeUnit.MILLISECONDS);
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
            extender.shutdownNow();
        }
    }

    private RunRecord boot(Configuration configuration, Selection selection, String kind) throws InterruptedException {
        Progress progress = (name, outcome, done, total) -> {
            notifier.notify("STATUS=" + done + "/" + total + " containers started");
            bus.emit(name, outcome.name().toLowerCase());
            if (outcome.isUp()) {
                configuration.entries().stream().filter(e -> e.name().equals(name)).findFirst()
                        .ifPresent(e -> loop.add(() -> supervisor.watch(e)));
            }
        };
        return new Boot(host, store, progress).run(configuration, selection, kind);
    }

    /** The restart policy's way to start a container again; true when it became ready. */
    private boolean restart(String name) throws InterruptedException {
        bus.emit(name, "restarting");
        RunRecord run = boot(config, Selection.only(Set.of(name), "not needed by " + name), "restart");
        // Adopted counts too: LXC (a reboot inside) may have brought it back first.
        return run.isUp(name);
    }

    private static Set<java.nio.file.Path> lxcpaths(Configuration config) {
        return config.lxcpaths();
    }

    private static String summary(RunRecord boot) {
        long ready = boot.containers().stream()
                .filter(c -> c.outcome().isUp()).count();
        return ready + "/" + boot.containers().size() + " containers ready";
    }

    // --- What the D-Bus API and SIGHUP do, always on the loop.

    String status() throws InterruptedException {
        StatusSnapshot snapshot = StatusSnapshot.take(config, host.runtime(), new IpRoute(new ProcessCommandRunner()),
                store, true, supervisionErrors);
        try {
            return StateStore.json().writeValueAsString(snapshot);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("status does not serialize: " + e.getMessage(), e);
        }
    }

    int start(String name) throws InterruptedException {
        if (config.entries().stream().noneMatch(e -> e.name().equals(name))) {
            throw new UnknownContainer("'" + name + "' is not an autostart container"
                    + (config.broken().containsKey(name) ? " with a usable configuration: " + config.broken().get(name)
                            : " in the configuration the daemon last read; enable it with 'lxc-auto enable " + name
                                    + "' and run 'lxc-auto reload', or start it with lxc-start"));
        }
        RunRecord run = boot(config, Selection.only(Set.of(name), "not needed by " + name), "start");
        return run.isUp(name) ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    int stop(String name) throws InterruptedException {
        supervisor.unwatch(name);
        RunRecord run = new Shutdown(host, store, (n, o, d, t) -> bus.emit(n, o.name().toLowerCase())).run(config,
                Selection.only(Set.of(name), "does not depend on " + name), config.agent().shutdownTimeout(), "stop");
        run.containers().forEach(c -> supervisor.unwatch(c.name())); // stopped on purpose: no restart
        if (run.containers().stream().noneMatch(c -> c.name().equals(name))) {
            throw new NotRunning("'" + name + "' is not running");
        }
        return run.exitCode() != ExitCodes.FAILURE ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /** SIGHUP and Reload(): re-read the configuration, start what became enabled (adopting the rest). */
    int reload() {
        try {
            config = configuration.get();
            LOG.info("daemon: configuration reloaded; starting what became enabled");
            RunRecord run = boot(config, Selection.all(), "reload");
            notifier.notify("STATUS=" + summary(run));
            return run.exitCode() == ExitCodes.OK ? ExitCodes.OK : ExitCodes.FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.FAILURE;
        }
    }

    /** Runs {@code work} on the loop and waits for its result (for D-Bus method calls). */
    private <T> T callOnLoop(Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.add(() -> {
            try {
                result.complete(work.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DBusExecutionException answer) {
                throw answer; // an error of the API's own (UnknownContainer, ...): the caller gets its name
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }
}
