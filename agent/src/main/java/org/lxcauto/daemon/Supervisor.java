package org.lxcauto.daemon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lxcauto.config.ContainerEntry;
import org.lxcauto.config.RestartPolicy;
import org.lxcauto.config.Target;
import org.lxcauto.container.ContainerExit;
import org.lxcauto.container.ContainerRuntime;
import org.lxcauto.container.ContainerState;
import org.lxcauto.lifecycle.Runtimes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code restart = on-failure | always} policy: while the daemon runs, a container that stops
 * without lxc-auto stopping it is started again, with exponential backoff, until it has failed
 * {@value #MAX_ATTEMPTS} times in a row; then it is given up on and {@code status} says so.
 *
 * <p>State changes come from LXC's own monitor ({@code lxc-monitor}), not from polling. A
 * container that reboots itself is restarted by LXC, which shows as STOPPED then STARTING within
 * a moment, so a stop is only judged after {@link #GRACE}. How the container ended comes from
 * LXC's log of its start: powering itself off is not a failure.
 *
 * <p>All decisions run on the daemon loop ({@code loop}); the monitor threads only post lines.
 */
final class Supervisor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
    static final int MAX_ATTEMPTS = 5;
    static final Duration GRACE = Duration.ofSeconds(1);
    /** Up this long after a restart, a container's next death starts the count afresh. */
    static final Duration STABLE = Duration.ofSeconds(60);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Pattern STATE_LINE = Pattern.compile("^'([^']+)' changed state to \\[([A-Z]+)\\]");

    /** Starts one container again; true when it became ready. */
    interface Restarter {
        boolean restart(String name) throws InterruptedException;
    }

    private final ContainerRuntime runtime;
    private final Consumer<Runnable> loop;
    private final Restarter restarter;
    private final Map<String, String> givenUp;
    private final Map<String, ContainerEntry> watched = new HashMap<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private final Map<String, java.time.Instant> restartedAt = new HashMap<>();
    private final org.lxcauto.system.Clock clock;
    private final List<Process> monitors = new ArrayList<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "supervisor-timer");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param loop runs work on the daemon loop
     * @param givenUp where the containers given up on are reported (for status)
     */
    Supervisor(ContainerRuntime runtime, org.lxcauto.system.Clock clock, Consumer<Runnable> loop, Restarter restarter,
            Map<String, String> givenUp) {
        this.runtime = runtime;
        this.clock = clock;
        this.loop = loop;
        this.restarter = restarter;
        this.givenUp = givenUp;
    }

    /** Starts listening to LXC's state changes under each lxcpath. */
    void start(Set<Path> lxcpaths) {
        for (Path lxcpath : lxcpaths) {
            try {
                Process monitor = new ProcessBuilder("lxc-monitor", "-P", lxcpath.toString(), "-n", ".*")
                        .redirectErrorStream(true).start();
                monitors.add(monitor);
                Thread reader = new Thread(() -> read(monitor), "lxc-monitor");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                LOG.warn("Failed to run lxc-monitor for {}: {}; restart policies there will not act", lxcpath,
                        e.getMessage());
            }
        }
    }

    private void read(Process monitor) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(monitor.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                Matcher m = STATE_LINE.matcher(line.strip());
                if (m.find() && m.group(2).equals("STOPPED")) {
                    String container = m.group(1);
                    loop.accept(() -> stopped(container));
                }
            }
        } catch (IOException e) {
            // The monitor was ended at close.
        }
    }

    /** From now on, {@code entry} is expected to run (it was started and became ready). */
    void watch(ContainerEntry entry) {
        if (restart(entry) != RestartPolicy.NO) {
            watched.put(Runtimes.running(entry).name(), entry);
        }
    }

    /** Only LXC containers have a restart policy: libvirt keeps a domain's (docs/domains.md). */
    private static RestartPolicy restart(ContainerEntry entry) {
        return entry.target() instanceof Target.Lxc container ? container.restart() : RestartPolicy.NO;
    }

    /** lxc-auto itself stops it: its stopping is no failure. */
    void unwatch(String name) {
        watched.values().removeIf(e -> e.name().equals(name));
    }

    void unwatchAll() {
        watched.clear();
    }

    private void stopped(String runtimeName) {
        ContainerEntry entry = watched.get(runtimeName);
        if (entry != null) {
            // Judge only after a moment: a reboot shows as STOPPED, then STARTING.
            timers.schedule(() -> loop.accept(() -> judge(runtimeName)), GRACE.toMillis(), TimeUnit.MILLISECONDS);
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
            if (!exit.failure() && restart(entry) != RestartPolicy.ALWAYS) {
                LOG.info("{}: stopped by itself ({}); it stays off (restart = on-failure)", entry.name(), exit.detail());
                watched.remove(runtimeName);
                return;
            }
            java.time.Instant last = restartedAt.get(entry.name());
            if (last != null && Duration.between(last, clock.now()).compareTo(STABLE) > 0) {
                failures.remove(entry.name()); // it ran fine for a while: this is a new failure, not the same one
            }
            int attempt = failures.merge(entry.name(), 1, Integer::sum);
            if (attempt > MAX_ATTEMPTS) {
                String message = "restart given up after " + MAX_ATTEMPTS + " attempts; last end: " + exit.detail()
                        + "; see 'lxc-start -F -n " + entry.name() + "' for why it dies";
                LOG.error("{}: {}", entry.name(), message);
                givenUp.put(entry.name(), message);
                watched.remove(runtimeName);
                return;
            }
            Duration backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(attempt - 1, 10));
            Duration delay = backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
            LOG.warn("{}: stopped ({}); restarting in {} ms (attempt {} of {}, restart = {})", entry.name(), exit.detail(),
                    delay.toMillis(), attempt, MAX_ATTEMPTS, restart(entry).name().toLowerCase().replace('_', '-'));
            timers.schedule(() -> loop.accept(() -> restart(runtimeName)), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void restart(String runtimeName) {
        ContainerEntry entry = watched.get(runtimeName);
        if (entry == null) {
            return;
        }
        try {
            if (restarter.restart(entry.name())) {
                LOG.info("{}: restarted", entry.name());
                restartedAt.put(entry.name(), clock.now());
            } else {
                judge(runtimeName);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        monitors.forEach(Process::destroy);
        timers.shutdownNow();
    }
}
