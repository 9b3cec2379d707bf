package org.lxcauto.report;

import java.util.ArrayList;
import java.util.List;
import org.lxcauto.state.RunRecord;

/**
 * The SVG behind {@code lxc-auto plot}: the last boot and the last shutdown as timelines, one
 * under the other, in the manner of {@code systemd-analyze plot}. A picture shows at once what a
 * table hides: which containers ran in parallel, which waited, and where start delays add up.
 *
 * <p>Each container is a row: a bar from begin to end coloured by outcome (green ready, lighter
 * green adopted, red failed, grey skipped or not running, blue clean stop, orange forced stop), a
 * thin lighter segment for its start delay, and its name and duration. A container's wait for its
 * {@code needs} is the first segment of its bar, drawn as an outlined box: time to ready, but time
 * the container was not yet running. Containers that never got
 * a duration keep their row, with the error in place of a bar. Time runs at 100 px per second on
 * an axis of at least 600 px, squeezed only for very long runs; see {@link Timescale}.
 *
 * <p>A pure function: the result is a complete, standalone, ASCII-only SVG document that the
 * caller may write anywhere. Every piece of text from the records is escaped.
 */
public final class Plot {

    private static final double TOP = 20;
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
            .needs { fill: #ede7f6; stroke: #5e35b1; stroke-width: 1; stroke-dasharray: 3 2; }
            """;
    private static final String[][] LEGEND = {
            {"ready", "ready"}, {"adopted", "adopted"}, {"failed", "failed"}, {"skipped", "skipped"},
            {"clean", "clean stop"}, {"forced", "forced stop"}, {"ready delay", "start delay"},
            {"needs", "waiting for needs"}};

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
        SvgCanvas svg = new SvgCanvas();
        double y = legend(svg, TOP);
        for (RunSection section : sections) {
            y = section.draw(svg, scale, y) + SECTION_GAP;
        }
        return svg.document(CSS);
    }

    /** A row of colour swatches, so the colours need no explanation elsewhere. */
    private static double legend(SvgCanvas svg, double top) {
        double x = RunSection.LEFT;
        for (String[] entry : LEGEND) {
            boolean delay = entry[0].contains("delay");
            svg.rect("swatch " + entry[0], x, top + (delay ? 5 : 2), 14, delay ? 6 : 12, null);
            svg.text("label", x + 18, top + 12, entry[1]);
            x += 18 + entry[1].length() * 7 + 14;
        }
        return top + 30;
    }
}
