package org.lxcauto.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.lxcauto.config.Configuration;
import org.lxcauto.lifecycle.ContainerControl;
import org.lxcauto.lifecycle.ExitCodes;
import org.lxcauto.lifecycle.Host;
import org.lxcauto.lifecycle.NotAutostartException;
import org.lxcauto.lifecycle.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code lxc-auto start NAME}: start one autostart container and what it needs. */
@Command(name = "start", description = "Start an autostart container, after the containers it depends on.")
final class StartCommand implements Callable<Integer> {

    @ParentCommand
    LxcAuto root;

    @Parameters(paramLabel = "NAME", description = "The container (it must have an autostart entry).")
    String name;

    @Override
    public Integer call() throws InterruptedException, LockRefusedException {
        Optional<Integer> viaDaemon = DaemonCalls.call(root.global.bus, "start '" + name + "'", agent -> agent.Start(name));
        if (viaDaemon.isPresent()) {
            return viaDaemon.get();
        }
        return root.global.whileLocked("start " + name, this::startDirectly);
    }

    private int startDirectly() throws InterruptedException {
        Configuration config = root.global.loadAndReport();
        try (Host host = root.global.host()) {
            return new ContainerControl(host, root.global.store(), Progress.NONE).start(config, name).exitCode();
        } catch (NotAutostartException e) {
            System.err.println("lxc-auto: " + e.getMessage() + (e.broken() != null ? ""
                    : "; enable it with 'lxc-auto enable " + name + "' or start it with lxc-start"));
            return ExitCodes.FAILURE;
        }
    }
}
