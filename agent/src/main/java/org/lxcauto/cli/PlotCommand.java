package org.lxcauto.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.lxcauto.lifecycle.ExitCodes;
import org.lxcauto.report.Plot;
import org.lxcauto.state.RunRecord;
import org.lxcauto.state.StateFileException;
import org.lxcauto.state.StateStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code lxc-auto plot > boot.svg}: the last boot and shutdown as an SVG timeline. A damaged
 * record of one does not hide the other: it is named on standard error and left out.
 */
@Command(name = "plot", description = "Write the last boot (and shutdown) as an SVG timeline to standard output.")
final class PlotCommand implements Callable<Integer> {

    @ParentCommand
    LxcAuto root;

    @Override
    public Integer call() {
        StateStore store = root.global.store();
        List<String> problems = new ArrayList<>();
        RunRecord boot = read(store, "boot", problems);
        RunRecord shutdown = read(store, "shutdown", problems);
        if (boot == null && shutdown == null) {
            problems.forEach(p -> System.err.println("lxc-auto: " + p));
            System.err.println("lxc-auto: " + (problems.isEmpty() ? "no boot or shutdown recorded in " + store.dir()
                    : "nothing to plot"));
            return ExitCodes.FAILURE;
        }
        String plotted = boot == null ? "the shutdown" : "the boot";
        problems.forEach(p -> System.err.println("lxc-auto: warning: " + p + "; plotting " + plotted + " only"));
        System.out.print(Plot.svg(boot, shutdown));
        return ExitCodes.OK;
    }

    /** The record, or null when there is none or it is damaged (then added to {@code problems}). */
    private static RunRecord read(StateStore store, String kind, List<String> problems) {
        try {
            return store.lastRun(kind).orElse(null);
        } catch (StateFileException e) {
            problems.add(e.getMessage());
            return null;
        }
    }
}
