package org.lxcauto.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lxcauto.cli.TextTable.Align;
import org.lxcauto.config.Problem;
import org.lxcauto.lifecycle.StatusSnapshot;
import org.lxcauto.system.Json;

/** The {@code status} views: the human-readable table, and the {@code --json} document. */
final class StatusView {

    /** The width the table keeps to unless asked for everything; the usual terminal is at least this wide. */
    static final int LINE_WIDTH = 120;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private StatusView() {
    }

    /** The {@code status --json} document (docs/formats.md); the daemon's Status() answer is the same. */
    static String json(StatusSnapshot snapshot) {
        return Json.document(snapshot);
    }

    /** The daemon's Status() answer, read back. */
    static StatusSnapshot parse(String json) {
        try {
            StatusSnapshot snapshot = Json.read(json, StatusSnapshot.class);
            if (snapshot == null) {
                throw new IllegalStateException("the daemon answered Status() with 'null'");
            }
            return snapshot;
        } catch (Json.Unreadable e) {
            throw new IllegalStateException("the daemon's answer to Status() is not a status document ("
                    + e.kind().name().toLowerCase() + (e.path().isEmpty() ? "" : " at '" + e.path() + "'") + ": "
                    + e.detail() + "); is the daemon of the same version as this command?", e);
        }
    }

    /**
     * The table people read. Times are told as durations ("ready for 3h 12min"), counted to
     * {@code now}, which the caller takes from its clock: the view itself never reads one.
     *
     * @param full print errors whole; otherwise each is put on one line and cut to keep the table
     *     within {@link #LINE_WIDTH} columns, with a note saying how to see it whole
     */
    static String text(StatusSnapshot snapshot, Map<String, Problem> broken, Instant now, boolean full) {
        int lineWidth = full ? 0 : LINE_WIDTH;
        List<StatusSnapshot.InterfaceRow> interfaces = snapshot.interfaces();
        StringBuilder out = new StringBuilder();
        out.append("daemon: ").append(!snapshot.daemonRunning() ? "not running" : snapshot.daemonSince() == null ? "running"
                : "running since " + TIME.format(snapshot.daemonSince()) + " ("
                        + elapsed(Duration.between(snapshot.daemonSince(), now)) + ")").append('\n');
        // A damaged record is not "none": the warning on standard error says which file and why.
        String noBoot = snapshot.warning() == null ? "none recorded" : "unknown (its record is damaged, see the warning)";
        out.append("last boot: ").append(snapshot.lastBoot() == null ? noBoot
                : TIME.format(snapshot.lastBoot()) + " (exit " + snapshot.lastBootExit() + ")").append("\n\n");
        boolean cut = false;
        if (!interfaces.isEmpty()) {
            TextTable table = new TextTable(new String[] {"INTERFACE", "MANAGER", "STATE", "LAST ERROR"},
                    Align.LEFT, Align.LEFT, Align.LEFT, Align.LEFT);
            for (StatusSnapshot.InterfaceRow i : interfaces) {
                table.row(i.name(), i.manager(), i.state(), oneLine(i.lastError()));
            }
            out.append(table.render(lineWidth)).append('\n');
            cut = table.cut();
        }
        TextTable table = new TextTable(
                new String[] {"CONTAINER", "STATE", "READY FOR", "RESTARTS", "IPV4", "BOOT", "HALT", "LAST ERROR"},
                Align.LEFT, Align.LEFT, Align.LEFT, Align.RIGHT, Align.LEFT, Align.RIGHT, Align.LEFT, Align.LEFT);
        for (StatusSnapshot.Row r : snapshot.containers()) {
            boolean waits = r.waitingFor() != null && !r.waitingFor().isEmpty();
            // A boot holds it back for its needs: say what for where the error would be, whole, as
            // the reader needs every need to see which one holds.
            String last = waits ? "waiting for " + String.join(" ", r.waitingFor())
                    : oneLine(withoutName(r.lastError(), r.name()));
            String[] cells = {r.name(), waits ? "waiting" : r.state(),
                    r.readySince() == null ? null : elapsed(Duration.between(r.readySince(), now)),
                    r.restarts() == null ? null : r.restarts().toString(), r.ipv4(),
                    r.bootMillis() == null ? null : String.format(Locale.ROOT, "%.3fs", r.bootMillis() / 1000.0),
                    r.haltSignal(), last};
            if (waits) {
                table.rowWhole(cells);
            } else {
                table.row(cells);
            }
        }
        broken.forEach((name, problem) -> table.row(name, "broken", null, null, null, null, null,
                oneLine(problem.toString())));
        out.append(table.render(lineWidth));
        if (cut || table.cut()) {
            out.append("\nSome errors are shortened (...); 'lxc-auto status --full' or '--json' shows them whole.\n");
        }
        return out.toString();
    }

    /**
     * A time span as people say it, in its two largest units, as systemd says "3h 12min ago":
     * "45s", "5min 3s", "3h 12min", "2d 4h". Less than a second is "0s"; a span that is negative
     * (a clock set back since) is too.
     */
    static String elapsed(Duration span) {
        long s = Math.max(0, span.getSeconds());
        long days = s / 86_400;
        long hours = s % 86_400 / 3_600;
        long minutes = s % 3_600 / 60;
        long seconds = s % 60;
        if (days > 0) {
            return days + "d" + (hours > 0 ? " " + hours + "h" : "");
        }
        if (hours > 0) {
            return hours + "h" + (minutes > 0 ? " " + minutes + "min" : "");
        }
        if (minutes > 0) {
            return minutes + "min" + (seconds > 0 ? " " + seconds + "s" : "");
        }
        return seconds + "s";
    }

    /**
     * The error without a leading "Cannot start 'NAME': ": the row names the container already, and
     * in a shortened cell those words would push out the cause.
     */
    private static String withoutName(String error, String name) {
        String prefix = "Cannot start '" + name + "': ";
        return error != null && error.startsWith(prefix) && error.length() > prefix.length()
                ? error.substring(prefix.length()) : error;
    }

    /** Error text on one line: a message with lxc-start's output in it would break the table. */
    private static String oneLine(String text) {
        return text == null || text.isBlank() ? null : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
