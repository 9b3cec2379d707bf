package org.lxcauto.plan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * A directed graph of names where an edge {@code a -> b} means "a waits for b".
 *
 * <p>Iterative algorithms only: a 10,000-container chain must not overflow the stack.
 */
final class Graph {

    private final Map<String, Set<String>> waitsFor = new HashMap<>();

    void node(String name) {
        waitsFor.computeIfAbsent(name, k -> new LinkedHashSet<>());
    }

    /** Adds {@code from -> to} when both are nodes. */
    void edge(String from, String to) {
        if (waitsFor.containsKey(from) && waitsFor.containsKey(to)) {
            waitsFor.get(from).add(to);
        }
    }

    Set<String> nodes() {
        return waitsFor.keySet();
    }

    Set<String> waitsFor(String name) {
        return waitsFor.getOrDefault(name, Set.of());
    }

    /**
     * A set of nodes that all wait for each other: every member, and one loop through them to show.
     *
     * @param members the whole strongly connected component, sorted
     * @param loop a closed walk through some of them, first node repeated at the end: a -> b -> a
     */
    record Cycle(List<String> members, List<String> loop) {
    }

    /** Every strongly connected component with more than one member. */
    List<Cycle> cycles() {
        List<Cycle> cycles = new ArrayList<>();
        for (Set<String> component : stronglyConnected()) {
            if (component.size() > 1) {
                cycles.add(new Cycle(sorted(component), cycleWithin(component)));
            }
        }
        return cycles;
    }

    /** Tarjan's algorithm, iterative. */
    private List<Set<String>> stronglyConnected() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new java.util.HashSet<>();
        List<Set<String>> result = new ArrayList<>();
        int counter = 0;
        for (String root : sorted(waitsFor.keySet())) {
            if (index.containsKey(root)) {
                continue;
            }
            Deque<Map.Entry<String, java.util.Iterator<String>>> work = new ArrayDeque<>();
            index.put(root, counter);
            low.put(root, counter++);
            stack.push(root);
            onStack.add(root);
            work.push(Map.entry(root, waitsFor(root).iterator()));
            while (!work.isEmpty()) {
                String node = work.peek().getKey();
                java.util.Iterator<String> next = work.peek().getValue();
                if (next.hasNext()) {
                    String child = next.next();
                    if (!index.containsKey(child)) {
                        index.put(child, counter);
                        low.put(child, counter++);
                        stack.push(child);
                        onStack.add(child);
                        work.push(Map.entry(child, waitsFor(child).iterator()));
                    } else if (onStack.contains(child)) {
                        low.put(node, Math.min(low.get(node), index.get(child)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    String parent = work.peek().getKey();
                    low.put(parent, Math.min(low.get(parent), low.get(node)));
                }
                if (low.get(node).equals(index.get(node))) {
                    Set<String> component = new LinkedHashSet<>();
                    String member;
                    do {
                        member = stack.pop();
                        onStack.remove(member);
                        component.add(member);
                    } while (!member.equals(node));
                    result.add(component);
                }
            }
        }
        return result;
    }

    /** A closed walk through the component, starting at its smallest name: a -> b -> c -> a. */
    private List<String> cycleWithin(Set<String> component) {
        String start = sorted(component).get(0);
        // Breadth-first search back to start gives the shortest loop through it.
        Map<String, String> parent = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String node = queue.poll();
            for (String next : sorted(waitsFor(node))) {
                if (!component.contains(next)) {
                    continue;
                }
                if (next.equals(start)) {
                    List<String> loop = new ArrayList<>();
                    for (String n = node; n != null; n = parent.get(n)) {
                        loop.add(0, n);
                    }
                    loop.add(start);
                    return loop;
                }
                if (!parent.containsKey(next) && !next.equals(start)) {
                    parent.put(next, node);
                    queue.add(next);
                }
            }
        }
        throw new IllegalStateException("component without a cycle: " + component);
    }

    /**
     * Kahn's algorithm: every node after all it waits for, and among nodes free at the same time the
     * smallest by {@code priority} first. Nodes on a cycle are never free and are left out.
     */
    List<String> order(Comparator<String> priority) {
        Map<String, Integer> pending = new HashMap<>();
        Map<String, List<String>> waiters = new HashMap<>();
        for (String node : waitsFor.keySet()) {
            pending.put(node, waitsFor(node).size());
            for (String dependency : waitsFor(node)) {
                waiters.computeIfAbsent(dependency, k -> new ArrayList<>()).add(node);
            }
        }
        PriorityQueue<String> free = new PriorityQueue<>(priority);
        pending.forEach((node, count) -> {
            if (count == 0) {
                free.add(node);
            }
        });
        List<String> order = new ArrayList<>();
        while (!free.isEmpty()) {
            String node = free.poll();
            order.add(node);
            for (String waiter : waiters.getOrDefault(node, List.of())) {
                if (pending.merge(waiter, -1, Integer::sum) == 0) {
                    free.add(waiter);
                }
            }
        }
        return order;
    }

    /** Longest-path depth of each node in {@code order} (which must be topological). */
    Map<String, Integer> waves(List<String> order) {
        Map<String, Integer> wave = new HashMap<>();
        for (String node : order) {
            int w = 0;
            for (String dependency : waitsFor(node)) {
                w = Math.max(w, wave.getOrDefault(dependency, -1) + 1);
            }
            wave.put(node, w);
        }
        return wave;
    }

    private static List<String> sorted(Collection<String> names) {
        List<String> list = new ArrayList<>(names);
        list.sort(null);
        return list;
    }
}
