package org.lxcauto.report;

import java.time.Instant;
import java.util.List;
import org.lxcauto.state.ContainerRecord;
import org.lxcauto.state.InterfaceRecord;
import org.lxcauto.state.NeedsRecord;
import org.lxcauto.state.Outcome;
import org.lxcauto.state.RunRecord;

/** Builds records for report tests with times given as milliseconds after a fixed start. */
final class Records {

    static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");

    private Records() {
    }

    static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    /** A container that finished: begin, end and released in ms after {@link #T0}. */
    static ContainerRecord done(String name, Outcome outcome, long begin, long end, long released, String... waitedFor) {
        return new ContainerRecord(name, outcome, List.of(waitedFor), at(begin), at(end), at(released), null, null);
    }

    static ContainerRecord ready(String name, long begin, long end, String... waitedFor) {
        return done(name, Outcome.READY, begin, end, end, waitedFor);
    }

    /** A container that never got a duration. */
    static ContainerRecord failed(String name, Outcome outcome, String error, String... waitedFor) {
        return new ContainerRecord(name, outcome, List.of(waitedFor), null, null, null, null, error);
    }

    /**
     * {@code record} after a wait for needs from {@code from} to {@code until} (ms after {@link #T0});
     * each need given as "NEED@MS", or plain "NEED" for one never met.
     */
    static ContainerRecord waited(ContainerRecord record, long from, long until, String... needs) {
        List<NeedsRecord.Need> each = java.util.Arrays.stream(needs).map(n -> n.contains("@")
                ? new NeedsRecord.Need(n.substring(0, n.lastIndexOf('@')), at(Long.parseLong(n.substring(n.lastIndexOf('@') + 1))))
                : new NeedsRecord.Need(n, null)).toList();
        return new ContainerRecord(record.name(), record.outcome(), record.waitedFor(), record.begin(), record.end(),
                record.released(), record.ipv4(), record.error(), new NeedsRecord(at(from), at(until), each));
    }

    static RunRecord boot(long finished, ContainerRecord... containers) {
        return new RunRecord("boot", T0, at(finished), 0, List.of(containers), List.of(), List.of());
    }

    /** An interface the boot brought up, from {@code begin} to {@code end} ms after {@link #T0}. */
    static InterfaceRecord iface(String name, String manager, String error, long begin, long end) {
        return new InterfaceRecord(name, manager, error == null, error, at(begin), at(end));
    }

    static RunRecord boot(long finished, List<InterfaceRecord> interfaces, ContainerRecord... containers) {
        return new RunRecord("boot", T0, at(finished), 0, List.of(containers), List.of(), interfaces);
    }

    static RunRecord shutdown(long finished, ContainerRecord... containers) {
        return new RunRecord("shutdown", T0, at(finished), 0, List.of(containers), List.of(), List.of());
    }
}
