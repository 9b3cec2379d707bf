package org.lxcauto.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.lxcauto.daemon.Agent1;
import org.lxcauto.config.Configuration;
import org.lxcauto.lifecycle.Boot;
import org.lxcauto.lifecycle.ExitCodes;
import org.lxcauto.lifecycle.Host;
import org.lxcauto.lifecycle.BootSelection;
import org.lxcauto.lifecycle.RunningContainers;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code lxc-auto reload}: re-read the configuration and start what became enabled. Without a
 * resident daemon this is a boot that adopts everything already running.
 */
@Command(name = "reload", description = "Re-read the configuration and start newly enabled containers.")
final class ReloadCommand implements Callable<Integer> {

    @ParentCommand
    LxcAuto root;

    @Override
    public Integer call() throws InterruptedException, LockRefusedException {
        Optional<Integer> viaDaemon = DaemonCalls.call(root.global.bus, "reload", Agent1::Reload);
        if (viaDaemon.isPresent()) {
            return viaDaemon.get();
        }
        return root.global.whileLocked("reload", this::reloadDirectly);
    }

    private int reloadDirectly() throws InterruptedException {
        Configuration config = root.global.loadAndReport();
        int code;
        try (Host host = root.global.host()) {
            code = new Boot(host, root.global.store()).run(config, BootSelection.reload(root.global.store(),
                    () -> RunningContainers.find(host.runtime(), config).keySet()), "reload").exitCode();
        }
        return code == ExitCodes.OK ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
