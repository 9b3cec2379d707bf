package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A per-user container ({@code user = NAME}, docs/configuration.md) in a real systemd host
 * (Debian 12 under systemd-nspawn, with logind and the user's lingering systemd manager): the
 * user's own unprivileged container, between two of root's in one graph (db ← app ← front), is
 * started at boot as the user in a delegated cgroup of the user's manager and halted cleanly,
 * dependents first, when the host powers off through logind. Its readiness is an {@code exec:}
 * check, run inside it through the user's manager ({@code systemd-run --user --wait}, which needs
 * the user's D-Bus: dbus-user-session).
 */
class SystemdUserContainerTest {

    private static final int UID = 1000;

    @Test
    void aUsersContainerBootsAndStopsInTheGraphAsTheUserInADelegatedCgroup() throws Exception {
        try (SystemdHost host = SystemdHost.create()) {
            host.user("alice", UID);
            // First boot: alice makes her container herself, as a user does; no entries yet.
            host.boot();
            assertEquals("running", host.awaitBootFinished(180), host.diagnostics());
            String app = host.userContainer("alice", UID, "app", Map.of());
            host.ok("systemctl", "poweroff");
            host.awaitPoweredOff(150);

            String db = host.container("db", Map.of());
            host.entry("db", "[container]\nname = " + db + "\n");
            // exec: runs inside alice's container through her manager (systemd-run --user --wait).
            host.entry("app", "[container]\nname = " + app + "\nuser = alice\nafter = " + db
                    + "\nready = exec:grep -q start /events.log\n");
            String front = host.container("front", Map.of());
            host.entry("front", "[container]\nname = " + front + "\nafter = " + app + "\n");

            host.boot();
            assertEquals("running", host.awaitBootFinished(180), host.diagnostics());
            assertEquals("3/3 containers ready", host.property("lxc-auto", "StatusText"), host.diagnostics()
                    + host.exec("journalctl", "-b", "--no-pager", "-n", "60", "_UID=" + UID).stdout()
                    + host.exec("journalctl", "-b", "--no-pager", "-n", "30", "-u", "user@" + UID + ".service").stdout());
            assertEquals("RUNNING", host.asUser(UID, "lxc-info", "-n", app, "-s", "-H").stdout().strip(),
                    host.diagnostics());
            String pid = host.asUser(UID, "lxc-info", "-n", app, "-p", "-H").stdout().strip();
            String status = host.ok("cat", "/proc/" + pid + "/status");
            assertTrue(status.lines().anyMatch(l -> l.matches("Uid:\\s+" + UID + "\\s.*")), "the init runs as alice: " + status);
            String cgroup = host.ok("cat", "/proc/" + pid + "/cgroup");
            assertTrue(cgroup.contains("0::/user.slice/user-" + UID + ".slice/user@" + UID + ".service/")
                    && cgroup.contains(".service/lxc.payload." + app), "in a service of alice's manager: " + cgroup);
            double appStart = first(host.upperFile("/home/alice/.local/share/lxc/" + app + "/rootfs/events.log"), "start");
            assertTrue(appStart >= first(host.containerFile(db, "events.log"), "start"), "app after db");
            assertTrue(first(host.containerFile(front, "events.log"), "start") >= appStart, "front after app");

            double requested = SystemdJournal.now();
            host.ok("systemctl", "poweroff");
            host.awaitPoweredOff(150);

            JsonNode shutdown = new ObjectMapper().readTree(host.upperFile("/var/lib/lxc-auto/last-shutdown.json").toFile());
            Map<String, String> outcomes = new HashMap<>();
            shutdown.get("containers").forEach(c -> outcomes.put(c.get("name").asText(), c.get("outcome").asText()));
            assertEquals(Map.of(db, "CLEAN", app, "CLEAN", front, "CLEAN"), outcomes, shutdown.toString());
            Map<String, Double> halted = new HashMap<>();
            halted.put(db, first(host.containerFile(db, "events.log"), "halt"));
            halted.put(app, first(host.upperFile("/home/alice/.local/share/lxc/" + app + "/rootfs/events.log"), "halt"));
            halted.put(front, first(host.containerFile(front, "events.log"), "halt"));
            assertTrue(halted.values().stream().allMatch(t -> t >= requested - 0.01), halted.toString());
            assertTrue(halted.get(front) <= halted.get(app) && halted.get(app) <= halted.get(db),
                    "front, then app, then db: " + halted);
            assertEquals("clean", Lab.read(host.upperFile("/home/alice/.local/share/lxc/" + app + "/rootfs/stopped")).strip());
        }
    }

    private static double first(java.nio.file.Path log, String event) throws java.io.IOException {
        List<Double> times = SystemdJournal.times(log, event);
        assertTrue(!times.isEmpty(), log + " has no '" + event + "'");
        return times.get(0);
    }
}
