package org.lxcauto.lifecycle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.lxcauto.config.Configuration;
import org.lxcauto.config.ContainerEntry;
import org.lxcauto.config.Target;
import org.lxcauto.container.ContainerRef;
import org.lxcauto.container.ContainerRuntime;
import org.lxcauto.container.ContainerState;
import org.lxcauto.network.IpRoute;
import org.lxcauto.network.LinkState;
import org.lxcauto.state.ContainerRecord;
import org.lxcauto.state.InterfaceRecord;
import org.lxcauto.state.RunRecord;
import org.lxcauto.state.StateFileException;
import org.lxcauto.state.StateStore;

/**
 * What {@code lxc-auto status} shows, and what the daemon's {@code Status} D-Bus method returns:
 * the live state of every container and interface, joined with what the last boot recorded. The
 * JSON form of this record is the documented {@code status --json} format.
 *
 * @param daemonRunning whether the resident daemon answered
 * @param lastBoot when the last recorded boot began, or null
 * @param lastBootExit its exit status, or null
 * @param interfaces the interfaces the containers need
 * @param containers every autostart container, then running ones that are not autostarted
 * @param warning a problem reading the saved state, or null
 */
public record StatusSnapshot(boolean daemonRunning, Instant lastBoot, Integer lastBootExit, List<InterfaceRow> interfaces,
        List<Row> containers, String warning) {

    /**
     * One container.
     *
     * @param haltSignal the signal a stop sends it ({@code lxc.signal.halt}, else SIGPWR); null for a
     *     domain and for a container without an entry
     * @param waitingFor the needs a running boot is waiting for before it starts the container; null
     *     when it is not waiting
     */
    public record Row(String name, String state, String ipv4, Instant readySince, Long bootMillis, String outcome,
            String lastError, String source, String haltSignal, List<String> waitingFor) {
    }

    /**
     * One interface.
     *
     * @param manager who brought it up at the last boot ("NetworkManager", "kernel", "netcf",
     *     "external"), else "external" if it exists and "-" if not
     */
    public record InterfaceRow(String name, String manager, String state, String declaredIn, String lastError) {
    }

    /**
     * Takes the snapshot.
     *
     * @param daemonErrors errors only the running daemon knows (a restart given up on), by container
     */
    public static StatusSnapshot take(Configuration config, ContainerRuntime runtime, IpRoute ip, StateStore store,
            boolean daemonRunning, Map<String, String> daemonErrors) throws InterruptedException {
        Optional<RunRecord> boot = Optional.empty();
        String warning = null;
        try {
            boot = store.lastRun("boot");
        } catch (StateFileException e) {
            warning = e.getMessage() + "; showing the live state only";
        }
        Map<String, ContainerRecord> booted = new TreeMap<>();
        boot.ifPresent(b -> b.containers().forEach(c -> booted.put(c.name(), c)));
        Map<String, ContainerRef> running = RunningContainers.find(runtime, config);
        Map<String, List<String>> waiting = Map.of();
        try {
            waiting = store.waiting();
        } catch (StateFileException e) {
            warning = warning != null ? warning : e.getMessage() + "; not showing which containers wait for their needs";
        }
        Map<String, String> stoppedByOperator = OperatorStops.held(store);

        List<Row> rows = new ArrayList<>();
        for (ContainerEntry entry : config.entries()) {
            ContainerState state = running.containsKey(entry.name()) ? ContainerState.RUNNING
                    : runtime.state(Runtimes.base(entry)) == ContainerState.MISSING ? ContainerState.MISSING
                    : ContainerState.STOPPED;
            // A container the operator stopped is down on purpose: say so, and how to bring it back.
            String note = daemonErrors.getOrDefault(entry.name(),
                    state != ContainerState.RUNNING ? stoppedByOperator.get(entry.name()) : null);
            rows.add(row(entry.name(), state, running.get(entry.name()), booted.get(entry.name()), runtime,
                    entry.source().label(), note, haltSignal(entry),
                    state == ContainerState.RUNNING ? null : waiting.get(entry.name())));
        }
        for (Map.Entry<String, ContainerRef> r : running.entrySet()) {
            if (config.entries().stream().noneMatch(e -> e.name().equals(r.getKey()))) {
                rows.add(row(r.getKey(), ContainerState.RUNNING, r.getValue(), booted.get(r.getKey()), runtime,
                        "not autostarted", null, null, null));
            }
        }
        return new StatusSnapshot(daemonRunning, boot.map(RunRecord::started).orElse(null),
                boot.map(RunRecord::exitCode).orElse(null), interfaces(config, boot, ip), rows, warning);
    }

    private static List<InterfaceRow> interfaces(Configuration config, Optional<RunRecord> boot, IpRoute ip)
            throws InterruptedException {
        Set<String> names = new TreeSet<>();
        config.interfaces().forEach(i -> names.add(i.name()));
        for (ContainerEntry entry : config.entries()) {
            if (entry.target() instanceof Target.Lxc container) {
                names.addAll(container.config().links());
            }
        }
        Map<String, InterfaceRecord> booted = new TreeMap<>();
        boot.map(RunRecord::interfaces).ifPresent(list -> list.forEach(i -> booted.put(i.name(), i)));
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

    private static String haltSignal(ContainerEntry entry) {
        return entry.target() instanceof Target.Lxc container && container.config() != null ? container.config().halt()
                : null;
    }

    private static Row row(String name, ContainerState state, ContainerRef ref, ContainerRecord record,
            ContainerRuntime runtime, String source, String daemonError, String haltSignal, List<String> waitingFor)
            throws InterruptedException {
        String ipv4 = ref == null ? null : runtime.ipv4(ref).orElse(null);
        boolean up = state == ContainerState.RUNNING;
        String error = daemonError != null ? daemonError : record == null ? null : record.error();
        return new Row(name, state.name().toLowerCase(), ipv4,
                up && record != null ? record.end() : null,
                record != null && record.duration() != null ? record.duration().toMillis() : null,
                record != null && record.outcome() != null ? record.outcome().name().toLowerCase() : null,
                error, source, haltSignal, waitingFor);
    }
}
