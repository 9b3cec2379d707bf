package org.lxcauto.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.lxcauto.state.ContainerRecord;
import org.lxcauto.state.NeedsRecord;
import org.lxcauto.state.RunRecord;

/**
 * The text behind {@code lxc-auto blame}: which containers took longest in one boot or shutdown,
 * then the chain of waits that decided when it finished, in the shape of
 * {@code systemd-analyze blame} and {@code critical-chain} so administrators read it without a
 * manual.
 *
 * <p>Pure functions of a {@link RunRecord}: no clock, no files, no terminal. The CLI decides where
 * the text goes; tests need nothing but a record. Missing times (failed or skipped containers) are
 * expected, not errors: such containers are listed with their outcome and error instead of a
 * duration, and never appear in the chain.
 */
public final class Blame {

    private Blame() {
    }

    /**
     * The full report: one line per timed container, longest first, then those without a duration,
     * then "critical chain:". Ends with a newline.
     */
    public static String render(RunRecord run) {
        List<ContainerRecord> all = Runs.containers(run);
        if (all.isEmpty()) {
            return nothingDone(run);
        }
        StringBuilder out = new StringBuilder();
        appendBlame(all, out);
        out.append('\n');
        appendChain(run, out);
        return out.toString();
    }

    /**
     * The containers on the critical chain, last first: the successful container that ended last,
     * then, at each step, whichever of the containers it waited for released it last (its
     * {@code released}, or its {@code end} when there is no start delay). That is the wait that
     * actually held it back; speeding up any other would not have finished the run sooner.
     */
    public static List<String> criticalChain(RunRecord run) {
        Map<String, ContainerRecord> byName = new LinkedHashMap<>();
        Runs.containers(run).forEach(c -> byName.putIfAbsent(c.name(), c));
        Optional<ContainerRecord> last = byName.values().stream().filter(Runs::succeeded)
                .max(Comparator.comparing(ContainerRecord::end).thenComparing(ContainerRecord::name,
                        Comparator.reverseOrder()));
        List<String> chain = new ArrayList<>();
        // A hand-edited record could hold a cycle; visiting a name twice would loop forever.
        Set<String> seen = new HashSet<>();
        ContainerRecord step = last.orElse(null);
        while (step != null && seen.add(step.name())) {
            chain.add(step.name());
            step = latestReleased(step, byName, seen);
        }
        return chain;
    }

    /** Of the containers {@code waiter} waited for, the one that let it go last; null if none has a time. */
    private static ContainerRecord latestReleased(ContainerRecord waiter, Map<String, ContainerRecord> byName,
            Set<String> seen) {
        ContainerRecord latest = null;
        for (String name : Runs.waitedFor(waiter)) {
            ContainerRecord candidate = byName.get(name);
            if (candidate == null || seen.contains(name) || releasedAt(candidate) == null) {
                continue; // not acted on in this run (e.g. excluded), or never became ready
            }
            if (latest == null || releasedAt(candidate).isAfter(releasedAt(latest))) {
                latest = candidate;
            }
        }
        return latest;
    }

    private static Instant releasedAt(ContainerRecord container) {
        return container.released() != null ? container.released() : container.end();
    }

    private static void appendBlame(List<ContainerRecord> all, StringBuilder out) {
        List<ContainerRecord> timed = all.stream().filter(Runs::timed)
                .sorted(Comparator.comparing(ContainerRecord::duration).reversed()
                        .thenComparing(ContainerRecord::name, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
        List<ContainerRecord> untimed = all.stream().filter(c -> !Runs.timed(c)).toList();
        // One right-aligned column for durations and outcomes alike, so names line up as in systemd.
        int width = 0;
        for (ContainerRecord c : timed) {
            width = Math.max(width, Durations.format(c.duration()).length());
        }
        for (ContainerRecord c : untimed) {
            width = Math.max(width, Runs.label(c.outcome()).length());
        }
        for (ContainerRecord c : timed) {
            out.append(pad(Durations.format(c.duration()), width)).append(' ').append(c.name());
            if (!Runs.usual(c.outcome())) {
                out.append(" (").append(Runs.label(c.outcome())).append(')');
            }
            if (c.needs() != null && c.needs().duration() != null) {
                out.append(" (").append(Durations.format(c.needs().duration())).append(" waiting for ")
                        .append(lastMet(c.needs())).append(')');
            }
            out.append('\n');
        }
        for (ContainerRecord c : untimed) {
            out.append(pad(Runs.label(c.outcome()), width)).append(' ').append(c.name());
            if (c.error() != null && !c.error().isBlank()) {
                out.append(": ").append(Runs.oneLine(c.error()));
            }
            out.append('\n');
        }
    }

    /** The need that held the container back longest: the one met last ("needs" if none is named). */
    private static String lastMet(NeedsRecord needs) {
        return needs.needs() == null ? "needs" : needs.needs().stream().filter(n -> n != null && n.met() != null)
                .max(Comparator.comparing(NeedsRecord.Need::met)).map(NeedsRecord.Need::need).orElse("needs");
    }

    private static void appendChain(RunRecord run, StringBuilder out) {
        List<String> chain = criticalChain(run);
        if (chain.isEmpty()) {
            out.append("critical chain: none, no container ").append(finishedVerb(run)).append('\n');
            return;
        }
        out.append("critical chain:\n");
        Map<String, ContainerRecord> byName = new LinkedHashMap<>();
        Runs.containers(run).forEach(c -> byName.putIfAbsent(c.name(), c));
        Instant origin = Runs.origin(run);
        for (int depth = 0; depth < chain.size(); depth++) {
            ContainerRecord c = byName.get(chain.get(depth));
            if (depth > 0) {
                out.append("  ".repeat(depth - 1)).append("└─");
            }
            out.append(c.name());
            if (c.start() != null) {
                out.append(" @").append(Durations.format(Duration.between(origin, c.start())));
            }
            if (c.duration() != null) {
                out.append(" +").append(Durations.format(c.duration()));
            }
            out.append('\n');
        }
    }

    private static String nothingDone(RunRecord run) {
        String verb = "shutdown".equals(run.kind()) ? "stopped" : "started";
        String kind = run.kind() == null ? "run" : run.kind();
        StringBuilder out = new StringBuilder("Nothing was " + verb + " in this " + kind
                + ": the record lists no containers.\n");
        if (run.excluded() != null) {
            // All containers excluded is the usual cause; say which and why rather than leave a riddle.
            for (RunRecord.Excluded e : run.excluded()) {
                out.append("  excluded ").append(e.name()).append(": ").append(Runs.oneLine(String.valueOf(e.reason())))
                        .append('\n');
            }
        }
        return out.toString();
    }

    private static String finishedVerb(RunRecord run) {
        return "shutdown".equals(run.kind()) ? "stopped" : "became ready";
    }

    private static String pad(String text, int width) {
        return " ".repeat(Math.max(0, width - text.length())) + text;
    }
}
