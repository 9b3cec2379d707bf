package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * systemd's watchdog over the daemon, in a Debian 12 booted by systemd-nspawn with the shipped
 * unit and a drop-in that shortens {@code WatchdogSec=} to 3 s: a daemon whose loop is stopped
 * (SIGSTOP) is found hung, killed and restarted, and the new daemon adopts the container, which
 * ran on all along and was started once; a healthy daemon busy for longer than the watchdog timeout
 * (a reload waiting for a slow container) is left alone.
 */
class SystemdWatchdogTest {

    private static final int WATCHDOG_SEC = 3;

    /** The shipped unit, its watchdog timeout shortened so that the test takes seconds. */
    private static SystemdHost host() throws IOException {
        SystemdHost host = SystemdHost.create();
        try {
            Path dropIn = Files.createDirectories(host.merged.resolve("etc/systemd/system/lxc-auto.service.d"));
            Lab.write(dropIn.resolve("watchdog.conf"), "[Service]\nWatchdogSec=" + WATCHDOG_SEC + "s\n");
            return host;
        } catch (IOException | RuntimeException e) {
            host.close();
            throw e;
        }
    }

    @Test
    void aStoppedDaemonIsRestartedByTheWatchdogAndTheNextOneAdoptsTheContainer() throws Exception {
        try (SystemdHost host = host()) {
            String web = host.container("web", Map.of());
            host.entry("web", "[container]\nname = " + web + "\n");
            host.boot();
            assertEquals("running", host.awaitBootFinished(180), host.diagnostics());
            assertEquals(WATCHDOG_SEC + "s", host.property("lxc-auto", "WatchdogUSec"), "the drop-in applies");
            assertTrue(Lab.read(Lab.ROOT.resolve("units/lxc-auto.service")).lines().anyMatch(l -> l.startsWith("WatchdogSec=")),
                    "the shipped unit has a watchdog; the drop-in only shortens it");

            // The container and its LXC monitor live outside the unit's cgroup: the watchdog's final
            // SIGKILL to the whole unit (KillMode=mixed) cannot reach them.
            String init = host.ok("lxc-info", "-n", web, "-p", "-H");
            String monitor = parent(host, init);
            String unitCgroup = host.property("lxc-auto", "ControlGroup");
            for (String pid : List.of(init, monitor)) {
                String cgroups = host.ok("cat", "/proc/" + pid + "/cgroup");
                assertFalse(cgroups.contains(unitCgroup), pid + " is in " + cgroups);
                System.out.printf("systemd-watchdog: %s %s in %s%n", pid, host.ok("cat", "/proc/" + pid + "/comm"),
                        cgroups.lines().filter(l -> l.startsWith("0::")).findFirst().orElse(cgroups));
            }

            // Healthy, the daemon sends keep-alives: three timeouts pass and it is still the same one.
            String daemon = host.property("lxc-auto", "MainPID");
            long firstKeepAlive = Long.parseLong(host.property("lxc-auto", "WatchdogTimestampMonotonic"));
            TimeUnit.SECONDS.sleep(3L * WATCHDOG_SEC); // what is asserted is that nothing happens in this time
            assertEquals(daemon, host.property("lxc-auto", "MainPID"), host.diagnostics());
            assertEquals("0", host.property("lxc-auto", "NRestarts"));
            assertEquals("active", host.exec("systemctl", "is-active", "lxc-auto").stdout().strip(), host.diagnostics());
            assertTrue(Long.parseLong(host.property("lxc-auto", "WatchdogTimestampMonotonic")) > firstKeepAlive,
                    "systemd heard keep-alives");

            // Its loop stops turning: the keep-alives stop, systemd finds it hung and restarts it.
            long stoppedAt = System.nanoTime();
            host.ok("busybox", "kill", "-STOP", daemon); // by PID, inside the machine (minbase has no procps)
            awaitRestarted(host, daemon, 90);
            long back = System.nanoTime();
            String next = host.property("lxc-auto", "MainPID");
            assertFalse(host.exec("test", "-e", "/proc/" + daemon).exitCode() == 0, "the stuck daemon is gone");
            String unitLog = host.ok("journalctl", "-u", "lxc-auto", "-o", "cat", "--no-pager");
            assertTrue(unitLog.contains("lxc-auto.service: Watchdog timeout"), unitLog);
            // The shipped unit's choices: SIGQUIT (the JVM's thread dump, no core), SIGKILL after TimeoutAbortSec.
            assertTrue(unitLog.contains("Killing process " + daemon + " (java) with signal SIGQUIT"), unitLog);
            assertTrue(unitLog.contains("State 'stop-watchdog' timed out. Killing."), unitLog);
            host.ok("journalctl", "-u", "lxc-auto", "-o", "short-monotonic", "--no-pager", "_PID=1").lines()
                    .filter(l -> !l.contains("with signal SIGKILL")) // one line per thread of the JVM
                    .forEach(l -> System.out.println("systemd-watchdog: " + l));

            // The container ran on and was started once; the next daemon adopted it and is ready.
            assertEquals("RUNNING", host.state(web), host.diagnostics());
            assertEquals(init, host.ok("lxc-info", "-n", web, "-p", "-H"), "the same init: never restarted");
            assertEquals(1, SystemdJournal.count(SystemdDaemonTest.events(host, web), "start"), web + " started once");
            SystemdDaemonTest.awaitJournal(host, next, List.of(web + ": already running, adopting it", "daemon: ready"));
            assertEquals("1/1 containers ready", host.property("lxc-auto", "StatusText"));
            JsonNode status = new ObjectMapper().readTree(host.ok("lxc-auto", "status", "--json"));
            assertTrue(status.get("daemonRunning").asBoolean(), status.toString());
            JsonNode row = status.get("containers").get(0);
            assertEquals(web, row.get("name").asText(), status.toString());
            assertEquals("adopted", row.get("outcome").asText(), "the new daemon's boot adopted it: " + status);
            System.out.printf("systemd-watchdog: SIGSTOP -> restarted and active again in %d ms (WatchdogSec=%ds)%n",
                    TimeUnit.NANOSECONDS.toMillis(back - stoppedAt), WATCHDOG_SEC);
        }
    }

    @Test
    void aHealthyDaemonBusyForLongerThanTheTimeoutIsLeftAlone() throws Exception {
        try (SystemdHost host = host()) {
            // The boot takes more than twice the watchdog timeout: systemd counts only from READY=1.
            String db = host.container("db", Map.of("ready-after", Integer.toString(2 * WATCHDOG_SEC + 1)));
            host.entry("db", "[container]\nname = " + db + "\nready = exec:test -f /ready\n");
            String late = host.container("late", Map.of("ready-after", Integer.toString(2 * WATCHDOG_SEC + 1)));
            host.boot();
            assertEquals("running", host.awaitBootFinished(180), host.diagnostics());
            String daemon = host.property("lxc-auto", "MainPID");

            // After READY=1 the watchdog counts: a reload that waits for a slow container keeps the
            // daemon loop busy for more than twice the timeout, and the daemon is not taken for hung.
            host.entry("late", "[container]\nname = " + late + "\nready = exec:test -f /ready\n");
            host.ok("systemctl", "reload", "lxc-auto");
            SystemdDaemonTest.awaitJournal(host, daemon, List.of(late + ": ready in"));
            assertEquals(daemon, host.property("lxc-auto", "MainPID"), host.diagnostics());
            assertEquals("0", host.property("lxc-auto", "NRestarts"));
            assertEquals("active", host.exec("systemctl", "is-active", "lxc-auto").stdout().strip());
            String unitLog = host.ok("journalctl", "-u", "lxc-auto", "-o", "cat", "--no-pager");
            assertFalse(unitLog.contains("Watchdog timeout"), unitLog);
            assertEquals("RUNNING", host.state(late));
        }
    }

    /** The parent of {@code pid} in the machine: a container init's is its LXC monitor. */
    private static String parent(SystemdHost host, String pid) {
        return host.ok("cat", "/proc/" + pid + "/status").lines().filter(l -> l.startsWith("PPid:"))
                .map(l -> l.substring("PPid:".length()).strip()).findFirst().orElseThrow();
    }

    /** Waits until systemd restarted the service once: NRestarts=1, another main PID, active. */
    private static void awaitRestarted(SystemdHost host, String stuck, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String restarts = host.property("lxc-auto", "NRestarts");
            String pid = host.property("lxc-auto", "MainPID");
            String state = host.exec("systemctl", "is-active", "lxc-auto").stdout().strip();
            if (restarts.equals("1") && !pid.equals(stuck) && !pid.equals("0") && state.equals("active")) {
                return;
            }
            assertNotEquals("failed", state, host.diagnostics());
            Thread.sleep(100);
        }
        throw new AssertionError("lxc-auto not restarted within " + seconds + " s of the SIGSTOP\n" + host.diagnostics());
    }
}
