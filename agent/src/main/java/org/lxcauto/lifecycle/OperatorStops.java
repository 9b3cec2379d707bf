package org.lxcauto.lifecycle;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.lxcauto.config.Configuration;
import org.lxcauto.config.ContainerEntry;
import org.lxcauto.state.StateFileException;
import org.lxcauto.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The containers the operator stopped with {@code lxc-auto stop NAME}, and those that ended
 * cleanly under {@code restart = on-failure} (a poweroff inside, an outside {@code lxc-stop}): a
 * state, not a failure (docs/daemon.md, operator stops). Kept in the state directory ({@code
 * operator-stopped.json}), so that neither the restart policy, nor a restarted daemon's boot, nor a reload starts them again;
 * {@code lxc-auto start NAME} ends it, and so does a stop of everything (a host shutdown), after
 * which {@code on-boot} decides.
 *
 * <p>Like every state file, a record that cannot be read or written is reported and the operation
 * goes on: a container is never kept from starting or stopping by a damaged list.
 */
public final class OperatorStops {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorStops.class);

    private OperatorStops() {
    }

    /** What status and plan say of a container the operator stopped. */
    public static String why(String name) {
        return "stopped by the operator; 'lxc-auto start " + name + "' brings it back";
    }

    /** The containers the operator stopped, each with {@link #why}; none when the record is unreadable. */
    public static Map<String, String> held(StateStore store) {
        Map<String, String> held = new TreeMap<>();
        try {
            store.operatorStopped().forEach(name -> held.put(name, why(name)));
        } catch (StateFileException e) {
            LOG.warn("{}; containers stopped by the operator may be started again", e.getMessage());
        }
        return held;
    }

    /**
     * The operator stopped {@code name} ({@code lxc-auto stop}, or for the restart policy a clean
     * end under {@code on-failure}): it stays down until started again.
     */
    public static void add(StateStore store, String name) {
        Set<String> names = new TreeSet<>(current(store));
        if (names.add(name)) {
            save(store, names, name + " stays down only while this daemon runs");
        }
    }

    /**
     * The operator starts {@code name}: it, and every container it needs (which the start brings up
     * with it), is no longer held down.
     */
    static void release(StateStore store, Configuration config, String name) {
        Set<String> names = new TreeSet<>(current(store));
        if (names.removeAll(withDependencies(config, name))) {
            save(store, names, "a later boot may leave " + name + " down");
        }
    }

    /** Everything is being stopped (a host shutdown): what comes back next is for on-boot to say. */
    static void releaseAll(StateStore store) {
        if (!current(store).isEmpty()) {
            save(store, List.of(), "the next boot leaves those containers down");
        }
    }

    private static List<String> current(StateStore store) {
        try {
            return store.operatorStopped();
        } catch (StateFileException e) {
            LOG.warn("{}; rewriting it", e.getMessage());
            return List.of();
        }
    }

    private static void save(StateStore store, Collection<String> names, String consequence) {
        try {
            store.saveOperatorStopped(List.copyOf(names));
        } catch (StateFileException e) {
            LOG.warn("Cannot record the containers the operator stopped in {}: {}; {}", e.file(), e.problem(),
                    consequence);
        }
    }

    /** {@code name} and, transitively, its {@code after}. */
    private static Set<String> withDependencies(Configuration config, String name) {
        Map<String, ContainerEntry> entries = new TreeMap<>();
        config.entries().forEach(e -> entries.put(e.name(), e));
        Set<String> result = new TreeSet<>();
        Deque<String> queue = new ArrayDeque<>(List.of(name));
        while (!queue.isEmpty()) {
            String next = queue.poll();
            if (result.add(next) && entries.containsKey(next)) {
                queue.addAll(entries.get(next).after());
            }
        }
        return result;
    }
}
