package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus textfile ({@code [agent] metrics-file}) on real containers, served by a real
 * prometheus-node-exporter on 127.0.0.1 and scraped over HTTP, and checked by the real
 * {@code promtool check metrics}: after the daemon's boot, a restart by the restart policy, the
 * death of a container without one, the host-shutdown path with a container that ignores its
 * halt, and the daemon's exit; and after the one-shot {@code boot} and {@code shutdown}.
 */
class MetricsTest extends LabTest {

    private Path textfiles;
    private Path file;
    private String web;
    private String always;
    private String stubborn;
    private String plain;

    private void containers() throws Exception {
        textfiles = Files.createDirectory(lab.dir.resolve("node-exporter"));
        file = textfiles.resolve("lxc-auto.prom");
        lab.agentConfig("metrics-file = " + file + "\nstop-timeout = 1\n");
        web = lab.container("web", "", Map.of("ready-after", "0.3"));
        lab.entry("web", "[container]\nname = " + web + "\nready = exec:test -f /ready\nstop-timeout = 10\n");
        always = lab.container("always", "", Map.of());
        lab.entry("always", "[container]\nname = " + always + "\nrestart = always\nstop-timeout = 10\n");
        stubborn = lab.container("stubborn", "", Map.of("hang", "yes"));
        lab.entry("stubborn", "[container]\nname = " + stubborn + "\n");
        plain = lab.container("plain", "", Map.of());
        lab.entry("plain", "[container]\nname = " + plain + "\nstop-timeout = 10\n");
    }

    /** The value of the sample {@code series} ("name{labels}") in a scrape, or null when absent. */
    static Double value(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).strip());
            }
        }
        return null;
    }

    private static String up(String name) {
        return "lxc_auto_container_up{name=\"" + name + "\"}";
    }

    @Test
    void theDaemonsMetricsFollowBootRestartShutdownAndExit() throws Exception {
        containers();
        try (NodeExporter exporter = NodeExporter.start(textfiles, lab.dir.resolve("node-exporter.log"));
                DaemonProcess daemon = DaemonProcess.start(lab, "daemon")) {
            daemon.awaitNotification("READY=1", 60);

            // The boot: written as it ends, right after READY=1.
            String boot = exporter.scrapeUntil(s -> value(s, up(web)) != null, 5, "the boot's metrics");
            assertEquals(1.0, value(boot, up(web)), boot);
            assertEquals(1.0, value(boot, up(always)), boot);
            assertEquals(1.0, value(boot, "lxc_auto_daemon_up"), boot);
            Double ready = value(boot, "lxc_auto_container_ready_seconds{name=\"" + web + "\"}");
            assertNotNull(ready, boot);
            assertTrue(ready >= 0.3 && ready < 10, "web is ready 0.3 s after its start at the earliest: " + ready);
            assertTrue(value(boot, "lxc_auto_boot_duration_seconds") >= ready, boot);
            assertEquals(0.0, value(boot, "lxc_auto_container_restarts_total{name=\"" + always + "\"}"), boot);
            assertEquals(0.0, value(boot, "node_textfile_scrape_error"), "node-exporter read the file:\n" + boot);
            assertTrue(boot.contains("# TYPE lxc_auto_stops_forced_total counter\n"), boot);
            Commands.Result check = NodeExporter.promtool(file);
            assertEquals(0, check.exitCode(), check.all());

            // Killed from outside, restart = always: restarted, and counted.
            String pid = lab.lxc("lxc-info", "-P", lab.lxcpath.toString(), "-n", always, "-p", "-H").stdout().strip();
            Commands.ok("kill", "-KILL", pid);
            String restarted = exporter.scrapeUntil(s -> Double.valueOf(1)
                    .equals(value(s, "lxc_auto_container_restarts_total{name=\"" + always + "\"}"))
                    && Double.valueOf(1).equals(value(s, up(always))), 30, "the restart counted and the container up");
            assertEquals(1.0, value(restarted, up(web)), restarted);

            // Killed from outside, restart = no: no event, but LXC's monitor tells; down, not restarted.
            assertEquals(1.0, value(restarted, up(plain)), restarted);
            pid = lab.lxc("lxc-info", "-P", lab.lxcpath.toString(), "-n", plain, "-p", "-H").stdout().strip();
            Commands.ok("kill", "-KILL", pid);
            String died = exporter.scrapeUntil(s -> Double.valueOf(0).equals(value(s, up(plain))), 30, "the dead one down");
            assertEquals(0.0, value(died, "lxc_auto_container_restarts_total{name=\"" + plain + "\"}"), died);
            assertEquals(1.0, value(died, up(web)), died);

            // The host goes down (SIGPWR): every container stopped, the stubborn one forced after 1 s.
            daemon.signal("PWR");
            String down = exporter.scrapeUntil(s -> value(s, "lxc_auto_shutdown_duration_seconds") != null, 60,
                    "the shutdown's duration");
            assertEquals(0.0, value(down, up(web)), down);
            assertEquals(0.0, value(down, up(always)), down);
            assertEquals(0.0, value(down, up(stubborn)), down);
            assertEquals(1.0, value(down, "lxc_auto_stops_forced_total"), down);
            assertTrue(value(down, "lxc_auto_shutdown_duration_seconds") >= 1, "the stubborn one had 1 s to halt:\n" + down);
            assertEquals(1.0, value(down, "lxc_auto_daemon_up"), down);

            // The daemon leaves: its last write says so.
            daemon.signal("TERM");
            assertEquals(0, daemon.awaitExit(30));
            String gone = exporter.scrapeUntil(s -> Double.valueOf(0).equals(value(s, "lxc_auto_daemon_up")), 5,
                    "lxc_auto_daemon_up 0");
            assertEquals(0.0, value(gone, "node_textfile_scrape_error"), gone);
            check = NodeExporter.promtool(file);
            assertEquals(0, check.exitCode(), check.all());
            assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    @Test
    void theOneShotCommandsLeaveTheirRunsInTheFile() throws Exception {
        containers();
        Commands.Result boot = lab.agent("boot");
        assertEquals(0, boot.exitCode(), boot.all());
        String text = Files.readString(file);
        assertEquals(1.0, value(text, up(web)), text);
        assertEquals(0.0, value(text, "lxc_auto_daemon_up"), "no daemon runs:\n" + text);
        assertNotNull(value(text, "lxc_auto_boot_duration_seconds"), text);
        assertNull(value(text, "lxc_auto_shutdown_duration_seconds"), text);
        Commands.Result check = NodeExporter.promtool(file);
        assertEquals(0, check.exitCode(), check.all());

        Commands.Result shutdown = lab.agent("shutdown");
        assertEquals(2, shutdown.exitCode(), "the stubborn one was forced: " + shutdown.all());
        text = Files.readString(file);
        assertEquals(0.0, value(text, up(web)), text);
        assertEquals(1.0, value(text, "lxc_auto_stops_forced_total"), text);
        assertNotNull(value(text, "lxc_auto_shutdown_duration_seconds"), text);
        check = NodeExporter.promtool(file);
        assertEquals(0, check.exitCode(), check.all());
    }

    /** The check above bites: promtool refuses what node-exporter would refuse. */
    @Test
    void promtoolRefusesABrokenFile() throws Exception {
        Path broken = lab.dir.resolve("broken.prom");
        Files.writeString(broken, "# TYPE lxc_auto_daemon_up gauge\nlxc_auto_daemon_up{name=\"a} 1\n");
        Commands.Result check = NodeExporter.promtool(broken);
        assertNotEquals(0, check.exitCode(), check.all());
        Files.writeString(broken, "lxc_auto_daemon_up 1\n# TYPE lxc_auto_daemon_up gauge\n");
        check = NodeExporter.promtool(broken);
        assertNotEquals(0, check.exitCode(), check.all());
    }
}
