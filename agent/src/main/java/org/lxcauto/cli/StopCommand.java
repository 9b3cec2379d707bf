package org.lxcauto.cli;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.lxcauto.config.Configuration;
import org.lxcauto.lifecycle.ExitCodes;
import org.lxcauto.lifecycle.Host;
import org.lxcauto.lifecycle.Shutdown;
import org.lxcauto.plan.Selection;
import org.lxcauto.state.Outcome;
import org.lxcauto.state.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code lxc-auto stop NAME}: stop a container after the running containers that need it. */
@Command(name = "stop", description = "Stop a container, after stopping the running containers that depend on it.")
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
        RunRecord run;
        try (Host host = root.global.host()) {
            run = new Shutdown(host, root.global.store()).run(config,
                    Selection.only(Set.of(name), "does not depend on " + name), config.agent().shutdownTimeout(), "stop");
        }
        if (run.containers().stream().noneMatch(c -> c.name().equals(name))) {
            System.err.println("lxc-auto: '" + name + "' is not running");
            return ExitCodes.FAILURE;
        }
        boolean failed = run.containers().stream().anyMatch(c -> c.outcome() == Outcome.STOP_FAILED);
        return failed ? ExitCodes.FAILURE : ExitCodes.OK;
    }
}
