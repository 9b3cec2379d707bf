package org.lxcauto.cli;

import java.util.concurrent.Callable;
import org.lxcauto.config.Configuration;
import org.lxcauto.event.Events;
import org.lxcauto.lifecycle.Boot;
import org.lxcauto.lifecycle.BootSelection;
import org.lxcauto.lifecycle.RunningContainers;
import org.lxcauto.metrics.AgentMetrics;
import org.lxcauto.metrics.MetricsFile;
import org.lxcauto.plan.Selection;
import org.lxcauto.state.RunRecord;
import org.lxcauto.lifecycle.Host;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code lxc-auto boot}: start the autostart containers, then exit, leaving the metrics file
 * (docs/monitoring.md) with what the boot did.
 */
@Command(name = "boot", description = "Start the autostart containers in dependency order (adopting those already"
        + " running), then exit.")
final class BootCommand implements Callable<Integer> {

    @ParentCommand
    LxcAuto root;

    @Override
    public Integer call() throws InterruptedException, LockRefusedException {
        return root.global.whileLocked("boot", this::boot);
    }

    private int boot() throws InterruptedException {
        Configuration config = root.global.loadAndReport();
        AgentMetrics metrics = new AgentMetrics();
        metrics.configured(config);
        try (Host real = root.global.host()) {
            Host host = real.withEvents(Events.all(real.events(), metrics));
            Selection selection = BootSelection.of(config, root.global.store(),
                    () -> RunningContainers.find(host.runtime(), config).keySet());
            RunRecord run = new Boot(host, root.global.store()).run(config, selection, "boot");
            new MetricsFile(() -> config.agent().metricsFile(), metrics, host.clock(), Runnable::run).writeNow();
            return run.exitCode();
        }
    }
}
