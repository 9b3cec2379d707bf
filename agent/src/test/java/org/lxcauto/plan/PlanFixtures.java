package org.lxcauto.plan;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lxcauto.config.AgentConfig;
import org.lxcauto.config.Configuration;
import org.lxcauto.config.ContainerEntry;
import org.lxcauto.config.LxcConfig;
import org.lxcauto.config.Problem;
import org.lxcauto.config.Readiness;
import org.lxcauto.config.RestartPolicy;

/**
 * Builds {@link Configuration}s directly through the records' constructors, so planner tests state
 * the graph they mean in a few lines and run without any file.
 */
final class PlanFixtures {

    static final Path LXCPATH = Path.of("/var/lib/lxc");
    static final Path AUTO_DIR = Path.of("/etc/lxc/auto");

    private PlanFixtures() {
    }

    /** A mutable description of one entry; {@link #build} makes the record. */
    static final class E {
        final String name;
        List<String> after = List.of();
        List<String> wants = List.of();
        int order;
        int delay;
        int groupRank;
        ContainerEntry.Source source = ContainerEntry.Source.ENTRY;
        List<String> links = List.of();

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

        E order(int value) {
            order = value;
            return this;
        }

        E links(String... names) {
            links = List.of(names);
            return this;
        }

        /** An {@code lxc.start.auto = 1} container with the given rank, order and delay. */
        E lxcKeys(int rank, int startOrder, int startDelay) {
            source = ContainerEntry.Source.LXC_KEYS;
            groupRank = rank;
            order = startOrder;
            delay = startDelay;
            return this;
        }

        ContainerEntry build() {
            Path dir = LXCPATH.resolve(name);
            Path file = source == ContainerEntry.Source.LXC_KEYS ? dir.resolve("config") : AUTO_DIR.resolve(name + ".conf");
            LxcConfig lxc = new LxcConfig(dir.resolve("config"), source == ContainerEntry.Source.LXC_KEYS, order, delay,
                    List.of(), links, null, 0);
            return new ContainerEntry(name, LXCPATH, null, after, wants, order, Duration.ofSeconds(delay), new Readiness.Running(),
                    Duration.ofSeconds(60), Duration.ofSeconds(30), false, RestartPolicy.NO, groupRank, source, file,
                    source == ContainerEntry.Source.ENTRY ? 1 : 0, lxc, java.util.Map.of());
        }
    }

    static E e(String name) {
        return new E(name);
    }

    static Configuration config(E... entries) {
        return config(Map.of(), entries);
    }

    /** A configuration where {@code broken} names containers whose files were unusable. */
    static Configuration config(Map<String, Problem> broken, E... entries) {
        List<ContainerEntry> list = Arrays.stream(entries).map(E::build).toList();
        return new Configuration(AgentConfig.defaults(LXCPATH), AUTO_DIR, list, new LinkedHashMap<>(broken),
                List.copyOf(broken.values()), List.of());
    }

    static Optional<Exclusion> exclusion(Plan plan, String name) {
        return plan.excluded().stream().filter(x -> x.name().equals(name)).findFirst();
    }

    static Exclusion excluded(Plan plan, String name) {
        return exclusion(plan, name).orElseThrow(() -> new AssertionError("'" + name + "' not excluded: " + plan));
    }

    static Step step(Plan plan, String name) {
        return plan.step(name).orElseThrow(() -> new AssertionError("no step '" + name + "' in " + plan.names()));
    }

    /** Asserts that {@code first} comes before {@code then} in the plan's dispatch order. */
    static void assertBefore(Plan plan, String first, String then) {
        List<String> names = plan.names();
        assertTrue(names.contains(first) && names.contains(then) && names.indexOf(first) < names.indexOf(then),
                () -> "expected '" + first + "' before '" + then + "' in " + names);
    }
}
