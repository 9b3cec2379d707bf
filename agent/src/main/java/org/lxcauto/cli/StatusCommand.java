package org.lxcauto.cli;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.lxcauto.config.Configuration;
import org.lxcauto.config.ContainerEntry;
import org.lxcauto.container.ContainerRef;
import org.lxcauto.container.ContainerRuntime;
import org.lxcauto.container.ContainerState;
import org.lxcauto.lifecycle.ExitCodes;
import org.lxcauto.lifecycle.Host;
import org.lxcauto.lifecycle.RunningContainers;
import org.lxcauto.lifecycle.Runtimes;
import org.lxcauto.network.IpRoute;
import org.lxcauto.network.LinkState;
import org.lxcauto.state.ContainerRecord;
import org.lxcauto.state.InterfaceRecord;
import org.lxcauto.system.ProcessCommandRunner;
import org.lxcauto.state.RunRecord;
import org.lxcauto.state.StateStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code lxc-auto status}: every autostart (or running) container's state now, and what the last
 * boot recorded for it. Exits 3 (LSB "not running") while no daemon runs.
 */
@Command(name = "status", description = "Show each container's state, ready time, IPv4, boot time and last error,"
        + " and whether the daemon runs.")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    LxcAuto root;

    @Option(names = "--json", description = "Machine-readable output (documented in the README).")
    boolean json;

    /** One row of {@code status}; the {@code --json} form is a list of these. */
    record Row(String name, String state, String ipv4, Instant readySince, Long bootMillis, String outcome,
            String lastError, String source) {
    }

    /**
     * One interface the containers need.
     *
     * @param manager who brought it up at the last boot ("NetworkManager", "kernel", "netcf",
     *     "external"), or "external"/"-" when lxc-auto has not touched it
     */
    record InterfaceRow(String name, String manager, String state, String declaredIn, String lastError) {
    }

    /** The {@code status --json} document. */
    record StatusJson(boolean daemonRunning, Instant lastBoot, List<InterfaceRow> interfaces, List<Row> containers) {
    }

    @Override
    public Integer call() throws Exception {
        Configuration config = root.global.load();
        try (Host host = root.global.host()) {
            return show(config, host.runtime());
        }
    }

    private int show(Configuration config, ContainerRuntime runtime) throws Exception {
        Optional<RunRecord> boot = lastBoot(root.global.store());
        Map<String, ContainerRecord> booted = new TreeMap<>();
        boot.ifPresent(b -> b.containers().forEach(c -> booted.put(c.name(), c)));
        Map<String, ContainerRef> running = RunningContainers.find(runtime, config);

        List<Row> rows = new ArrayList<>();
        for (ContainerEntry entry : config.entries()) {
            ContainerState state = running.containsKey(entry.name()) ? ContainerState.RUNNING
                    : runtime.state(Runtimes.base(entry)) == ContainerState.MISSING ? ContainerState.MISSING : ContainerState.STOPPED;
            rows.add(row(entry.name(), state, running.get(entry.name()), booted.get(entry.name()), runtime,
                    entry.source().label()));
        }
        for (Map.Entry<String, ContainerRef> r : running.entrySet()) {
            if (config.entries().stream().noneMatch(e -> e.name().equals(r.getKey()))) {
                rows.add(row(r.getKey(), ContainerState.RUNNING, r.getValue(), booted.get(r.getKey()), runtime, "not autostarted"));
            }
        }
        List<InterfaceRow> interfaces = interfaces(config, boot);
        boolean daemon = false; // the resident daemon reports itself over D-Bus; none is running here
        if (json) {
            System.out.print(StateStore.json().writeValueAsString(
                    new StatusJson(daemon, boot.map(RunRecord::started).orElse(null), interfaces, rows)) + "\n");
        } else {
            System.out.print(StatusView.text(daemon, boot, interfaces, rows, config.broken()));
        }
        return daemon ? ExitCodes.OK : ExitCodes.NOT_RUNNING;
    }

    /** Declared interfaces and those entries attach to, with who manages them and their state now. */
    private static List<InterfaceRow> interfaces(Configuration config, Optional<RunRecord> boot) throws InterruptedException {
        java.util.Set<String> names = new java.util.TreeSet<>();
        config.interfaces().forEach(i -> names.add(i.name()));
        config.entries().stream().filter(e -> e.lxc() != null).forEach(e -> names.addAll(e.lxc().links()));
        Map<String, InterfaceRecord> booted = new TreeMap<>();
        boot.map(RunRecord::interfaces).ifPresent(list -> list.forEach(i -> booted.put(i.name(), i)));
        IpRoute ip = new IpRoute(new ProcessCommandRunner());
        List<InterfaceRow> rows = new ArrayList<>();
        for (String name : names) {
            LinkState state = ip.link(name);
            InterfaceRecord record = booted.get(name);
            String manager = record != null ? record.manager() : state.exists() ? "external" : "-";
            rows.add(new InterfaceRow(name, manager, state.describe(),
                    config.declared(name).map(d -> d.origin()).orElse(null), record == null ? null : record.error()));
        }
        return rows;
    }

    private static Row row(String name, ContainerState state, ContainerRef ref, ContainerRecord record,
            ContainerRuntime runtime, String source) throws InterruptedException {
        String ipv4 = ref == null ? null : runtime.ipv4(ref).orElse(null);
        boolean up = state == ContainerState.RUNNING;
        return new Row(name, state.name().toLowerCase(), ipv4,
                up && record != null ? record.end() : null,
                record != null && record.duration() != null ? record.duration().toMillis() : null,
                record != null && record.outcome() != null ? record.outcome().name().toLowerCase() : null,
                record == null ? null : record.error(), source);
    }

    private static Optional<RunRecord> lastBoot(StateStore store) {
        try {
            return store.lastRun("boot");
        } catch (IOException e) {
            System.err.println("lxc-auto: warning: " + e.getMessage() + "; showing live state only");
            return Optional.empty();
        }
    }
}
