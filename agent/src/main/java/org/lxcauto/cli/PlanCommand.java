package org.lxcauto.cli;

import java.util.Set;
import java.util.concurrent.Callable;
import org.lxcauto.config.Configuration;
import org.lxcauto.lifecycle.BootSelection;
import org.lxcauto.lifecycle.ExitCodes;
import org.lxcauto.lifecycle.Host;
import org.lxcauto.lifecycle.LibvirtAutostart;
import org.lxcauto.lifecycle.RunningContainers;
import org.lxcauto.plan.Plan;
import org.lxcauto.plan.Planner;
import org.lxcauto.plan.Selection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code lxc-auto plan}: show what boot (or shutdown) would do; changes nothing. */
@Command(name = "plan", description = "Print the start (or stop) plan: waves, dependencies and why each container is"
        + " (not) included. Changes nothing.")
final class PlanCommand implements Callable<Integer> {

    @ParentCommand
    LxcAuto root;

    @Option(names = "--shutdown", description = "Show the stop plan for the containers running now.")
    boolean shutdown;

    @Option(names = "--json", description = "Machine-readable output (documented in /usr/share/doc/lxc-auto/docs/formats.md).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Configuration config = root.global.load();
        Plan plan;
        LibvirtAutostart libvirt;
        boolean systemd;
        try (Host host = root.global.host()) {
            systemd = host.units().booted();
            BootSelection.RunningNames running = () -> RunningContainers.find(host.runtime(), config).keySet();
            plan = shutdown ? Planner.stop(config, running.get(), config.agent().stopUnlisted(), Selection.all())
                    : Planner.start(config, BootSelection.of(config, root.global.store(), running));
            libvirt = LibvirtAutostart.find(host.runtime(), config);
        }
        System.out.print(json ? PlanView.json(plan, config, libvirt) : PlanView.text(plan, config, libvirt, systemd));
        return config.valid() && CheckCommand.hostProblems(config, systemd).isEmpty() ? ExitCodes.OK : ExitCodes.CONFIG;
    }
}
