package org.lxcauto.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@code [agent]} settings of {@code /etc/lxc/lxc-auto.conf} (docs/configuration.md, [agent]),
 * with defaults applied.
 *
 * @param lxcpath default lxcpath of containers
 * @param groups groups selected as {@code lxc-autostart -g} does; "" is "no group"
 * @param maxParallel containers starting or stopping at once (already resolved from 0 = CPUs x 2)
 * @param onBoot what {@code boot} starts
 * @param onAgentStop when stopping the agent also stops the containers
 * @param stopUnlisted whether host shutdown also stops running containers that are not autostarted
 * @param shutdownTimeout budget for stopping everything
 * @param stopTimeout default per-container clean-stop time
 * @param startTimeout default per-container time to ready
 * @param bridgeTimeout how long a missing bridge is waited for
 * @param metricsFile the Prometheus textfile to write (docs/monitoring.md); null when off
 * @param bridges bridges declared in {@code [bridge NAME]} sections
 */
public record AgentConfig(
        Path lxcpath,
        List<String> groups,
        int maxParallel,
        OnBoot onBoot,
        OnAgentStop onAgentStop,
        boolean stopUnlisted,
        Duration shutdownTimeout,
        Duration stopTimeout,
        Duration startTimeout,
        Duration bridgeTimeout,
        Path metricsFile,
        List<InterfaceDeclaration> bridges) {

    public static final Path DEFAULT_LXCPATH = Path.of("/var/lib/lxc");
    /** Where Debian's prometheus-node-exporter reads textfiles from (its --collector.textfile.directory). */
    public static final Path DEFAULT_METRICS_FILE = Path.of("/var/lib/prometheus/node-exporter/lxc-auto.prom");

    /** {@code on-boot}: which containers a boot starts. */
    public enum OnBoot { START, RESTORE, IGNORE }

    /** {@code on-agent-stop}: whether a plain stop of the agent stops containers. */
    public enum OnAgentStop { HOST_SHUTDOWN, ALWAYS }

    /** Defaults for a host with no configuration file. */
    public static AgentConfig defaults(Path lxcpath) {
        return new AgentConfig(lxcpath, List.of("onboot", ""), defaultParallelism(), OnBoot.START,
                OnAgentStop.HOST_SHUTDOWN, true, Duration.ofSeconds(120), Duration.ofSeconds(30),
                Duration.ofSeconds(60), Duration.ofSeconds(30), DEFAULT_METRICS_FILE, List.of());
    }

    static int defaultParallelism() {
        return Runtime.getRuntime().availableProcessors() * 2;
    }

    public AgentConfig withMetricsFile(Path file) {
        return new AgentConfig(lxcpath, groups, maxParallel, onBoot, onAgentStop, stopUnlisted,
                shutdownTimeout, stopTimeout, startTimeout, bridgeTimeout, file, bridges);
    }

    public AgentConfig withLxcpath(Path path) {
        return new AgentConfig(path, groups, maxParallel, onBoot, onAgentStop, stopUnlisted,
                shutdownTimeout, stopTimeout, startTimeout, bridgeTimeout, metricsFile, bridges);
    }
}
