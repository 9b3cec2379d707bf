package org.lxcauto.metrics;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One metric of the Prometheus data model: a name, its type, its help text and its samples
 * (docs/monitoring.md). Names are checked here, once, so that a typo in the agent's own code
 * fails its unit tests instead of making node-exporter drop the whole file at a scrape.
 *
 * @param name the metric name; a counter's ends in {@code _total}
 * @param type gauge or counter
 * @param help one line saying what it measures
 * @param samples its samples, sorted by their labels so that the file is the same for the same state
 */
public record MetricFamily(String name, Type type, String help, List<Sample> samples) {

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** The two types the agent exports; the text format's TYPE line names them in lower case. */
    public enum Type { GAUGE, COUNTER }

    /**
     * One value with its labels.
     *
     * @param labels label names to values, in name order
     */
    public record Sample(SortedMap<String, String> labels, double value) {

        public Sample {
            labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
            for (String label : labels.keySet()) {
                if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
                    throw new IllegalArgumentException("invalid label name '" + label + "'");
                }
            }
        }

        /** A sample without labels. */
        public static Sample of(double value) {
            return new Sample(new TreeMap<>(), value);
        }

        /** A sample with one label. */
        public static Sample of(String label, String labelValue, double value) {
            return new Sample(new TreeMap<>(Map.of(label, labelValue)), value);
        }
    }

    /** Labels in name order, each name and value ended by NUL: "a" sorts before "ab". */
    private static String sortKey(Sample sample) {
        StringBuilder key = new StringBuilder();
        sample.labels().forEach((label, value) -> key.append(label).append('\0').append(value).append('\0'));
        return key.toString();
    }

    public MetricFamily {
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid metric name '" + name + "'");
        }
        if (type == Type.COUNTER != name.endsWith("_total")) {
            throw new IllegalArgumentException("metric '" + name + "': counters, and only counters, end in _total");
        }
        if (help.isBlank()) {
            throw new IllegalArgumentException("metric '" + name + "' has no help text");
        }
        samples = samples.stream().sorted(Comparator.comparing(MetricFamily::sortKey)).toList();
    }
}
