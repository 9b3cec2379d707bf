package org.lxcauto.daemon;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.lxcauto.config.ContainerEntry;
import org.lxcauto.config.RestartPolicy;
import org.lxcauto.config.Target;
import org.lxcauto.container.ContainerExit;
import org.lxcauto.container.ContainerMonitor;
import org.lxcauto.container.ContainerRuntime;
import org.lxcauto.container.ContainerState;
import org.lxcauto.event.ContainerEvent;
import org.lxcauto.event.Events;
import org.lxcauto.lifecycle.Runtimes;
import org.lxcauto.system.Clock;
import org.lxcauto.system.CommandException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code restart = on-failure | always} policy: while the daemon runs, a container that stops
 * without lxc-auto stopping it is started again, with exponential backoff, until it has failed
 * {@value #MAX_ATTEMPTS} times in a row; then it is given up on and {@code status} says so.
 *
 * <p>State changes come from LXC's own monitor ({@link ContainerMonitor}), not from polling. A
 * container that reboots itself is restarted by LXC, which shows as STOPPED then STARTING within
 * a moment, so a stop is only judged after {@link #GRACE}. How the container ended comes from
 * LXC's log of its start: powering itself off is not a failure.
 *
 * <p>A container restarted by its policy takes its running hard dependents with it ({@code
 * restart-dependents = yes}, as systemd's {@code Requires=}): once its death is judged a failure to
 * restart from, they are stopped, dependents first, and they are started again in the run that
 * restarts it, each once what it needs is ready. Should it be given up on, they stay down, and
 * {@code status} says why. Their stops are neither deaths nor the operator's.
 *
 * <p>All decisions run on the daemon loop ({@code loop}); the monitor and the clock's timers only
 * post work to it. So the grace and the backoff are the clock's: a test passes them in fake time.
 */
final class Supervisor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
    static final int MAX_ATTEMPTS = 5;
    static final Duration GRACE = Duration.ofSeconds(1);
    /** Up this long after a restart, a container's next death starts the count afresh. */
    static final Duration STABLE = Duration.ofSeconds(60);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** How a container is started again, and its dependents stopped and started around it. */
    interface Restarter {
        /**
         * Stops the running containers that need {@code name} by {@code after}, dependents first;
         * returns those it stopped.
         */
        Set<String> stopDependents(String name) throws InterruptedException;

        /** Starts {@code name} again, then {@code dependents} once it is ready; true when {@code name} is. */
        boolean restart(String name, Set<String> dependents) throws InterruptedException;

        /**
         * {@code name} ended cleanly under {@code on-failure}: a poweroff inside or an outside
         * {@code lxc-stop}, the operator's stop as much as {@code lxc-auto stop} is, and kept as one.
         */
        void stoppedOnPurpose(String name);
    }

    private final ContainerRuntime runtime;
    private final ContainerMonitor monitor;
    private final Clock clock;
    private final Consumer<Runnable> loop;
    private final Restarter restarter;
    private final Map<String, String> givenUp;
    private final Events events;
    /** The containers expected to run, by the name they run under. */
    private final Map<String, ContainerEntry> watched = new HashMap<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private final Map<String, Instant> restartedAt = new HashMap<>();
    /** The dependents stopped for a restart, by the entry name of the container being restarted. */
    private final Map<String, Set<String>> parked = new HashMap<>();
    /** Restarts begun since the daemon started, by container; read by status on the bus's threads. */
    private final Map<String, Integer> restarts = new ConcurrentHashMap<>();
    /** The grace or backoff timer of a container, by the name it runs under: at most one each. */
    private final Map<String, Clock.Scheduled> pending = new HashMap<>();
    private final List<ContainerMonitor.Watch> watches = new ArrayList<>();
    /** The containers are going down for good: nothing is watched any more. */
    private boolean retired;

    /**
     * @param loop runs work on the daemon loop
     * @param givenUp where the containers given up on, and the dependents kept down with them, are
     *     reported (for status)
     */
    Supervisor(ContainerRuntime runtime, ContainerMonitor monitor, Clock clock, Consumer<Runnable> loop,
            Restarter restarter, Map<String, String> givenUp) {
        this(runtime, monitor, clock, loop, restarter, givenUp, Events.NONE);
    }

    /** @param events hears each restart decided and each container given up on */
    Supervisor(ContainerRuntime runtime, ContainerMonitor monitor, Clock clock, Consumer<Runnable> loop,
            Restarter restarter, Map<String, String> givenUp, Events events) {
        this.events = events;
        this.runtime = runtime;
        this.monitor = monitor;
        this.clock = clock;
        this.loop = loop;
        this.restarter = restarter;
        this.givenUp = givenUp;
    }

    /** Starts listening to LXC's state changes under each lxcpath. */
    void start(Set<Path> lxcpaths) {
        for (Path lxcpath : lxcpaths) {
            try {
                watches.add(monitor.watch(lxcpath, (container, state) -> {
                    if (state == ContainerState.STOPPED) {
                        loop.accept(() -> stopped(container));
                    }
                }));
            } catch (CommandException e) {
                LOG.warn("Cannot watch the containers under {}: {}; restart policies there will not act", lxcpath,
                        e.getMessage());
            }
        }
    }

    /** From now on, {@code entry} is expected to run (it was started and became ready). */
    void watch(ContainerEntry entry) {
        if (policy(entry) != RestartPolicy.NO && !retired) {
            watched.put(Runtimes.running(entry).name(), entry);
        }
    }

    /** Only LXC containers have a restart policy: libvirt keeps a domain's (docs/domains.md). */
    private static RestartPolicy policy(ContainerEntry entry) {
        return entry.target() instanceof Target.Lxc container ? container.restart() : RestartPolicy.NO;
    }

    /**
     * lxc-auto itself stops it: its stopping is no failure, and a restart on its way is called off
     * (the dependents stopped for that restart stay down, as a stop of it would have left them).
     */
    void unwatch(String name) {
        Set<String> dependents = parked.remove(name);
        if (dependents != null) {
            dependents.forEach(givenUp::remove);
        }
        // Stopped by lxc-auto now: what supervision said of it no longer holds, nor is it parked.
        givenUp.remove(name);
        parked.replaceAll((restarting, stopped) -> stopped.contains(name)
                ? stopped.stream().filter(n -> !n.equals(name)).collect(java.util.stream.Collectors.toUnmodifiableSet())
                : stopped);
        unwatchOnly(name);
    }

    /**
     * The containers are being stopped for good (host shutdown, on-agent-stop = always): none is
     * watched from now on, not even one whose start finishes after this, and no restart on its way
     * happens.
     */
    void stopSupervising() {
        retired = true;
        watched.clear();
        parked.clear();
        pending.values().forEach(Clock.Scheduled::cancel);
        pending.clear();
    }

    private void stopped(String runtimeName) {
        // A second STOPPED while one is being judged or restarted (a failed restart's own) is the same death.
        if (watched.containsKey(runtimeName) && !pending.containsKey(runtimeName)) {
            // Judge only after a moment: a reboot shows as STOPPED, then STARTING.
            later(runtimeName, GRACE, () -> judge(runtimeName));
        }
    }

    private void judge(String runtimeName) {
        ContainerEntry entry = watched.get(runtimeName);
        if (entry == null) {
            return;
        }
        try {
            if (runtime.state(Runtimes.running(entry)) == ContainerState.RUNNING) {
                LOG.info("{}: rebooted itself and is running again", entry.name());
                return;
            }
            ContainerExit exit = runtime.lastExit(Runtimes.running(entry));
            if (!exit.failure() && policy(entry) != RestartPolicy.ALWAYS) {
                LOG.info("{}: stopped by itself ({}); it stays off (restart = on-failure) until 'lxc-auto start {}'",
                        entry.name(), exit.detail(), entry.name());
                watched.remove(runtimeName);
                restarter.stoppedOnPurpose(entry.name());
                return;
            }
            Instant last = restartedAt.get(entry.name());
            if (last != null && Duration.between(last, clock.now()).compareTo(STABLE) > 0) {
                failures.remove(entry.name()); // it ran fine for a while: this is a new failure, not the same one
            }
            int attempt = failures.merge(entry.name(), 1, Integer::sum);
            if (attempt > MAX_ATTEMPTS) {
                String message = "restart given up after " + MAX_ATTEMPTS + " attempts; last end: " + exit.detail()
                        + "; see 'lxc-start -F -n " + entry.name() + "' for why it dies";
                tell(entry.name(), ContainerEvent.Kind.GAVE_UP, entry.name() + ": " + message);
                givenUp.put(entry.name(), message);
                watched.remove(runtimeName);
                if (restartsDependents(entry) && !parked.containsKey(entry.name())) {
                    stopDependents(entry.name()); // started again by its last restart: down with it for good
                }
                keepDependentsDown(entry.name());
                return;
            }
            Duration delay = backoff(attempt);
            tell(entry.name(), ContainerEvent.Kind.RESTARTING, entry.name() + ": stopped (" + exit.detail()
                    + "); restarting in " + delay.toMillis() + " ms (attempt " + attempt + " of " + MAX_ATTEMPTS
                    + ", restart = " + policy(entry).name().toLowerCase().replace('_', '-') + ")");
            if (restartsDependents(entry) && !parked.containsKey(entry.name())) {
                stopDependents(entry.name());
            }
            later(runtimeName, delay, () -> restart(runtimeName));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (CommandException e) {
            LOG.error("{}: cannot tell how it stopped: {}; it is not restarted", entry.name(), e.getMessage());
            watched.remove(runtimeName);
        }
    }

    private void tell(String name, ContainerEvent.Kind kind, String message) {
        events.tell(LOG, new ContainerEvent(name, kind, clock.now(), null, message));
    }

    private static boolean restartsDependents(ContainerEntry entry) {
        return entry.target() instanceof Target.Lxc container && container.restartDependents();
    }

    /**
     * Before {@code name} restarts: its running hard dependents go down now, not after the backoff,
     * so none serves on without what it needs. Their STOPPED, still queued behind this on the loop,
     * finds them unwatched: no death.
     */
    private void stopDependents(String name) throws InterruptedException {
        Set<String> stopped = restarter.stopDependents(name);
        parked.put(name, Set.copyOf(stopped));
        for (String dependent : stopped) {
            unwatchOnly(dependent);
            givenUp.put(dependent, "stopped while '" + name + "' restarts (restart-dependents = yes); started again"
                    + " once it is ready");
        }
        if (!stopped.isEmpty()) {
            LOG.info("{}: stopped its dependents {} before restarting it (restart-dependents = yes)", name, stopped);
        }
    }

    /** {@code name} is given up on: the dependents stopped for its restart stay down, and say why. */
    private void keepDependentsDown(String name) {
        for (String dependent : parked.getOrDefault(name, Set.of())) {
            givenUp.put(dependent, "'" + name + "' gave up restarting; stopped with it (restart-dependents = yes), it"
                    + " stays down until 'lxc-auto start " + dependent + "'");
        }
        parked.remove(name);
    }

    private void unwatchOnly(String name) {
        watched.entrySet().removeIf(w -> {
            if (w.getValue().name().equals(name)) {
                cancelPending(w.getKey());
                return true;
            }
            return false;
        });
    }

    /** 0.5 s before the first restart, doubling each time, at most {@link #MAX_BACKOFF}. */
    static Duration backoff(int attempt) {
        Duration backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(attempt - 1, 10));
        return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
    }

    private void restart(String runtimeName) {
        ContainerEntry entry = watched.get(runtimeName);
        if (entry == null) {
            return;
        }
        // Counted when begun, as systemd counts NRestarts: a restart that fails is a restart all the same.
        restarts.merge(entry.name(), 1, Integer::sum);
        try {
            Set<String> dependents = parked.getOrDefault(entry.name(), Set.of());
            if (restarter.restart(entry.name(), dependents)) {
                LOG.info("{}: restarted{}", entry.name(), dependents.isEmpty() ? "" : ", then its dependents " + dependents);
                restartedAt.put(entry.name(), clock.now());
                parked.remove(entry.name());
                dependents.forEach(givenUp::remove);
            } else {
                judge(runtimeName);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * How many times the policy has started each container again since the daemon started, by
     * container name; a container never restarted is absent. A live, read-only view.
     */
    Map<String, Integer> restarts() {
        return Collections.unmodifiableMap(restarts);
    }

    /** Runs {@code work} on the loop after {@code delay}, as the container's one pending timer. */
    private void later(String runtimeName, Duration delay, Runnable work) {
        cancelPending(runtimeName);
        Clock.Scheduled[] self = new Clock.Scheduled[1];
        self[0] = clock.schedule(delay, () -> loop.accept(() -> {
            if (pending.get(runtimeName) == self[0]) {
                pending.remove(runtimeName);
                work.run();
            }
        }));
        pending.put(runtimeName, self[0]);
    }

    private void cancelPending(String runtimeName) {
        Clock.Scheduled timer = pending.remove(runtimeName);
        if (timer != null) {
            timer.cancel();
        }
    }

    @Override
    public void close() {
        watches.forEach(ContainerMonitor.Watch::close);
        watches.clear();
        stopSupervising();
    }
}
