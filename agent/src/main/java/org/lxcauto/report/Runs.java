package org.lxcauto.report;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.lxcauto.state.ContainerRecord;
import org.lxcauto.state.InterfaceRecord;
import org.lxcauto.state.Outcome;
import org.lxcauto.state.RunRecord;

/**
 * Reading a {@link RunRecord} the same way in every report. Records come from JSON a person may
 * have edited or an older version written, so lists and times may be missing; these helpers turn
 * that into "nothing" rather than a NullPointerException in a diagnostic command.
 */
final class Runs {

    private Runs() {
    }

    static List<ContainerRecord> containers(RunRecord run) {
        return run.containers() == null ? List.of() : run.containers().stream().filter(Objects::nonNull).toList();
    }

    static List<InterfaceRecord> interfaces(RunRecord run) {
        return run.interfaces() == null ? List.of()
                : run.interfaces().stream().filter(Objects::nonNull).filter(i -> i.name() != null).toList();
    }

    static List<String> waitedFor(ContainerRecord container) {
        return container.waitedFor() == null ? List.of() : container.waitedFor();
    }

    /** The moment "@" offsets count from: when the run began, or else its first container's begin. */
    static Instant origin(RunRecord run) {
        if (run.started() != null) {
            return run.started();
        }
        return containers(run).stream().map(ContainerRecord::begin).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(Instant.EPOCH);
    }

    /** True when the container both began and reached its end, i.e. it has a measurable duration. */
    static boolean timed(ContainerRecord container) {
        return container.begin() != null && container.end() != null;
    }

    /** Outcomes after which the container was really up (boot) or really down (shutdown). */
    static boolean succeeded(ContainerRecord container) {
        Outcome outcome = container.outcome();
        return container.end() != null && (outcome.isUp() || outcome == Outcome.CLEAN || outcome == Outcome.FORCED);
    }

    /** The outcomes a reader expects; anything else is worth naming next to the duration. */
    static boolean usual(Outcome outcome) {
        return outcome == Outcome.READY || outcome == Outcome.CLEAN;
    }

    /** "stop-failed" rather than "STOP_FAILED": reports are read, not parsed. */
    static String label(Outcome outcome) {
        return outcome == null ? "unfinished" : outcome.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Error text on one line: a multi-line message from lxc-start would break a column or a row. */
    static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** "Boot", "Shutdown"; "Run" when the kind is missing. */
    static String title(RunRecord run) {
        String kind = run.kind() == null || run.kind().isBlank() ? "run" : run.kind();
        return kind.substring(0, 1).toUpperCase(Locale.ROOT) + kind.substring(1);
    }
}
