package org.lxcauto.plan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.lxcauto.config.Configuration;
import org.lxcauto.config.ContainerEntry;
import org.lxcauto.config.Problem;
import org.lxcauto.config.Target;

/**
 * Computes start and stop plans from the configuration. Pure: no I/O, no clock, so every rule
 * here is unit-tested in milliseconds.
 */
public final class Planner {

    /** Dispatch priority: the order {@code lxc-autostart -g GROUPS} uses, (group, order, name). */
    static final Comparator<ContainerEntry> PRIORITY = Comparator.comparingInt(ContainerEntry::groupRank)
            .thenComparingInt(ContainerEntry::order)
            .thenComparing(ContainerEntry::name);

    private Planner() {
    }

    /**
     * The boot plan.
     *
     * <p>First step: index the entries. Second: add implicit orderings for {@code lxc.start.delay}.
     * Third: exclude containers whose configuration is unusable, and those whose hard dependencies
     * are not configured or broken. Fourth: exclude
     * every member of a dependency cycle, naming the whole loop. Fifth: exclude what needs an
     * excluded container, transitively. Sixth: apply the selection (with the hard dependencies it
     * needs). Last: order by dependencies, then priority, and number the waves.
     */
    public static Plan start(Configuration config, Selection selection) {
        Map<String, ContainerEntry> entries = index(config);
        Map<String, List<String>> soft = softDependencies(entries);
        Map<String, Exclusion> excluded = new LinkedHashMap<>();
        excludeBroken(config.broken(), excluded);
        excludeUnresolved(entries, config.broken(), excluded);
        excludeCycles(entries, soft, excluded);
        excludeHeld(entries, selection, excluded);
        propagate(entries, excluded);
        Set<String> wanted = select(entries, excluded, selection);

        Graph graph = new Graph();
        wanted.forEach(graph::node);
        for (String name : wanted) {
            entries.get(name).after().forEach(dep -> graph.edge(name, dep));
            soft.get(name).forEach(dep -> graph.edge(name, dep));
        }
        Map<String, Integer> rank = ranks(entries);
        List<String> order = graph.order(Comparator.comparing(rank::get));
        Map<String, Integer> waves = graph.waves(order);
        List<Step> steps = new ArrayList<>();
        for (String name : order) {
            ContainerEntry e = entries.get(name);
            List<String> orderedAfter = soft.get(name).stream().filter(wanted::contains).toList();
            steps.add(new Step(name, e, e.after(), orderedAfter, bridges(e), waves.get(name), why(e, selection)));
        }
        return new Plan(Plan.Direction.START, List.copyOf(steps), List.copyOf(excluded.values()));
    }

    /**
     * The shutdown plan for the containers now running: each stops after everything that waits
     * for it (hard or soft) has stopped. Running containers without an entry are stopped too when
     * {@code includeUnlisted}; a {@code selection} stops those containers and, first, everything
     * running that needs them.
     */
    public static Plan stop(Configuration config, Set<String> running, boolean includeUnlisted, Selection selection) {
        Map<String, ContainerEntry> entries = index(config);
        Map<String, List<String>> soft = softDependencies(entries);
        Set<String> targets = new LinkedHashSet<>();
        List<Exclusion> excluded = new ArrayList<>();
        for (String name : new java.util.TreeSet<>(running)) {
            if (entries.containsKey(name) || config.broken().containsKey(name) || includeUnlisted) {
                targets.add(name);
            } else {
                excluded.add(new Exclusion(name, "running but not autostarted, and stop-unlisted = no", false, null, 0));
            }
        }
        if (!selection.isAll()) {
            targets.retainAll(withDependents(selection.names(), entries, targets));
        }
        Graph graph = new Graph();
        targets.forEach(graph::node);
        for (String name : targets) {
            ContainerEntry e = entries.get(name);
            if (e != null) {
                // name waits for X at start, so X waits for name at stop.
                e.after().forEach(dep -> graph.edge(dep, name));
                soft.get(name).forEach(dep -> graph.edge(dep, name));
            }
        }
        // At shutdown everything must stop anyway: break each loop at its closing edge, until none is left.
        for (List<Graph.Cycle> cycles = graph.cycles(); !cycles.isEmpty(); cycles = graph.cycles()) {
            for (Graph.Cycle cycle : cycles) {
                List<String> loop = cycle.loop();
                graph.waitsFor(loop.get(loop.size() - 2)).remove(loop.get(loop.size() - 1));
            }
        }
        Map<String, Integer> rank = ranks(entries);
        Comparator<String> reverse = Comparator.comparing((String n) -> rank.get(n),
                Comparator.nullsFirst(Comparator.reverseOrder()));
        List<String> order = graph.order(reverse.thenComparing(Comparator.reverseOrder()));
        Map<String, Integer> waves = graph.waves(order);
        List<Step> steps = new ArrayList<>();
        for (String name : order) {
            ContainerEntry e = entries.get(name);
            String why = e != null ? "running; " + e.source().label() + " " + e.origin()
                    : config.broken().containsKey(name) ? "running; its autostart configuration is broken"
                    : "running, not autostarted (stop-unlisted = yes)";
            steps.add(new Step(name, e, List.of(), List.copyOf(graph.waitsFor(name)), List.of(), waves.get(name), why));
        }
        return new Plan(Plan.Direction.STOP, List.copyOf(steps), List.copyOf(excluded));
    }

    /**
     * Each entry's place in {@link #PRIORITY} order. The dispatch queue compares names thousands of
     * times; looking both entries up and comparing (group, order, name) each time was a third of
     * planning 10,000 entries.
     */
    private static Map<String, Integer> ranks(Map<String, ContainerEntry> entries) {
        List<ContainerEntry> sorted = new ArrayList<>(entries.values());
        sorted.sort(PRIORITY);
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            rank.put(sorted.get(i).name(), i);
        }
        return rank;
    }

    private static Map<String, ContainerEntry> index(Configuration config) {
        Map<String, ContainerEntry> entries = new TreeMap<>();
        config.entries().forEach(e -> entries.put(e.name(), e));
        return entries;
    }

    /**
     * {@code wants} plus the orderings {@code lxc.start.delay} implies: lxc-autostart waits
     * DELAY seconds after starting a container before it starts the next one in its list, so every
     * lxc.start.auto container is ordered after the nearest delayed one before it in that list.
     */
    private static Map<String, List<String>> softDependencies(Map<String, ContainerEntry> entries) {
        Map<String, List<String>> soft = new HashMap<>();
        for (ContainerEntry e : entries.values()) {
            soft.put(e.name(), new ArrayList<>(e.wants().stream().filter(entries::containsKey).toList()));
        }
        List<ContainerEntry> lxcKeys = entries.values().stream()
                .filter(e -> e.source() == ContainerEntry.Source.LXC_KEYS).sorted(PRIORITY).toList();
        ContainerEntry lastDelayed = null;
        for (ContainerEntry e : lxcKeys) {
            if (lastDelayed != null && !soft.get(e.name()).contains(lastDelayed.name())) {
                soft.get(e.name()).add(lastDelayed.name());
            }
            if (!e.startDelay().isZero()) {
                lastDelayed = e;
            }
        }
        return soft;
    }

    private static void excludeBroken(Map<String, Problem> broken, Map<String, Exclusion> excluded) {
        broken.forEach((name, problem) -> excluded.put(name, new Exclusion(name, "configuration unusable: "
                + problem.message(), true, problem.file(), problem.line())));
    }

    private static void excludeUnresolved(Map<String, ContainerEntry> entries, Map<String, Problem> broken,
            Map<String, Exclusion> excluded) {
        for (ContainerEntry e : entries.values()) {
            for (String dep : e.after()) {
                if (entries.containsKey(dep)) {
                    continue;
                }
                Problem problem = broken.get(dep);
                String reason = problem != null
                        ? "needs '" + dep + "', whose configuration is unusable (" + problem + ")"
                        : "needs '" + dep + "', which is not an autostart container; add " + "an entry for '" + dep
                                + "' or remove it from 'after' in " + e.origin();
                excluded.putIfAbsent(e.name(), new Exclusion(e.name(), reason, true, e.file(), e.lineOf("after")));
            }
        }
    }

    private static void excludeCycles(Map<String, ContainerEntry> entries, Map<String, List<String>> soft,
            Map<String, Exclusion> excluded) {
        Graph graph = new Graph();
        entries.keySet().forEach(graph::node);
        for (ContainerEntry e : entries.values()) {
            e.after().forEach(dep -> graph.edge(e.name(), dep));
            soft.get(e.name()).forEach(dep -> graph.edge(e.name(), dep));
        }
        for (Graph.Cycle cycle : graph.cycles()) {
            String loop = String.join(" -> ", cycle.loop());
            String others = cycle.members().size() + 1 > cycle.loop().size()
                    ? " (the cycle joins " + String.join(", ", cycle.members()) + ")" : "";
            for (String member : cycle.members()) {
                ContainerEntry e = entries.get(member);
                excluded.put(member, new Exclusion(member, "dependency cycle: " + loop + others
                        + "; remove one of these from 'after'/'wants'", true, e.file(), edgeLine(e, cycle)));
            }
        }
    }

    /** The line declaring {@code e}'s dependency on the next member of the cycle. */
    private static int edgeLine(ContainerEntry e, Graph.Cycle cycle) {
        int at = cycle.loop().indexOf(e.name());
        String next = at >= 0 ? cycle.loop().get(at + 1) : null;
        if (next != null && e.wants().contains(next) && !e.after().contains(next)) {
            return e.lineOf("wants");
        }
        return e.after().isEmpty() && !e.wants().isEmpty() ? e.lineOf("wants") : e.lineOf("after");
    }

    /**
     * Leaves out what the operator stopped: not a fault, and not started as a dependency either
     * (its dependents are left out after it, by {@link #propagate}).
     */
    private static void excludeHeld(Map<String, ContainerEntry> entries, Selection selection,
            Map<String, Exclusion> excluded) {
        selection.held().forEach((name, why) -> {
            ContainerEntry e = entries.get(name);
            if (e != null) {
                excluded.putIfAbsent(name, new Exclusion(name, why, false, e.file(), e.line()));
            }
        });
    }

    /**
     * Excludes, transitively, every container whose hard dependency is excluded: a fault when that
     * one's exclusion is (not when the operator stopped it).
     */
    private static void propagate(Map<String, ContainerEntry> entries, Map<String, Exclusion> excluded) {
        Map<String, List<String>> dependents = new HashMap<>();
        for (ContainerEntry e : entries.values()) {
            e.after().forEach(dep -> dependents.computeIfAbsent(dep, k -> new ArrayList<>()).add(e.name()));
        }
        Deque<String> queue = new ArrayDeque<>(excluded.keySet());
        while (!queue.isEmpty()) {
            String failed = queue.poll();
            for (String dependent : dependents.getOrDefault(failed, List.of())) {
                if (!excluded.containsKey(dependent)) {
                    ContainerEntry e = entries.get(dependent);
                    excluded.put(dependent, new Exclusion(dependent, "needs '" + failed
                            + "', which will not be started (" + excluded.get(failed).reason() + ")",
                            excluded.get(failed).failure(), e.file(), e.lineOf("after")));
                    queue.add(dependent);
                }
            }
        }
    }

    /** The selected containers and the hard dependencies they need; reports the others. */
    private static Set<String> select(Map<String, ContainerEntry> entries, Map<String, Exclusion> excluded,
            Selection selection) {
        Set<String> wanted = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>(selection.isAll() ? entries.keySet() : selection.names());
        while (!queue.isEmpty()) {
            String name = queue.poll();
            if (entries.containsKey(name) && !excluded.containsKey(name) && wanted.add(name)) {
                queue.addAll(entries.get(name).after());
            }
        }
        for (String name : entries.keySet()) {
            if (!wanted.contains(name) && !excluded.containsKey(name)) {
                ContainerEntry e = entries.get(name);
                excluded.put(name, new Exclusion(name, "not selected (" + selection.reasonFor(name) + ")", false,
                        e.file(), selection.reasons().containsKey(name) ? e.lineOf("on-boot") : e.line()));
            }
        }
        return wanted;
    }

    /**
     * The running containers that need {@code name}, directly or through others, by {@code after}
     * (not {@code wants}): what a stop of {@code name} stops first.
     */
    public static Set<String> runningDependents(Configuration config, String name, Set<String> running) {
        Set<String> dependents = withDependents(Set.of(name), index(config), running);
        dependents.remove(name);
        return dependents;
    }

    private static Set<String> withDependents(Set<String> names, Map<String, ContainerEntry> entries, Set<String> running) {
        Set<String> result = new LinkedHashSet<>(names);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (String candidate : running) {
                ContainerEntry e = entries.get(candidate);
                if (e != null && !result.contains(candidate) && e.after().stream().anyMatch(result::contains)) {
                    result.add(candidate);
                    grew = true;
                }
            }
        }
        return result;
    }

    /**
     * The host interfaces a container's LXC config attaches it to; none for a domain, whose devices
     * libvirt creates itself (docs/domains.md).
     */
    private static List<String> bridges(ContainerEntry e) {
        return e.target() instanceof Target.Lxc container ? container.config().links() : List.of();
    }

    private static String why(ContainerEntry e, Selection selection) {
        String source = switch (e.source()) {
            case LEGACY_SYMLINK -> "legacy symlink " + e.file();
            case ENTRY -> "lxc-auto entry " + e.origin();
            case LXC_KEYS -> "lxc.start.auto = 1 in " + e.file();
        };
        if (!selection.isAll() && !selection.names().contains(e.name())) {
            return source + "; needed by a selected container";
        }
        return source;
    }
}
