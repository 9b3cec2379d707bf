package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code restart = on-failure | always} under the resident daemon, on real containers: killed from
 * outside, it comes back; dying again and again, it is given up on and status says so; rebooting
 * itself, it is running again and not a failure; powering itself off, it stays off.
 */
class RestartPolicyTest extends LabTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void restartPolicyActsOnFailuresOnly() throws Exception {
        String killed = lab.container("killed", "", Map.of());
        lab.entry("killed", "[container]\nname = " + killed + "\nrestart = on-failure\n");
        String crashing = lab.container("crashing", "", Map.of("die-after", "0.3"));
        lab.entry("crashing", "[container]\nname = " + crashing + "\nrestart = on-failure\n");
        String rebooting = lab.container("rebooting", "", Map.of());
        lab.entry("rebooting", "[container]\nname = " + rebooting + "\nrestart = on-failure\n");
        String quitting = lab.container("quitting", "", Map.of());
        lab.entry("quitting", "[container]\nname = " + quitting + "\nrestart = on-failure\n");

        try (PrivateBus bus = PrivateBus.start(lab.dir)) {
            lab.bus = bus.address; // so that status asks the daemon, which alone knows what it gave up on
            supervise(killed, crashing, rebooting, quitting);
        }
    }

    private void supervise(String killed, String crashing, String rebooting, String quitting) throws Exception {
        try (DaemonProcess daemon = DaemonProcess.start(lab, "daemon")) {
            daemon.awaitNotification("READY=1", 60);

            // Killed from outside: a failure, restarted.
            String pid = lab.lxc("lxc-info", "-P", lab.lxcpath.toString(), "-n", killed, "-p", "-H").stdout().strip();
            Commands.ok("kill", "-KILL", pid);
            daemon.awaitOutput(killed + ": restarted", 30);
            assertEquals("RUNNING", lab.state(killed));
            assertEquals(2, lab.count(killed, "start"));

            // Rebooting itself: LXC brings it back; not a failure.
            lab.lxc("lxc-attach", "-P", lab.lxcpath.toString(), "-n", rebooting, "--", "reboot", "-f");
            daemon.awaitOutput(rebooting + ": rebooted itself and is running again", 30);
            assertEquals("RUNNING", lab.state(rebooting));

            // Powering itself off: stays off under on-failure.
            lab.lxc("lxc-attach", "-P", lab.lxcpath.toString(), "-n", quitting, "--", "poweroff", "-f");
            daemon.awaitOutput(quitting + ": stopped by itself", 30);
            assertEquals("STOPPED", lab.state(quitting));

            // Dying again and again: given up on after the limit, and reported.
            daemon.awaitOutput(crashing + ": restart given up after 5 attempts", 90);
            assertEquals(6, lab.count(crashing, "start"), "started once, restarted 5 times");
            Commands.Result status = lab.agent("status", "--json");
            Map<String, JsonNode> rows = new HashMap<>();
            JSON.readTree(status.stdout()).get("containers").forEach(r -> rows.put(r.get("name").asText(), r));
            assertTrue(rows.get(crashing).get("lastError").asText().contains("restart given up"), status.stdout());
            assertTrue(rows.get(rebooting).get("lastError").isNull(), status.stdout());

            daemon.signal("TERM");
            assertEquals(0, daemon.awaitExit(30));
        }
    }
}
