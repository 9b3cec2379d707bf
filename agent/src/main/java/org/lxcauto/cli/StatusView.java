package org.lxcauto.cli;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.lxcauto.config.Problem;
import org.lxcauto.lifecycle.StatusSnapshot;
import org.lxcauto.system.Json;

/** The {@code status} views: the human-readable table, and the {@code --json} document. */
final class StatusView {

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

    static String text(StatusSnapshot snapshot, Map<String, Problem> broken) {
        List<StatusSnapshot.InterfaceRow> interfaces = snapshot.interfaces();
        StringBuilder out = new StringBuilder();
        out.append("daemon: ").append(snapshot.daemonRunning() ? "running" : "not running").append('\n');
        // A damaged record is not "none": the warning on standard error says which file and why.
        String noBoot = snapshot.warning() == null ? "none recorded" : "unknown (its record is damaged, see the warning)";
        out.append("last boot: ").append(snapshot.lastBoot() == null ? noBoot
                : TIME.format(snapshot.lastBoot()) + " (exit " + snapshot.lastBootExit() + ")").append("\n\n");
        if (!interfaces.isEmpty()) {
            out.append(String.format("%-16s %-15s %-24s %s%n", "INTERFACE", "MANAGER", "STATE", "LAST ERROR"));
            for (StatusSnapshot.InterfaceRow i : interfaces) {
                out.append(String.format("%-16s %-15s %-24s %s%n", i.name(), i.manager(), i.state(),
                        i.lastError() == null ? "" : i.lastError()));
            }
            out.append('\n');
        }
        out.append(String.format("%-20s %-8s %-15s %-19s %9s  %-10s  %s%n", "CONTAINER", "STATE", "IPV4", "READY SINCE",
                "BOOT", "HALT", "LAST ERROR"));
        for (StatusSnapshot.Row r : snapshot.containers()) {
            boolean waits = r.waitingFor() != null && !r.waitingFor().isEmpty();
            // A boot holds it back for its needs: say what for where the error would be.
            String last = waits ? "waiting for " + String.join(" ", r.waitingFor())
                    : r.lastError() == null ? "" : r.lastError();
            out.append(String.format("%-20s %-8s %-15s %-19s %9s  %-10s  %s%n", r.name(), waits ? "waiting" : r.state(),
                    dash(r.ipv4()), r.readySince() == null ? "-" : TIME.format(r.readySince()),
                    r.bootMillis() == null ? "-" : String.format("%.3fs", r.bootMillis() / 1000.0),
                    dash(r.haltSignal()), last));
        }
        broken.forEach((name, problem) -> out.append(String.format("%-20s %-8s %s%n", name, "broken", problem)));
        return out.toString();
    }

    private static String dash(String value) {
        return value == null ? "-" : value;
    }
}
