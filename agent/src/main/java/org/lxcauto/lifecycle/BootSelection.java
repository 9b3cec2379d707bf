package org.lxcauto.lifecycle;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.lxcauto.config.AgentConfig;
import org.lxcauto.config.Configuration;
import org.lxcauto.config.ContainerEntry;
import org.lxcauto.plan.Selection;
import org.lxcauto.state.StateFileException;
import org.lxcauto.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which containers a boot starts, from each entry's {@code on-boot}, else {@code [agent] on-boot}:
 * {@code start} starts it; {@code restore} starts it if it was running at the last host shutdown
 * (every such entry, with a warning, when that was never recorded or the record is damaged: a host
 * left with nothing running is worse than one running a container too many); {@code ignore} does
 * not (though a selected container that needs it still brings it up). Containers already running
 * are always in the selection, so that a restarted daemon adopts (and supervises) them. Containers
 * the operator stopped are left out whatever on-boot says ({@link OperatorStops}).
 */
public final class BootSelection {

    private static final Logger LOG = LoggerFactory.getLogger(BootSelection.class);

    private BootSelection() {
    }

    /**
     * @param runningNow the containers running right now (adopted whatever on-boot says); asked
     *     only when some container is not {@code start}, because listing them costs an lxc-ls over
     *     the whole lxcpath (seconds for thousands of containers)
     */
    public static Selection of(Configuration config, StateStore store, RunningNames runningNames)
            throws InterruptedException {
        RunningNames runningNow = once(runningNames);
        Map<String, String> held = held(store, runningNow);
        boolean overridden = config.entries().stream().anyMatch(e -> e.onBoot().isPresent());
        return (overridden ? perEntry(config, store, runningNow) : agentWide(config, store, runningNow)).holding(held);
    }

    /** No entry has an on-boot of its own: {@code [agent] on-boot} decides for all. */
    private static Selection agentWide(Configuration config, StateStore store, RunningNames runningNow)
            throws InterruptedException {
        AgentConfig.OnBoot onBoot = config.agent().onBoot();
        if (onBoot == AgentConfig.OnBoot.IGNORE) {
            return Selection.only(runningNow.get(), "on-boot = ignore");
        }
        if (onBoot == AgentConfig.OnBoot.RESTORE) {
            Optional<Set<String>> running = lastRunning(store);
            if (running.isPresent()) {
                Set<String> names = new TreeSet<>(running.get());
                names.addAll(runningNow.get());
                return Selection.only(names, "on-boot = restore: not running at the last shutdown");
            }
        }
        return Selection.all();
    }

    /** Some entries have an on-boot of their own: each entry by its own, else the agent's. */
    private static Selection perEntry(Configuration config, StateStore store, RunningNames runningNow)
            throws InterruptedException {
        AgentConfig agent = config.agent();
        boolean restoring = config.entries().stream().anyMatch(e -> e.onBoot(agent) == AgentConfig.OnBoot.RESTORE);
        Optional<Set<String>> lastRunning = restoring ? lastRunning(store) : Optional.of(Set.of());
        Set<String> names = new TreeSet<>(runningNow.get());
        Map<String, String> reasons = new TreeMap<>();
        for (ContainerEntry e : config.entries()) {
            AgentConfig.OnBoot onBoot = e.onBoot(agent);
            String whose = e.onBoot().isPresent() ? " (entry)" : "";
            if (onBoot == AgentConfig.OnBoot.START
                    || onBoot == AgentConfig.OnBoot.RESTORE && lastRunning.map(r -> r.contains(e.name())).orElse(true)) {
                names.add(e.name());
            } else if (onBoot == AgentConfig.OnBoot.IGNORE) {
                reasons.put(e.name(), "on-boot = ignore" + whose);
            } else {
                reasons.put(e.name(), "on-boot = restore" + whose + ": not running at the last shutdown");
            }
        }
        return Selection.only(names, reasons, "on-boot");
    }

    /** A reload: every entry, but not what the operator stopped. */
    public static Selection reload(StateStore store, RunningNames runningNow) throws InterruptedException {
        return Selection.all().holding(held(store, runningNow));
    }

    /**
     * What the operator stopped and is still down. One started by hand since (lxc-start) is adopted
     * like any running container, and what needs it may start: the operator's hand has the last
     * word, not the record.
     */
    private static Map<String, String> held(StateStore store, RunningNames runningNow) throws InterruptedException {
        Map<String, String> held = OperatorStops.held(store);
        if (!held.isEmpty()) {
            held.keySet().removeAll(runningNow.get());
        }
        return held;
    }

    /** The containers running at the last shutdown; empty when unknown (then restore starts them all). */
    private static Optional<Set<String>> lastRunning(StateStore store) {
        try {
            Optional<List<String>> running = store.lastRunning();
            if (running.isPresent()) {
                return Optional.of(Set.copyOf(running.get()));
            }
            LOG.warn("on-boot = restore, but no shutdown was recorded in {}; starting every entry", store.dir());
        } catch (StateFileException e) {
            LOG.warn("on-boot = restore, but {}; starting every entry, as on-boot = start would", e.getMessage());
        }
        return Optional.empty();
    }

    /** {@code names}, listed at most once however often asked. */
    private static RunningNames once(RunningNames names) {
        AtomicReference<Set<String>> listed = new AtomicReference<>();
        return () -> {
            if (listed.get() == null) {
                listed.set(Set.copyOf(names.get()));
            }
            return listed.get();
        };
    }

    /** The names of the containers running now, listed on demand. */
    public interface RunningNames {
        Set<String> get() throws InterruptedException;
    }
}
