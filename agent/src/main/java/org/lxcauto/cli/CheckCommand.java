package org.lxcauto.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.lxcauto.config.Configuration;
import org.lxcauto.config.ContainerEntry;
import org.lxcauto.config.Problem;
import org.lxcauto.lifecycle.Host;
import org.lxcauto.need.Need;
import org.lxcauto.lifecycle.ExitCodes;
import org.lxcauto.plan.Exclusion;
import org.lxcauto.plan.Plan;
import org.lxcauto.plan.Planner;
import org.lxcauto.plan.Selection;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code lxc-auto check}: validate every configuration source, print every problem. */
@Command(name = "check", description = "Validate every configuration source; print each problem as FILE:LINE: message.")
final class CheckCommand implements Callable<Integer> {

    @ParentCommand
    LxcAuto root;

    @Override
    public Integer call() {
        Configuration config = root.global.load();
        List<Problem> problems = new ArrayList<>(config.problems());
        problems.addAll(planProblems(config));
        try (Host host = root.global.host()) {
            problems.addAll(hostProblems(config, host.units().booted()));
        }
        problems.addAll(root.global.mountOrdering(config));
        for (Problem problem : problems) {
            System.out.println(problem);
        }
        boolean valid = problems.stream().noneMatch(p -> p.severity() == Problem.Severity.ERROR);
        System.out.println(valid
                ? "configuration is valid: " + config.entries().size() + " container(s) to autostart"
                : problems.stream().filter(p -> p.severity() == Problem.Severity.ERROR).count() + " error(s)");
        return valid ? ExitCodes.OK : ExitCodes.CONFIG;
    }

    /**
     * Problems of entries with this host: a {@code unit:} need where systemd does not run, which
     * no wait can make hold. Located at the entry's {@code needs} line.
     *
     * @param systemd whether the host runs systemd
     */
    static List<Problem> hostProblems(Configuration config, boolean systemd) {
        List<Problem> problems = new ArrayList<>();
        for (ContainerEntry entry : config.entries()) {
            for (Need need : entry.needs()) {
                if (need instanceof Need.Unit && !systemd) {
                    problems.add(Problem.error(entry.file(), entry.lineOf("needs"), entry.name(),
                            "'" + entry.name() + "' " + noSystemd(need)));
                }
            }
        }
        return problems;
    }

    /** What check and plan say of a {@code unit:} need on a host without systemd. */
    static String noSystemd(Need need) {
        return "needs " + need + ", but this host does not run systemd (no /run/systemd/system), so it can never"
                + " hold; remove it from needs";
    }

    /**
     * Problems only the planner sees (cycles, dependencies on containers that are not configured),
     * located at the entry that declares the dependency.
     */
    static List<Problem> planProblems(Configuration config) {
        Plan plan = Planner.start(config, Selection.all());
        List<Problem> problems = new ArrayList<>();
        for (Exclusion exclusion : plan.excluded()) {
            if (!exclusion.failure() || config.broken().containsKey(exclusion.name())) {
                continue;
            }
            problems.add(Problem.error(exclusion.file(), exclusion.line(), exclusion.name(),
                    "'" + exclusion.name() + "' cannot start: " + exclusion.reason()));
        }
        return problems;
    }
}
