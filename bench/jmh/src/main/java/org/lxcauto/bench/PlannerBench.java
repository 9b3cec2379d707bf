package org.lxcauto.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.lxcauto.config.AgentConfig;
import org.lxcauto.config.Configuration;
import org.lxcauto.config.ContainerEntry;
import org.lxcauto.config.LxcConfig;
import org.lxcauto.config.Readiness;
import org.lxcauto.config.RestartPolicy;
import org.lxcauto.config.Target;
import org.lxcauto.plan.Plan;
import org.lxcauto.plan.Planner;
import org.lxcauto.plan.Selection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The planner alone, in memory: the configuration is built once per trial, so only
 * {@link Planner#start} and {@link Planner#stop} are measured (no file reading, no JVM start-up).
 *
 * <p>The shape matches the real-container benchmarks: {@code layers x width} containers, each needing
 * two of the layer before ({@code after}) and wanting a third ({@code wants}); 5 x 10 is dag50,
 * 100 x 100 is the 10,000-entry configuration that {@code lxc-auto plan} is timed on.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PlannerBench {

    @Param({"5x10", "100x100"})
    public String shape;

    private Configuration config;
    private Set<String> running;

    @Setup
    public void setUp() {
        String[] dims = shape.split("x");
        int layers = Integer.parseInt(dims[0]);
        int width = Integer.parseInt(dims[1]);
        Path lxcpath = Path.of("/var/lib/lxc");
        AgentConfig agent = AgentConfig.defaults(lxcpath);
        List<ContainerEntry> entries = new ArrayList<>();
        running = new LinkedHashSet<>();
        for (int layer = 0; layer < layers; layer++) {
            for (int i = 0; i < width; i++) {
                String name = name(layer, i);
                List<String> after = layer == 0 ? List.of()
                        : List.of(name(layer - 1, i), name(layer - 1, (i + 1) % width));
                List<String> wants = layer == 0 ? List.of() : List.of(name(layer - 1, (i + 7) % width));
                Path file = Path.of("/etc/lxc/auto", name + ".conf");
                LxcConfig lxc = new LxcConfig(lxcpath.resolve(name).resolve("config"), false, 0, 0, List.of(),
                        List.of(), "SIGUSR1", 0);
                entries.add(ContainerEntry.builder(name, ContainerEntry.Source.ENTRY, file, 1)
                        .target(new Target.Lxc(lxcpath, lxc, false, RestartPolicy.NO)).after(after).wants(wants)
                        .order(i % 10).ready(new Readiness.Exec(List.of("test", "-f", "/ready")))
                        .startTimeout(Duration.ofSeconds(60)).stopTimeout(Duration.ofSeconds(30))
                        .keyLines(Map.of("after", 2)).build());
                running.add(name);
            }
        }
        entries.sort((a, b) -> a.name().compareTo(b.name()));
        config = new Configuration(agent, Path.of("/etc/lxc/auto"), List.copyOf(entries), Map.of(), List.of(), List.of());
    }

    private static String name(int layer, int i) {
        return String.format("c%03dx%03d", layer, i);
    }

    @Benchmark
    public Plan start() {
        return Planner.start(config, Selection.all());
    }

    @Benchmark
    public Plan stop() {
        return Planner.stop(config, running, true, Selection.all());
    }
}
