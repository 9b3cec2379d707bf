package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Unprivileged containers owned by root ({@code lxc.idmap}, docs/configuration.md) on real LXC:
 * started at boot in dependency order, gated on {@code ipv4} and on an {@code exec:} check run
 * through lxc-attach in the container's user namespace, and halted cleanly, dependents first, at
 * shutdown.
 */
class UnprivilegedContainerTest extends LabTest {

    private static SubordinateIds ids;

    @BeforeAll
    static void grantIds() throws Exception {
        ids = SubordinateIds.grant();
    }

    /** After every lab is gone: lxc-destroy of an unprivileged container still needs the ids. */
    @AfterAll
    static void restoreIds() throws Exception {
        if (ids != null) {
            ids.close();
        }
    }

    @Test
    void bootsGatedAndStopsCleanlyDependentsFirst() throws Exception {
        String net = Lab.freeSubnet();
        String bridge = lab.bridgeName("u");
        lab.agentConfig("bridge-timeout = 10\n\n[bridge " + bridge + "]\naddress = " + net + ".1/24\nstp = no\n"
                + "manager = kernel\n");
        String db = lab.unprivileged("db", "lxc.net.0.type = veth\nlxc.net.0.link = " + bridge
                + "\nlxc.net.0.flags = up\nlxc.net.0.ipv4.address = " + net + ".2/24 " + net + ".255", Map.of());
        lab.entry("db", "[container]\nname = " + db + "\nready = ipv4\n");
        String app = lab.unprivileged("app", "", Map.of("ready-after", "1"));
        lab.entry("app", "[container]\nname = " + app + "\nafter = " + db + "\nready = exec:/bin/test -f /ready\n"
                + "start-timeout = 20\n");
        String front = lab.unprivileged("front", "", Map.of());
        lab.entry("front", "[container]\nname = " + front + "\nafter = " + app + "\n");

        Commands.Result boot = lab.agent("boot");
        assertEquals(0, boot.exitCode(), boot.all());
        Map<String, JsonNode> booted = lab.records("last-boot.json");
        for (String name : new String[] {"db", "app", "front"}) {
            assertEquals("READY", booted.get(name).get("outcome").asText(), booted.toString());
        }
        assertTrue(boot.stderr().contains(db + ": ready in") && boot.stderr().contains("(ipv4, " + net + ".2)"),
                boot.stderr());
        // Really unprivileged: the init runs as the host uid the container's root maps to.
        String pid = lab.lxc("lxc-info", "-P", lab.lxcpath.toString(), "-n", app, "-p", "-H").stdout().strip();
        assertEquals(Lab.UNPRIVILEGED_ROOT, Files.getAttribute(Path.of("/proc", pid), "unix:uid"));
        Map<String, Double> appEvents = lab.events(app);
        assertTrue(appEvents.get("start") >= lab.events(db).get("start"), "app after db");
        assertTrue(lab.events(front).get("start") >= appEvents.get("ready"),
                "front waited for app's exec: check: " + lab.events(front) + " " + appEvents);

        Commands.Result shutdown = lab.agent("shutdown");
        assertEquals(0, shutdown.exitCode(), shutdown.all());
        Map<String, JsonNode> stopped = lab.records("last-shutdown.json");
        for (String name : new String[] {"db", "app", "front"}) {
            assertEquals("CLEAN", stopped.get(name).get("outcome").asText(), stopped.toString());
            assertEquals("STOPPED", lab.state(lab.name(name)));
            assertEquals("clean", Lab.read(lab.rootfs(lab.name(name)).resolve("stopped")).strip());
        }
        assertTrue(lab.events(front).get("halt") <= lab.events(app).get("halt"), "front stopped before app");
        assertTrue(lab.events(app).get("halt") <= lab.events(db).get("halt"), "app stopped before db");
    }
}
