package org.lxcauto.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.lxcauto.lifecycle.ExitCodes;
import org.lxcauto.report.Blame;
import org.lxcauto.state.RunRecord;
import org.lxcauto.state.StateFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code lxc-auto blame}: time to ready per container, and the critical chain, of the last boot. */
@Command(name = "blame", description = "Show the last boot: time to ready per container and the critical chain.")
final class BlameCommand implements Callable<Integer> {

    @ParentCommand
    LxcAuto root;

    @Override
    public Integer call() {
        Optional<RunRecord> boot;
        try {
            boot = root.global.store().lastRun("boot");
        } catch (StateFileException e) {
            System.err.println("lxc-auto: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        if (boot.isEmpty()) {
            System.err.println("lxc-auto: no boot recorded in " + root.global.stateDir + "; run 'lxc-auto boot' first");
            return ExitCodes.FAILURE;
        }
        System.out.print(Blame.render(boot.get()));
        return ExitCodes.OK;
    }
}
