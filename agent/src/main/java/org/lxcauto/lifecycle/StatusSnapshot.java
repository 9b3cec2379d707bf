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
 * @param daemonSince when the daemon that answered started; null when none did
 */
public record StatusSnapshot(boolean daemonRunning, Instant lastBoot, Integer lastBootExit, List<InterfaceRow> interfaces,
        List<Row> containers, String warning, Instant daemonSince) {

    /**
     * One container.
     *
     * @param readySince when it last became ready ({@link ReadySince}), when it is running; else null
     * @param haltSignal the signal a stop sends it ({@code lxc.signal.halt}, else SIGPWR); null for a
     *     domain and for a container without an entry
     * @param waitingFor the needs a running boot is waiting for before it starts the container; null
     *     when it is not waiting
     * @param restarts how many times the daemon's restart policy started it again since the daemon
     *     started; null when no daemon answered (only the daemon restarts containers)
     */
    public record Row(String name, String state, String ipv4, Instant readySince, Long bootMillis, String outcome,
            String lastError, String source, String haltSignal, List<String> waitingFor, Integer restarts) {
    }

    /**
     * One interface.
     *
     * @param manager who brought it up at the last boot ("NetworkManager", "kernel", "netcf",
     *     "external"), else "external" if it exists and "-" if not
     */
    public record InterfaceRow(String name, String manager, String state, String declaredIn, String lastError) {
    }

    /** Kinds of run that start containers, and that stop them, whose records tell when each became ready. */
    private static final List<String> UPS = List.of("start", "restart", "reload");
    private static final List<String> DOWNS = List.of("stop", "shutdown");

    /**
     * Takes the snapshot.
     *
     * @param daemon what the running daemon knows (restarts, a restart given up on); null when the
     *     command looks for itself because no daemon runs
     */
    public static StatusSnapshot take(Configuration config, ContainerRuntime runtime, IpRoute ip, StateStore store,
            DaemonFacts daemon) throws InterruptedException {
        Optional<RunRecord> boot = Optional.empty();
        String warning = null;
        try {
            boot = store.lastRun("boot");
        } catch (StateFileException e) {
            warning = e.getMessage() + "; showing the live state only";
        }
        Map<String, ContainerRecord> booted = new TreeMap<>();
        boot.ifPresent(b -> b.containers().forEach(c -> booted.put(c.name(), c)));
        List<RunRecord> ups = new ArrayList<>(boot.stream().toList());
        ups.addAll(records(store, UPS));
        Map<String, ContainerRef> running = RunningContainers.find(runtime, config);
        Map<String, Instant> started = new TreeMap<>();
        for (Map.Entry<String, ContainerRef> r : running.entrySet()) {
            runtime.runningSince(r.getValue()).ifPresent(at -> started.put(r.getKey(), at));
        }
        Map<String, Instant> readySince = ReadySince.of(ups, records(store, DOWNS),
                daemon == null ? Map.of() : daemon.readyAt(), started);
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
            String givenUp = daemon == null ? null : daemon.givenUp().get(entry.name());
            String note = givenUp != null ? givenUp
                    : state != ContainerState.RUNNING ? stoppedByOperator.get(entry.name()) : null;
            rows.add(row(entry.name(), state, running.get(entry.name()), booted.get(entry.name()), runtime,
                    entry.source().label(), note, haltSignal(entry), state == ContainerState.RUNNING ? null
                            : waiting.get(entry.name()), readySince, daemon));
        }
        for (Map.Entry<String, ContainerRef> r : running.entrySet()) {
            if (config.entries().stream().noneMatch(e -> e.name().equals(r.getKey()))) {
                rows.add(row(r.getKey(), ContainerState.RUNNING, r.getValue(), booted.get(r.getKey()), runtime,
                        "not autostarted", null, null, null, readySince, daemon));
            }
        }
        return new StatusSnapshot(daemon != null, boot.map(RunRecord::started).orElse(null),
                boot.map(RunRecord::exitCode).orElse(null), interfaces(config, boot, ip), rows, warning,
                daemon == null ? null : daemon.since());
    }

    /**
     * The last records of {@code kinds} that can be read. Only the boot's damage is reported: these
     * merely refine "ready since", and a damaged one leaves the boot's word standing.
     */
    private static List<RunRecord> records(StateStore store, List<String> kinds) {
        List<RunRecord> found = new ArrayList<>();
        for (String kind : kinds) {
            try {
                store.lastRun(kind).ifPresent(found::add);
            } catch (StateFileException e) {
                // See above: the boot record, read first, is the one whose damage is worth a warning.
            }
        }
        return found;
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
            ContainerRuntime runtime, String source, String note, String haltSignal, List<String> waitingFor,
            Map<String, Instant> readySince, DaemonFacts daemon) throws InterruptedException {
        String ipv4 = ref == null ? null : runtime.ipv4(ref).orElse(null);
        boolean up = state == ContainerState.RUNNING;
        String error = note != null ? note : record == null ? null : record.error();
        return new Row(name, state.name().toLowerCase(), ipv4,
                up ? readySince.get(name) : null,
                record != null && record.duration() != null ? record.duration().toMillis() : null,
                record != null && record.outcome() != null ? record.outcome().name().toLowerCase() : null,
                error, source, haltSignal, waitingFor, daemon == null ? null : daemon.restarts().getOrDefault(name, 0));
    }
}
