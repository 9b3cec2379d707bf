package org.lxcauto.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.lxcauto.config.Configuration;
import org.lxcauto.lifecycle.Host;
import org.lxcauto.lifecycle.Shutdown;
import org.lxcauto.plan.Selection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code lxc-auto shutdown}: stop the containers, dependents first, within the budget. */
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
        try (Host host = root.global.host()) {
            return new Shutdown(host, root.global.store()).run(config, Selection.all(), budget, "shutdown").exitCode();
        }
    }
}
