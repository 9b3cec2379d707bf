package org.lxcauto.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.lxcauto.config.Configuration;
import org.lxcauto.lifecycle.ContainerControl;
import org.lxcauto.lifecycle.ExitCodes;
import org.lxcauto.lifecycle.Host;
import org.lxcauto.lifecycle.NotRunningException;
import org.lxcauto.lifecycle.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code lxc-auto stop NAME}: stop a container after the running containers that need it. */
@Command(name = "stop", description = "Stop a container, after stopping the running containers that depend on it."
        + " It stays down, whatever its restart policy, until 'lxc-auto start NAME'.")
final class StopCommand implements Callable<Integer> {

    @ParentCommand
    LxcAuto root;

    @Parameters(paramLabel = "NAME", description = "The container.")
    String name;

    @Override
    public Integer call() throws InterruptedException, LockRefusedException {
        Optional<Integer> viaDaemon = DaemonCalls.call(root.global.bus, "stop '" + name + "'", agent -> agent.Stop(name));
        if (viaDaemon.isPresent()) {
            return viaDaemon.get();
        }
        return root.global.whileLocked("stop " + name, this::stopDirectly);
    }

    private int stopDirectly() throws InterruptedException {
        Configuration config = root.global.loadAndReport();
        try (Host host = root.global.host()) {
            return new ContainerControl(host, root.global.store(), Progress.NONE).stop(config, name).exitCode();
        } catch (NotRunningException e) {
            System.err.println("lxc-auto: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }
}
