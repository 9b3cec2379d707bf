package org.lxcauto.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything the configuration sources said, good and bad: the usable entries, and for each
 * container whose configuration is unusable the problem that explains why, so that the planner can
 * tell its dependents exactly what went wrong.
 *
 * @param agent the agent settings
 * @param autoDir where the autostart entries were read from
 * @param entries usable entries, by name order
 * @param broken containers named somewhere whose configuration cannot be used, with the first reason;
 *     kept in name order, so that {@code check}, {@code plan} and {@code plan --json} list them the
 *     same way on every run
 * @param problems every problem found, in the order found
 * @param interfaces declared interfaces: {@code [bridge]} sections and netcf XML files
 */
public record Configuration(AgentConfig agent, Path autoDir, List<ContainerEntry> entries,
        Map<String, Problem> broken, List<Problem> problems, List<InterfaceDeclaration> interfaces) {

    public Configuration {
        // Map.copyOf iterates in an order that changes from one JVM to the next.
        broken = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(broken));
    }

    /** The declared interface {@code name}, if any. */
    public java.util.Optional<InterfaceDeclaration> declared(String name) {
        return interfaces.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /**
     * Every lxcpath the configuration uses: {@code [agent] lxcpath} first, then those of LXC entries
     * elsewhere; where to look for running containers and to listen for their state changes.
     */
    public java.util.Set<Path> lxcpaths() {
        java.util.Set<Path> paths = new java.util.LinkedHashSet<>();
        paths.add(agent.lxcpath());
        for (ContainerEntry entry : entries) {
            if (entry.target() instanceof Target.Lxc container) {
                paths.add(container.lxcpath());
            }
        }
        return paths;
    }

    public boolean valid() {
        return problems.stream().noneMatch(p -> p.severity() == Problem.Severity.ERROR);
    }
}
