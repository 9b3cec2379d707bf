package org.lxcauto.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.lxcauto.state.ContainerRecord;
import org.lxcauto.state.InterfaceRecord;
import org.lxcauto.state.NeedsRecord;
import org.lxcauto.state.Outcome;
import org.lxcauto.state.RunRecord;

/**
 * One boot or one shutdown drawn as a block of the plot: a heading, a time axis with gridlines,
 * one row per interface the run brought up, then one row per container. Times are offsets from
 * the run's start, so the axis starts at 0s.
 */
final class RunSection {

    static final double LEFT = 20;
    private static final double HEADING = 28;
    private static final double AXIS = 22;
    private static final double ROW = 22;
    private static final double BAR = 16;
    /** The start-delay segment is thinner: the container is ready, dependents are just held back. */
    private static final double DELAY = 6;
    private static final double LABEL_GAP = 5;
    /** UTC, labelled as such: a pure function cannot know which zone the reader is in. */
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final RunRecord run;
    private final Instant origin;

    RunSection(RunRecord run) {
        this.run = run;
        this.origin = Runs.origin(run);
    }

    /** Seconds from the start to the last thing in the record: the finish, or a later end or release. */
    double span() {
        Instant last = Stream.of(Stream.of(run.finished()),
                        Runs.containers(run).stream().flatMap(c -> Stream.of(c.begin(), c.end(), c.released(), needsEnd(c))),
                        Runs.interfaces(run).stream().flatMap(i -> Stream.of(i.begin(), i.end())))
                .flatMap(s -> s).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(origin);
        return Math.max(0, seconds(last));
    }

    /**
     * Draws the section with its top at {@code top}; returns the y just below it. The interfaces
     * the run brought up come first: a container on a bridge starts only once the bridge is up,
     * and with the bridge right above, the reader sees where its start waited.
     */
    double draw(SvgCanvas svg, Timescale scale, double top) {
        svg.text("heading", LEFT, top + 16, heading());
        List<InterfaceRecord> interfaces = interfaceRows();
        List<ContainerRecord> rows = rows();
        if (rows.isEmpty() && interfaces.isEmpty()) {
            String verb = "shutdown".equals(run.kind()) ? "stopped" : "started";
            svg.text("note", LEFT, top + HEADING + 14, "Nothing was " + verb + ": the record lists no containers.");
            return top + HEADING + ROW;
        }
        double axisTop = top + HEADING;
        double rowsTop = axisTop + AXIS;
        double bottom = rowsTop + (interfaces.size() + rows.size()) * ROW;
        for (double t = 0; scale.x(t) <= scale.width() + 0.5; t += scale.gridStep()) {
            double x = LEFT + scale.x(t);
            svg.line("grid", x, axisTop + 16, x, bottom);
            svg.text("axis", x + 2, axisTop + 12, Timescale.label(t));
        }
        for (int i = 0; i < interfaces.size(); i++) {
            drawInterface(svg, scale, interfaces.get(i), rowsTop + i * ROW);
        }
        double containersTop = rowsTop + interfaces.size() * ROW;
        for (int i = 0; i < rows.size(); i++) {
            drawRow(svg, scale, rows.get(i), containersTop + i * ROW);
        }
        return bottom;
    }

    /**
     * One interface: a bar from when lxc-auto began on it to when it was up, its name, time and
     * manager; red with the error when it never came up. One already up is a sliver: nothing was
     * waited for.
     */
    private void drawInterface(SvgCanvas svg, Timescale scale, InterfaceRecord i, double top) {
        String manager = i.manager() == null ? "unknown manager" : i.manager();
        if (i.begin() == null || i.end() == null) {
            String why = i.ok() ? "" : i.error() == null || i.error().isBlank() ? ": failed" : ": " + Runs.oneLine(i.error());
            svg.text("note " + (i.ok() ? "interface" : "failed"), LEFT, top + 15, i.name() + " (" + manager + ")" + why);
            return;
        }
        double begin = LEFT + scale.x(seconds(i.begin()));
        double end = Math.max(begin + 1, LEFT + scale.x(seconds(i.end())));
        String duration = Durations.format(Duration.between(i.begin(), i.end()));
        boolean external = "external".equals(manager);
        String tooltip = !i.ok() ? i.name() + ": not up after " + duration + ": " + Runs.oneLine(String.valueOf(i.error()))
                : external ? i.name() + ": already up, left alone"
                : i.name() + ": up through " + manager + " after " + duration;
        svg.rect("bar " + (i.ok() ? "interface" : "failed"), begin, top + (ROW - BAR) / 2, end - begin, BAR, tooltip);
        String label = i.name() + (external ? " (already up)" : " " + duration + " (" + manager + (i.ok() ? ")" : ", failed)"));
        svg.text("label", end + LABEL_GAP, top + 15, label);
    }

    private void drawRow(SvgCanvas svg, Timescale scale, ContainerRecord c, double top) {
        String outcome = Runs.label(c.outcome());
        double waitEnd = drawNeeds(svg, scale, c, top);
        if (!Runs.timed(c)) {
            // Failed or skipped before a duration existed: still a row, so the reader sees why.
            double x = waitEnd >= 0 ? waitEnd + LABEL_GAP : LEFT + (c.begin() == null ? 0 : scale.x(seconds(c.begin())));
            String why = c.error() == null || c.error().isBlank() ? "" : ": " + Runs.oneLine(c.error());
            svg.text("note " + cssClass(c.outcome()), x, top + 15, c.name() + " " + outcome + why);
            return;
        }
        // The bar starts where the wait for needs ended: the two together are the time to ready.
        double begin = waitEnd >= 0 ? waitEnd : LEFT + scale.x(seconds(c.begin()));
        // At least a pixel wide, so an adopted container (begin == end) is still visible.
        double end = Math.max(begin + 1, LEFT + scale.x(seconds(c.end())));
        String duration = Durations.format(c.duration());
        svg.rect("bar " + cssClass(c.outcome()), begin, top + (ROW - BAR) / 2, end - begin, BAR, tooltip(c, duration));
        double labelX = end;
        if (c.released() != null && c.released().isAfter(c.end())) {
            double released = LEFT + scale.x(seconds(c.released()));
            svg.rect("delay " + cssClass(c.outcome()), end, top + (ROW - DELAY) / 2, released - end, DELAY,
                    "start delay " + Durations.format(Duration.between(c.end(), c.released())));
            labelX = released;
        }
        String label = c.name() + " " + duration + (Runs.usual(c.outcome()) ? "" : " (" + outcome + ")");
        svg.text("label", labelX + LABEL_GAP, top + 15, label);
    }

    /**
     * The wait for the container's needs, as an outlined box from its begin to its end (to the
     * launch, when that came later: time queued for a launch slot is still time to ready).
     *
     * @return where the box ends, or -1 when the container waited for no needs
     */
    private double drawNeeds(SvgCanvas svg, Timescale scale, ContainerRecord c, double top) {
        NeedsRecord needs = c.needs();
        if (needs == null || needs.begin() == null || needsEnd(c) == null) {
            return -1;
        }
        Instant until = c.begin() != null && c.begin().isAfter(needsEnd(c)) ? c.begin() : needsEnd(c);
        double from = LEFT + scale.x(seconds(needs.begin()));
        double to = Math.max(from + 1, LEFT + scale.x(seconds(until)));
        svg.rect("needs", from, top + (ROW - BAR) / 2, to - from, BAR, needsTooltip(c.name(), needs));
        return to;
    }

    /** When the wait for needs ended; null when there was none, or it never ended (an unfinished record). */
    private static Instant needsEnd(ContainerRecord c) {
        return c.needs() == null ? null : c.needs().end();
    }

    /** "web: waited 2.000s for needs: mount:/srv/data after 2.000s, tcp:db:5432 not met". */
    static String needsTooltip(String name, NeedsRecord needs) {
        StringBuilder out = new StringBuilder(name + ": waited " + Durations.format(needs.duration()) + " for needs:");
        String sep = " ";
        for (NeedsRecord.Need n : needs.needs() == null ? List.<NeedsRecord.Need>of() : needs.needs()) {
            out.append(sep).append(n.need()).append(n.met() == null ? " not met"
                    : " after " + Durations.format(Duration.between(needs.begin(), n.met())));
            sep = ", ";
        }
        return out.toString();
    }

    /** The interfaces in order of begin, as the containers; never-begun ones last. */
    private List<InterfaceRecord> interfaceRows() {
        return Runs.interfaces(run).stream()
                .sorted(Comparator.comparing(InterfaceRecord::begin, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
    }

    /** In order of begin, as systemd plots units by activation; never-begun ones last, in record order. */
    private List<ContainerRecord> rows() {
        return Runs.containers(run).stream()
                .sorted(Comparator.comparing(ContainerRecord::start, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
    }

    private String heading() {
        String when = run.started() == null ? "unknown date" : WHEN.format(run.started());
        Duration total = run.started() != null && run.finished() != null
                ? Duration.between(run.started(), run.finished()) : Duration.ofNanos(Math.round(span() * 1e9));
        return Runs.title(run) + " " + when + ", " + Durations.format(total) + " total, exit " + run.exitCode();
    }

    /** What hovering a bar says; a failure's error is here whole, as the row has no room for it. */
    private static String tooltip(ContainerRecord c, String duration) {
        return c.name() + ": " + Runs.label(c.outcome()) + " after " + duration
                + (c.ipv4() == null ? "" : ", " + c.ipv4())
                + (c.error() == null || c.error().isBlank() ? "" : ": " + Runs.oneLine(c.error()));
    }

    /** The CSS class (and so the colour) of an outcome; see {@link Plot}'s style sheet. */
    static String cssClass(Outcome outcome) {
        if (outcome == null) {
            return "unknown";
        }
        return switch (outcome) {
            case READY -> "ready";
            case ADOPTED -> "adopted";
            case FAILED, STOP_FAILED -> "failed";
            case SKIPPED, NOT_RUNNING -> "skipped";
            case CLEAN -> "clean";
            case FORCED -> "forced";
        };
    }

    private double seconds(Instant at) {
        return Durations.seconds(Duration.between(origin, at));
    }
}
