package org.lxcauto.metrics;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Prometheus' text exposition format, version 0.0.4: what node-exporter's textfile collector
 * reads. For each metric, in name order, a {@code # HELP} line, a {@code # TYPE} line and its
 * samples ({@code name{label="value"} number}).
 *
 * <p>Written here rather than with the Prometheus Java client's text-format writer: the format
 * is a few rules (below), frozen since 2015, and the library would add three jars and some forty
 * classes to a daemon whose memory and start-up are measured (bench/findings.md) for the sake of
 * two gauges and a counter. {@code promtool check metrics} checks what this writes in the tests.
 */
public final class ExpositionText {

    private ExpositionText() {
    }

    /** The text of {@code families}, sorted by name, ending in a newline. */
    public static String write(List<MetricFamily> families) {
        StringBuilder text = new StringBuilder();
        for (MetricFamily family : families.stream().sorted(Comparator.comparing(MetricFamily::name)).toList()) {
            text.append("# HELP ").append(family.name()).append(' ').append(escapeHelp(family.help())).append('\n');
            text.append("# TYPE ").append(family.name()).append(' ').append(family.type().name().toLowerCase())
                    .append('\n');
            for (MetricFamily.Sample sample : family.samples()) {
                text.append(family.name());
                if (!sample.labels().isEmpty()) {
                    text.append('{');
                    String separator = "";
                    for (Map.Entry<String, String> label : sample.labels().entrySet()) {
                        text.append(separator).append(label.getKey()).append("=\"")
                                .append(escapeLabelValue(label.getValue())).append('"');
                        separator = ",";
                    }
                    text.append('}');
                }
                text.append(' ').append(number(sample.value())).append('\n');
            }
        }
        return text.toString();
    }

    /** In HELP text, a backslash and a line feed are escaped. */
    static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    /** In a label value, a backslash, a double quote and a line feed are escaped. */
    static String escapeLabelValue(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /**
     * Go's float syntax: whole numbers without a fraction, others in plain decimals (a Unix time
     * as 1767225602.5, not 1.7672256025E9) unless tiny or huge, NaN, +Inf and -Inf by those names.
     */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        double magnitude = Math.abs(value);
        return magnitude >= 1e-4 && magnitude < 1e15 ? BigDecimal.valueOf(value).toPlainString() : Double.toString(value);
    }
}
