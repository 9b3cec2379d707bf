package org.lxcauto.lifecycle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.lxcauto.need.Need;
import org.lxcauto.plan.Exclusion;
import org.lxcauto.plan.Plan;
import org.lxcauto.plan.Step;
import org.lxcauto.state.ContainerRecord;
import org.lxcauto.state.InterfaceRecord;
import org.lxcauto.state.NeedsRecord;
import org.lxcauto.state.Outcome;
import org.lxcauto.state.RunRecord;

/** Collects, from many worker threads, what happened to each container during one run. */
final class Timeline {

    private final Plan plan;
    private final Instant started;
    private final Progress progress;
    private final Map<String, ContainerRecord> records = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger finished = new java.util.concurrent.atomic.AtomicInteger();

    Timeline(Plan plan, Instant started, Progress progress) {
        this.plan = plan;
        this.started = started;
        this.progress = progress;
        for (Step step : plan.steps()) {
            records.put(step.name(), new ContainerRecord(step.name(), null, step.waitsFor(), null, null, null, null, null));
        }
    }

    void update(String name, UnaryOperator<ContainerRecord> change) {
        records.computeIfPresent(name, (k, r) -> change.apply(r));
    }

    void begin(String name, Instant at) {
        update(name, r -> new ContainerRecord(r.name(), r.outcome(), r.waitedFor(), at, r.end(), r.released(), r.ipv4(),
                r.error(), r.needs()));
    }

    /** The wait for {@code needs} began {@code at}. */
    void needsBegin(String name, Instant at, List<Need> needs) {
        NeedsRecord wait = new NeedsRecord(at, null, needs.stream().map(n -> new NeedsRecord.Need(n.toString(), null)).toList());
        update(name, r -> withNeeds(r, wait));
    }

    /** {@code need} was found to hold {@code at}. */
    void needMet(String name, Need need, Instant at) {
        update(name, r -> r.needs() == null ? r : withNeeds(r, new NeedsRecord(r.needs().begin(), r.needs().end(),
                r.needs().needs().stream().map(n -> n.need().equals(need.toString()) ? new NeedsRecord.Need(n.need(), at)
                        : n).toList())));
    }

    /** The wait for needs ended {@code at}, met or not. */
    void needsEnd(String name, Instant at) {
        update(name, r -> r.needs() == null ? r
                : withNeeds(r, new NeedsRecord(r.needs().begin(), at, r.needs().needs())));
    }

    private static ContainerRecord withNeeds(ContainerRecord r, NeedsRecord needs) {
        return new ContainerRecord(r.name(), r.outcome(), r.waitedFor(), r.begin(), r.end(), r.released(), r.ipv4(),
                r.error(), needs);
    }

    void finish(String name, Outcome outcome, Instant end, Instant released, String ipv4) {
        update(name, r -> new ContainerRecord(r.name(), outcome, r.waitedFor(), r.begin(), end, released, ipv4, null,
                r.needs()));
        progress.outcome(name, outcome, finished.incrementAndGet(), plan.steps().size());
    }

    void fail(String name, Outcome outcome, String error) {
        update(name, r -> new ContainerRecord(r.name(), outcome, r.waitedFor(), r.begin(), null, null, r.ipv4(), error,
                r.needs()));
        progress.outcome(name, outcome, finished.incrementAndGet(), plan.steps().size());
    }

    ContainerRecord get(String name) {
        return records.get(name);
    }

    List<ContainerRecord> all() {
        List<ContainerRecord> list = new ArrayList<>();
        plan.steps().forEach(s -> list.add(records.get(s.name())));
        return list;
    }

    RunRecord toRun(String kind, Instant finished, int exitCode) {
        return toRun(kind, finished, exitCode, List.of());
    }

    RunRecord toRun(String kind, Instant finished, int exitCode, List<InterfaceRecord> interfaces) {
        List<RunRecord.Excluded> excluded = new ArrayList<>();
        for (Exclusion e : plan.excluded()) {
            excluded.add(new RunRecord.Excluded(e.name(), e.reason(), e.failure()));
        }
        return new RunRecord(kind, started, finished, exitCode, all(), excluded, List.copyOf(interfaces));
    }
}
