package org.lxcauto.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.lxcauto.config.Configuration;
import org.lxcauto.event.Events;
import org.lxcauto.lifecycle.Host;
import org.lxcauto.lifecycle.Shutdown;
import org.lxcauto.metrics.AgentMetrics;
import org.lxcauto.metrics.MetricsFile;
import org.lxcauto.plan.Selection;
import org.lxcauto.state.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code lxc-auto shutdown}: stop the containers, dependents first, within the budget, then leave
 * the metrics file (docs/monitoring.md) with what the shutdown did.
 */
@Command(name = "shutdown", description = "Stop the running containers, dependents first, within the shutdown"
        + " budget; remember which were running (for on-boot = restore).")
final class ShutdownCommand implements Callable<Integer> {

    @ParentCommand
    LxcAuto root;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Whole budget, overriding [agent] shutdown-timeout.")
    Long timeout;

    @Override
    public Integer call() throws InterruptedException, LockRefusedException {
        if (timeout != null && timeout <= 0) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--timeout (" + timeout + ") must be a positive number of seconds");
        }
        return root.global.whileLocked("shutdown", this::shutdown);
    }

    private int shutdown() throws InterruptedException {
        Configuration config = root.global.loadAndReport();
        Duration budget = timeout == null ? config.agent().shutdownTimeout() : Duration.ofSeconds(timeout);
        AgentMetrics metrics = new AgentMetrics();
        metrics.configured(config);
        try (Host real = root.global.host()) {
            Host host = real.withEvents(Events.all(real.events(), metrics));
            RunRecord run = new Shutdown(host, root.global.store()).run(config, Selection.all(), budget, "shutdown");
            new MetricsFile(() -> config.agent().metricsFile(), metrics, host.clock(), Runnable::run).writeNow();
            return run.exitCode();
        }
    }
}
