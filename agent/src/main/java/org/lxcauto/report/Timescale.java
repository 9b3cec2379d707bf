package org.lxcauto.report;

import java.util.Locale;

/**
 * How seconds map to pixels in one plot. Both sections share one scale so a boot and a shutdown
 * can be compared by eye. The scale is a fixed 100 px per second, like {@code systemd-analyze
 * plot}, so two short plots are comparable too; only a run too long for {@link #MAX_WIDTH} is
 * squeezed, and the gridline step then widens so labels do not overlap.
 *
 * @param pxPerSecond pixels per second of run time
 * @param width width of the time axis in pixels
 * @param gridStep seconds between gridlines
 */
record Timescale(double pxPerSecond, double width, double gridStep) {

    static final double PX_PER_SECOND = 100;
    static final double MIN_WIDTH = 600;
    static final double MAX_WIDTH = 6000;
    /** Closest two labelled gridlines may be; "120s" at 12 px is about 30 px wide. */
    private static final double MIN_GRID_PX = 45;
    private static final double[] STEPS = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600};

    /** The scale for runs whose longest lasted {@code seconds}. */
    static Timescale fit(double seconds) {
        double span = Math.max(seconds, 0);
        double px = span * PX_PER_SECOND > MAX_WIDTH ? MAX_WIDTH / span : PX_PER_SECOND;
        double width = Math.max(MIN_WIDTH, span * px);
        double step = STEPS[STEPS.length - 1];
        for (double candidate : STEPS) {
            if (candidate * px >= MIN_GRID_PX) {
                step = candidate;
                break;
            }
        }
        return new Timescale(px, width, step);
    }

    double x(double seconds) {
        return Math.max(0, seconds) * pxPerSecond;
    }

    /** A gridline label: "5s" under a minute, "2min" or "2min 30s" after. */
    static String label(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        return s % 60 == 0 ? s / 60 + "min" : String.format(Locale.ROOT, "%dmin %ds", s / 60, s % 60);
    }
}
