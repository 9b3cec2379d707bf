package org.lxcauto.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The journal of a powered-off {@link SystemdHost}, read with {@code journalctl -D}, and the one
 * clock its entries and the test containers' /events.log lines can be compared on.
 *
 * <p>The test init stamps events with /proc/uptime (CLOCK_BOOTTIME, 10 ms steps); journald stamps
 * entries with CLOCK_MONOTONIC. The machine shares the host's kernel (no time namespace), so both
 * are the host's clocks, and they differ by a constant (the time the host spent suspended or
 * snapshotted) that {@link #boottime(long)} adds.
 */
final class SystemdJournal {

    /** One journal entry; {@code at} in CLOCK_BOOTTIME seconds, comparable with /events.log times. */
    record Entry(double at, int pid, String identifier, String unit, String message) {
        boolean says(String text) {
            return message.contains(text);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Double bootMinusMonotonic;

    final List<Entry> entries;

    private SystemdJournal(List<Entry> entries) {
        this.entries = entries;
    }

    /** Reads every entry of the journal files under {@code dir} (e.g. the overlay's upper /var/log/journal). */
    static SystemdJournal read(Path dir) {
        Commands.Result out = Commands.run(List.of("journalctl", "-D", dir.toString(), "-o", "json", "--no-pager"),
                Map.of(), 60);
        if (out.exitCode() != 0) {
            throw new AssertionError("cannot read the machine's journal: " + out.all());
        }
        List<Entry> entries = new ArrayList<>();
        for (String line : out.stdout().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(line);
                entries.add(new Entry(boottime(node.path("__MONOTONIC_TIMESTAMP").asLong()),
                        node.path("_PID").asInt(-1), text(node.get("SYSLOG_IDENTIFIER")),
                        text(node.get("_SYSTEMD_UNIT")), text(node.get("MESSAGE"))));
            } catch (IOException e) {
                throw new UncheckedIOException("journalctl -o json printed a line that is not JSON: " + line, e);
            }
        }
        return new SystemdJournal(entries);
    }

    /**
     * What {@code journalctl ARGS -o json} prints in the running machine: each entry as its fields,
     * as text. Filters are journalctl's own ({@code -u lxc-auto}, {@code CONTAINER_NAME=web}).
     */
    static List<Map<String, String>> query(SystemdHost host, String... args) {
        List<String> argv = new ArrayList<>(List.of("journalctl", "--no-pager", "-o", "json"));
        argv.addAll(List.of(args));
        Commands.Result out = host.exec(argv.toArray(String[]::new));
        List<Map<String, String>> entries = new ArrayList<>();
        for (String line : out.stdout().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                Map<String, String> fields = new java.util.LinkedHashMap<>();
                JSON.readTree(line).properties().forEach(f -> fields.put(f.getKey(), text(f.getValue())));
                entries.add(fields);
            } catch (IOException e) {
                throw new UncheckedIOException("journalctl -o json printed a line that is not JSON: " + line, e);
            }
        }
        return entries;
    }

    /** journalctl gives a message with control characters as an array of bytes. */
    private static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (node.isArray()) {
            byte[] bytes = new byte[node.size()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) node.get(i).asInt();
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return node.asText();
    }

    /** Entries at or after {@code since} (boottime seconds) that match. */
    List<Entry> since(double since, Predicate<Entry> filter) {
        return entries.stream().filter(e -> e.at() >= since).filter(filter).toList();
    }

    /** The first entry at or after {@code since} that says {@code text}. */
    Optional<Entry> first(double since, Predicate<Entry> filter, String text) {
        return since(since, filter).stream().filter(e -> e.says(text)).findFirst();
    }

    /** Lines the agent wrote on its standard output (the unit's journal as {@code journalctl -u} shows it). */
    static Predicate<Entry> agent(int pid) {
        return e -> e.pid() == pid && e.identifier().equals("lxc-auto");
    }

    /** Messages of the machine's systemd itself (PID 1). */
    static Predicate<Entry> manager() {
        return e -> e.pid() == 1;
    }

    static Predicate<Entry> identifier(String identifier) {
        return e -> e.identifier().equals(identifier);
    }

    /** Now, on CLOCK_BOOTTIME, in seconds (what /proc/uptime shows, with nanosecond steps). */
    static double now() {
        return System.nanoTime() / 1e9 + offset();
    }

    /** A CLOCK_MONOTONIC time in microseconds (a journal timestamp) on CLOCK_BOOTTIME, in seconds. */
    static double boottime(long monotonicMicros) {
        return monotonicMicros / 1e6 + offset();
    }

    /**
     * CLOCK_BOOTTIME − CLOCK_MONOTONIC (System.nanoTime is the latter on Linux). /proc/uptime moves in
     * 10 ms steps: reading it right after a step gives the boottime of that instant to a few
     * microseconds. A late reading (the thread descheduled) only makes the offset smaller, so the
     * largest of a few tries is the best.
     */
    private static synchronized double offset() {
        if (bootMinusMonotonic == null) {
            double best = Double.NEGATIVE_INFINITY;
            for (int round = 0; round < 5; round++) {
                double last = uptime();
                long deadline = System.nanoTime() + 1_000_000_000L;
                while (System.nanoTime() < deadline) {
                    double up = uptime();
                    long nanos = System.nanoTime();
                    if (up != last) {
                        best = Math.max(best, up - nanos / 1e9);
                        break;
                    }
                }
            }
            if (best == Double.NEGATIVE_INFINITY) {
                throw new AssertionError("/proc/uptime did not move within 1s");
            }
            bootMinusMonotonic = best;
        }
        return bootMinusMonotonic;
    }

    private static double uptime() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The times of {@code event} in a container's /events.log, oldest first (empty if none). */
    static List<Double> times(Path log, String event) throws IOException {
        List<Double> times = new ArrayList<>();
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log)) {
                String[] parts = line.strip().split(" ", 2);
                if (parts.length == 2 && parts[1].equals(event)) {
                    times.add(Double.parseDouble(parts[0]));
                }
            }
        }
        return times;
    }

    /** How many lines of a container's /events.log are {@code event} (how often it started, halted). */
    static long count(Path log, String event) throws IOException {
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.endsWith(" " + event)).count() : 0;
    }
}
