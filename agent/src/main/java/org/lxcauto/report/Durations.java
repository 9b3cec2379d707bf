package org.lxcauto.report;

import java.time.Duration;
import java.util.Locale;

/** How every report writes a span of time: seconds with milliseconds, like {@code 1.234s}. */
final class Durations {

    private Durations() {
    }

    /**
     * Millisecond precision matches what a person reading a boot report can act on; Locale.ROOT
     * keeps the decimal point a point whatever the host's locale, so columns and tests stay stable.
     */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        String sign = millis < 0 ? "-" : "";
        long abs = Math.abs(millis);
        return String.format(Locale.ROOT, "%s%d.%03ds", sign, abs / 1000, abs % 1000);
    }

    /** Seconds as a double, for drawing; keeps sub-millisecond parts a bar may still show. */
    static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
