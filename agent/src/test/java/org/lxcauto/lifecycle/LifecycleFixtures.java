package org.lxcauto.lifecycle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.lxcauto.config.AgentConfig;
import org.lxcauto.config.Configuration;
import org.lxcauto.config.ContainerEntry;
import org.lxcauto.config.LxcConfig;
import org.lxcauto.config.Readiness;
import org.lxcauto.config.RestartPolicy;
import org.lxcauto.container.ContainerRef;
import org.lxcauto.state.ContainerRecord;
import org.lxcauto.state.RunRecord;

/**
 * Builds configurations for boot and shutdown tests through the records' constructors (as
 * {@code plan.PlanFixtures} does for the planner), so each test states the containers it means in a
 * line or two.
 */
final class LifecycleFixtures {

    static final Path LXCPATH = Path.of("/var/lib/lxc");
    static final Path AUTO_DIR = Path.of("/etc/lxc/auto");

    private LifecycleFixtures() {
    }

    /** A mutable description of one lxc-auto entry; {@link #build} makes the record. */
    static final class E {
        final String name;
        List<String> after = List.of();
        List<String> wants = List.of();
        List<String> links = List.of();
        Readiness ready = new Readiness.Running();
        Duration startTimeout = Duration.ofSeconds(60);
        Duration stopTimeout = Duration.ofSeconds(30);
        boolean ephemeral;

        E(String name) {
            this.name = name;
        }

        E after(String... names) {
            after = List.of(names);
            return this;
        }

        E wants(String... names) {
            wants = List.of(names);
            return this;
        }

        /** Its LXC config attaches it to these host interfaces ({@code lxc.net.N.link}). */
        E links(String... names) {
            links = List.of(names);
            return this;
        }

        E ready(String check) {
            ready = Readiness.parse(check);
            return this;
        }

        E startTimeout(int seconds) {
            startTimeout = Duration.ofSeconds(seconds);
            return this;
        }

        E stopTimeout(int seconds) {
            stopTimeout = Duration.ofSeconds(seconds);
            return this;
        }

        E ephemeral() {
            ephemeral = true;
            return this;
        }

        ContainerEntry build() {
            Path dir = LXCPATH.resolve(name);
            LxcConfig lxc = new LxcConfig(dir.resolve("config"), false, 0, 0, List.of(), links, null, 0);
            // start-delay stays 0: DagRunner holds dependents for it in real time.
            return new ContainerEntry(name, LXCPATH, null, after, wants, 0, Duration.ZERO, ready, startTimeout, stopTimeout,
                    ephemeral, RestartPolicy.NO, 0, ContainerEntry.Source.ENTRY, AUTO_DIR.resolve(name + ".conf"), 1, lxc,
                    Map.of());
        }
    }

    static E e(String name) {
        return new E(name);
    }

    /** A mutable copy of the agent defaults; {@link #build} makes the record. */
    static final class A {
        int maxParallel = 4;
        boolean stopUnlisted = true;
        Duration shutdownTimeout = Duration.ofSeconds(120);
        Duration stopTimeout = Duration.ofSeconds(30);
        Duration bridgeTimeout = Duration.ofSeconds(30);

        A maxParallel(int value) {
            maxParallel = value;
            return this;
        }

        A stopUnlisted(boolean value) {
            stopUnlisted = value;
            return this;
        }

        A stopTimeout(int seconds) {
            stopTimeout = Duration.ofSeconds(seconds);
            return this;
        }

        A bridgeTimeout(int seconds) {
            bridgeTimeout = Duration.ofSeconds(seconds);
            return this;
        }

        AgentConfig build() {
            AgentConfig d = AgentConfig.defaults(LXCPATH);
            return new AgentConfig(d.lxcpath(), d.groups(), maxParallel, d.onBoot(), d.onAgentStop(), stopUnlisted,
                    shutdownTimeout, stopTimeout, d.startTimeout(), bridgeTimeout, d.bridges());
        }
    }

    static A agent() {
        return new A();
    }

    static Configuration config(E... entries) {
        return config(agent(), entries);
    }

    static Configuration config(A agent, E... entries) {
        List<ContainerEntry> list = Arrays.stream(entries).map(E::build).toList();
        return new Configuration(agent.build(), AUTO_DIR, list, Map.of(), List.of(), List.of());
    }

    static ContainerRef ref(String name) {
        return new ContainerRef.Lxc(LXCPATH, name);
    }

    /** The record of {@code name} in {@code run}. */
    static ContainerRecord record(RunRecord run, String name) {
        return run.containers().stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no record of '" + name + "' in " + run.containers()));
    }
}
