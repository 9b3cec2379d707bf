package org.lxcauto.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.lxcauto.lifecycle.ExitCodes;
import org.lxcauto.report.Plot;
import org.lxcauto.state.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code lxc-auto plot > boot.svg}: the last boot and shutdown as an SVG timeline. */
@Command(name = "plot", description = "Write the last boot (and shutdown) as an SVG timeline to standard output.")
final class PlotCommand implements Callable<Integer> {

    @ParentCommand
    LxcAuto root;

    @Override
    public Integer call() throws Exception {
        Optional<RunRecord> boot = root.global.store().lastRun("boot");
        Optional<RunRecord> shutdown = root.global.store().lastRun("shutdown");
        if (boot.isEmpty() && shutdown.isEmpty()) {
            System.err.println("lxc-auto: no boot or shutdown recorded in " + root.global.stateDir);
            return ExitCodes.FAILURE;
        }
        System.out.print(Plot.svg(boot.orElse(null), shutdown.orElse(null)));
        return ExitCodes.OK;
    }
}
