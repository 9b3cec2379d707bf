package org.lxcauto.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.lxcauto.config.Configuration;
import org.lxcauto.container.ContainerState;
import org.lxcauto.event.ContainerEvent;
import org.lxcauto.event.Events;
import org.lxcauto.metrics.MetricFamily.Sample;
import org.lxcauto.metrics.MetricFamily.Type;
import org.lxcauto.state.RunRecord;

/**
 * What the agent exports to Prometheus (docs/monitoring.md), kept up to date from what happens
 * to the containers, and turned into {@link MetricFamily metrics} when the file is written.
 *
 * <p>It hears the containers' events ({@link Events}, subscribed through the host), which arrive
 * from the worker threads of a boot or a shutdown, so every method is synchronized; each change
 * is told to the listener ({@link #listen}) after the lock is let go, and the listener writes the
 * file a moment later, many changes at once.
 *
 * <p>Counters count from the start of this process: a restarted daemon starts them at zero,
 * which Prometheus' {@code rate()} and {@code increase()} take as a counter reset.
 */
public final class AgentMetrics implements Events {

    private static final class Container {
        boolean up;
        /** Its last event was of a stop: a failure now is the stop's, not the start's. */
        boolean stopping;
        /** LXC said it stopped while lxc-auto did nothing to it: up again if LXC says it runs (a reboot). */
        boolean died;
        Double readySeconds;
        long restarts;
    }

    private final Map<String, Container> containers = new TreeMap<>();
    private long stopsForced;
    private Double bootSeconds;
    private Double shutdownSeconds;
    private Double bootFinished;
    private boolean daemonUp;
    private volatile Runnable listener = () -> { };

    /** Tells {@code changed} of every change from now on. */
    public void listen(Runnable changed) {
        listener = changed;
    }

    /** {@link #configured(Collection)} with the entries of {@code config}, usable or not. */
    public void configured(Configuration config) {
        Set<String> names = new TreeSet<>(config.broken().keySet());
        config.entries().forEach(entry -> names.add(entry.name()));
        configured(names);
    }

    /**
     * The containers of the configuration: each gets its samples, up 0 until it is seen up, so
     * that a container that never came up shows as 0 instead of being absent. Those no longer
     * configured are dropped once they are down.
     */
    public void configured(Collection<String> names) {
        synchronized (this) {
            Set<String> now = Set.copyOf(names);
            containers.entrySet().removeIf(c -> !now.contains(c.getKey()) && !c.getValue().up);
            names.forEach(name -> containers.computeIfAbsent(name, n -> new Container()));
        }
        listener.run();
    }

    /**
     * A container's event: ready or adopted is up (a one-shot container's ready: its job exited
     * 0); failed, skipped, stopped, restarting and gave-up are down, except that a failed stop
     * leaves the value as it was (the container may still run). Ready sets its time to ready; a
     * forced stop and a restart are counted.
     */
    @Override
    public void container(ContainerEvent event) {
        synchronized (this) {
            if (event.kind() == ContainerEvent.Kind.STOPPED_FORCED) {
                stopsForced++; // whichever container: one not configured counts too
            }
            Container container = event.kind() == ContainerEvent.Kind.RESTARTING
                    ? containers.computeIfAbsent(event.container(), n -> new Container())
                    : containers.get(event.container());
            if (container != null) {
                update(container, event);
            }
        }
        listener.run();
    }

    private static void update(Container container, ContainerEvent event) {
        container.died = false; // lxc-auto acts on it: its events say the rest
        switch (event.kind()) {
            case STARTING -> container.stopping = false;
            case STOPPING -> container.stopping = true;
            case READY -> {
                container.up = true;
                event.duration().ifPresent(took -> container.readySeconds = seconds(took));
            }
            case ADOPTED -> container.up = true;
            case FAILED -> container.up = container.up && container.stopping;
            case SKIPPED, STOPPED_CLEAN, STOPPED_FORCED, GAVE_UP -> container.up = false;
            case RESTARTING -> {
                container.up = false;
                container.restarts++;
            }
        }
    }

    /**
     * LXC's own word on a container's state ({@code lxc-monitor}), for what no event tells: one
     * that was up and stops without lxc-auto stopping it (its init died or powered off, whatever
     * its restart policy) is down; if it runs again without lxc-auto starting it (it rebooted
     * itself, or someone ran lxc-start), it is up again. Everything else comes from the events.
     */
    public void runtimeState(String name, ContainerState state) {
        boolean changed = false;
        synchronized (this) {
            Container container = containers.get(name);
            if (container != null && state == ContainerState.STOPPED && container.up) {
                container.up = false;
                container.died = true;
                changed = true;
            } else if (container != null && state == ContainerState.RUNNING && container.died) {
                container.up = true;
                container.died = false;
                changed = true;
            }
        }
        if (changed) {
            listener.run();
        }
    }

    /** The end of a run: a {@code boot} or a {@code shutdown} has its duration (a reload, start, stop or restart not). */
    @Override
    public void finished(RunRecord run) {
        synchronized (this) {
            double took = seconds(Duration.between(run.started(), run.finished()));
            if (run.kind().equals("boot")) {
                bootSeconds = took;
                bootFinished = run.finished().toEpochMilli() / 1000.0;
            } else if (run.kind().equals("shutdown")) {
                shutdownSeconds = took;
            }
        }
        listener.run();
    }

    /** Whether the daemon runs: 1 from its start, 0 written as it leaves. */
    public void daemonUp(boolean up) {
        synchronized (this) {
            daemonUp = up;
        }
        listener.run();
    }

    /** The metrics as they stand; a value not known yet (no boot finished) has no sample. */
    public synchronized List<MetricFamily> families() {
        List<Sample> up = new ArrayList<>();
        List<Sample> ready = new ArrayList<>();
        List<Sample> restarts = new ArrayList<>();
        containers.forEach((name, c) -> {
            up.add(Sample.of("name", name, c.up ? 1 : 0));
            if (c.readySeconds != null) {
                ready.add(Sample.of("name", name, c.readySeconds));
            }
            restarts.add(Sample.of("name", name, c.restarts));
        });
        List<MetricFamily> families = new ArrayList<>(List.of(
                new MetricFamily("lxc_auto_daemon_up", Type.GAUGE,
                        "Whether the lxc-auto daemon runs (1) or has stopped (0).", List.of(Sample.of(daemonUp ? 1 : 0))),
                new MetricFamily("lxc_auto_container_up", Type.GAUGE,
                        "Whether the container is up (ready or adopted) as far as lxc-auto knows.", up),
                new MetricFamily("lxc_auto_container_ready_seconds", Type.GAUGE,
                        "Seconds from the container's last start by lxc-auto to its readiness.", ready),
                new MetricFamily("lxc_auto_container_restarts_total", Type.COUNTER,
                        "Restarts of the container by its restart policy since the daemon started.", restarts),
                new MetricFamily("lxc_auto_stops_forced_total", Type.COUNTER,
                        "Containers killed after ignoring their halt for their stop-timeout.",
                        List.of(Sample.of(stopsForced)))));
        optional(families, "lxc_auto_boot_duration_seconds", "Seconds the last boot took, until its last container's outcome.",
                bootSeconds);
        optional(families, "lxc_auto_boot_finished_timestamp_seconds", "When the last boot finished, in Unix time.",
                bootFinished);
        optional(families, "lxc_auto_shutdown_duration_seconds", "Seconds the last shutdown took, until its last container stopped.",
                shutdownSeconds);
        return families;
    }

    private static void optional(List<MetricFamily> families, String name, String help, Double value) {
        if (value != null) {
            families.add(new MetricFamily(name, Type.GAUGE, help, List.of(Sample.of(value))));
        }
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
