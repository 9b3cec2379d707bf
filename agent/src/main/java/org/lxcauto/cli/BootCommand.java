package org.lxcauto.cli;

import java.util.concurrent.Callable;
import org.lxcauto.config.Configuration;
import org.lxcauto.lifecycle.Boot;
import org.lxcauto.lifecycle.BootSelection;
import org.lxcauto.lifecycle.RunningContainers;
import org.lxcauto.plan.Selection;
import org.lxcauto.lifecycle.Host;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code lxc-auto boot}: start the autostart containers, then exit. */
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
        try (Host host = root.global.host()) {
            Selection selection = BootSelection.of(config, root.global.store(),
                    () -> RunningContainers.find(host.runtime(), config).keySet());
            return new Boot(host, root.global.store()).run(config, selection, "boot").exitCode();
        }
    }
}
