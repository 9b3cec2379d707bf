package org.lxcauto.report;

import java.util.ArrayList;
import java.util.List;
import org.lxcauto.state.RunRecord;

/**
 * The SVG behind {@code lxc-auto plot}: the last boot and the last shutdown as timelines, one
 * under the other, in the manner of {@code systemd-analyze plot}. A picture shows at once what a
 * table hides: which containers ran in parallel, which waited, and where start delays add up.
 *
 * <p>The interfaces a boot brought up come first, one row each: a teal bar from when lxc-auto
 * began on it to when it was up, with its manager. Then each container is a row: a bar from begin
 * to end coloured by outcome (green ready, lighter green adopted, red failed, grey skipped or not
 * running, blue clean stop, orange forced stop), a thin lighter segment for its start delay, and
 * its name and duration; hovering a bar shows its outcome, address and error. A container's wait
 * for its {@code needs} is the first segment of its bar, drawn as an outlined box: time to ready,
 * but time the container was not yet running. Containers that never got a duration keep their
 * row, with the error in place of a bar. The legend explains the
 * kinds of bar the plot holds, and only those. Time runs at 100 px per second on
 * an axis of at least 600 px, squeezed only for very long runs; see {@link Timescale}.
 *
 * <p>A pure function: the result is a complete, standalone, ASCII-only SVG document that the
 * caller may write anywhere. Every piece of text from the records is escaped.
 */
public final class Plot {

    private static final double TOP = 20;
    private static final double LEFT_EDGE = RunSection.LEFT;
    private static final double SECTION_GAP = 30;
    private static final String CSS = """
            .heading { font-size: 14px; font-weight: bold; }
            .axis { fill: #555; font-size: 10px; }
            .grid { stroke: #ddd; stroke-width: 1; }
            .label { fill: #000; }
            .delay { opacity: 0.35; }
            .ready { fill: #4caf50; }
            .adopted { fill: #9ccc65; }
            .failed { fill: #e53935; }
            .skipped, .unknown { fill: #9e9e9e; }
            .clean { fill: #1e88e5; }
            .forced { fill: #fb8c00; }
            .interface { fill: #00897b; }
            .needs { fill: #ede7f6; stroke: #5e35b1; stroke-width: 1; stroke-dasharray: 3 2; }
            """;

    /**
     * One legend entry: shown when a rectangle whose classes include {@code drawn} is in the plot.
     *
     * @param swatch the classes of the sample, so it takes the colour of what it explains
     * @param thin drawn as a thin segment, as the start delay is
     */
    private record Entry(String drawn, String swatch, String label, boolean thin) {
    }

    /**
     * Every kind of rectangle the plot may hold, in the order a run goes; each is explained once
     * one is drawn. A container's wait for its {@code needs} is an outlined box of class
     * {@code needs} at the head of its bar.
     */
    private static final List<Entry> LEGEND = List.of(
            new Entry("bar interface", "interface", "interface up", false),
            new Entry("needs", "needs", "waiting for needs", false),
            new Entry("bar ready", "ready", "ready", false),
            new Entry("bar adopted", "adopted", "adopted", false),
            new Entry("delay", "ready delay", "start delay", true),
            new Entry("bar failed", "failed", "failed", false),
            new Entry("bar skipped", "skipped", "skipped", false),
            new Entry("bar unknown", "unknown", "unfinished", false),
            new Entry("bar clean", "clean", "clean stop", false),
            new Entry("bar forced", "forced", "forced stop", false));
    private static final double LEGEND_ROW = 20;

    private Plot() {
    }

    /**
     * The plot of {@code boot} above {@code shutdown}; either may be null (that section is left
     * out), not both.
     *
     * @throws IllegalArgumentException if both are null: there would be nothing to draw
     */
    public static String svg(RunRecord boot, RunRecord shutdown) {
        List<RunSection> sections = new ArrayList<>();
        if (boot != null) {
            sections.add(new RunSection(boot));
        }
        if (shutdown != null) {
            sections.add(new RunSection(shutdown));
        }
        if (sections.isEmpty()) {
            throw new IllegalArgumentException("Cannot plot: neither a boot nor a shutdown record was given");
        }
        Timescale scale = Timescale.fit(sections.stream().mapToDouble(RunSection::span).max().orElse(0));
        // Drawn once aside to learn what the legend must explain, then for real below the legend.
        SvgCanvas probe = new SvgCanvas();
        drawSections(probe, sections, scale, 0);
        List<Entry> shown = LEGEND.stream().filter(e -> probe.drew(e.drawn())).toList();
        SvgCanvas svg = new SvgCanvas();
        double y = legend(svg, shown, TOP, LEFT_EDGE + scale.width());
        drawSections(svg, sections, scale, y);
        return svg.document(CSS);
    }

    private static void drawSections(SvgCanvas svg, List<RunSection> sections, Timescale scale, double top) {
        double y = top;
        for (RunSection section : sections) {
            y = section.draw(svg, scale, y) + SECTION_GAP;
        }
    }

    /**
     * Colour swatches for what the plot holds, so the colours need no explanation elsewhere;
     * wrapped at {@code right} so that a wide legend does not widen a short plot. Returns the y
     * below it.
     */
    private static double legend(SvgCanvas svg, List<Entry> entries, double top, double right) {
        double x = LEFT_EDGE;
        double y = top;
        for (Entry entry : entries) {
            double width = 18 + entry.label().length() * 7 + 14;
            if (x > LEFT_EDGE && x + width > right) {
                x = LEFT_EDGE;
                y += LEGEND_ROW;
            }
            svg.rect("swatch " + entry.swatch(), x, y + (entry.thin() ? 5 : 2), 14, entry.thin() ? 6 : 12, null);
            svg.text("label", x + 18, y + 12, entry.label());
            x += width;
        }
        return y + 30;
    }
}
