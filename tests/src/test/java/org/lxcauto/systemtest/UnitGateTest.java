package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code needs = unit:NAME} at boot under a real systemd (Debian 12 booted by systemd-nspawn,
 * {@link SystemdHost}), the agent run by its unit as the package runs it, asking the machine's
 * systemd over its system bus. Three containers: {@code web} needs a unit nobody has started
 * yet, and waits (shown by {@code lxc-auto status}) until the test starts it, then starts at
 * once, on systemd's signal; {@code late} needs a unit that never starts and fails at its
 * start-timeout with a message that names it; {@code early} needs a unit that the boot starts
 * before lxc-auto, and starts without waiting.
 */
class UnitGateTest {

    @Test
    void aContainerWaitsForItsHostUnitAndStartsOnItsSignal() throws Exception {
        try (SystemdHost host = SystemdHost.create()) {
            String db = "un-db-" + host.prefix + ".service";
            String up = "un-up-" + host.prefix + ".service";
            String never = "un-never-" + host.prefix + ".service";
            Path units = host.merged.resolve("etc/systemd/system");
            String oneshot = "[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/true\n";
            Lab.write(units.resolve(db), oneshot);
            Lab.write(units.resolve(never), oneshot);
            Lab.write(units.resolve(up), "[Unit]\nBefore=lxc-auto.service\n" + oneshot + "[Install]\nWantedBy=multi-user.target\n");
            Files.createSymbolicLink(units.resolve("multi-user.target.wants").resolve(up), Path.of("/etc/systemd/system", up));

            String web = host.container("web", Map.of());
            host.entry("web", "[container]\nname = " + web + "\nneeds = unit:" + db + "\nstart-timeout = 120\n");
            String late = host.container("late", Map.of());
            host.entry("late", "[container]\nname = " + late + "\nneeds = unit:" + never + "\nstart-timeout = 3\n");
            String early = host.container("early", Map.of());
            host.entry("early", "[container]\nname = " + early + "\nneeds = unit:" + up + "\n");

            host.boot();
            SystemdDaemonTest.awaitJournalOf(host, "lxc-auto", List.of(web + ": waiting for unit:" + db), 180);
            String status = host.exec("lxc-auto", "status").stdout();
            assertTrue(status.lines().anyMatch(l -> l.startsWith(web) && l.contains("waiting") && l.contains("waiting for unit:" + db)),
                    status);
            assertEquals("inactive", host.exec("systemctl", "is-active", db).stdout().strip());

            // late gives up at its start-timeout, naming what it needed; web still waits meanwhile.
            SystemdDaemonTest.awaitJournalOf(host, "lxc-auto", List.of("Cannot start '" + late + "': needs unit:" + never
                    + ", which is inactive after 3s (start-timeout)"), 60);
            assertEquals("STOPPED", host.state(late));
            assertEquals("STOPPED", host.state(web), "web started before " + db);

            long started = System.nanoTime();
            host.ok("systemctl", "start", db);
            awaitRunning(host, web, 10);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            System.out.printf("unit-gate: systemctl start %s -> %s RUNNING in %d ms%n", db, web, ms);
            assertTrue(ms < 5000, "web started " + ms + " ms after " + db + ": not on the signal");

            assertEquals("RUNNING", host.state(early), host.diagnostics());
            String journal = host.exec("journalctl", "-u", "lxc-auto", "-o", "cat", "--no-pager").stdout();
            // Its need holds at the first answer: the time to connect to the bus and ask, no signal awaited.
            java.util.regex.Matcher held = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(early + ": unit:" + up
                    + " holds after ") + "(\\d+) ms").matcher(journal);
            assertTrue(held.find(), journal);
            System.out.printf("unit-gate: %s active before the boot: need held after %s ms (first D-Bus connection included)%n",
                    up, held.group(1));
            assertTrue(Integer.parseInt(held.group(1)) < 2000, "early waited for " + up + ", active before the boot:\n" + journal);
            assertTrue(List.of("running", "degraded").contains(host.awaitBootFinished(60)), host.diagnostics());
            String after = host.exec("lxc-auto", "status").stdout();
            assertTrue(after.lines().anyMatch(l -> l.startsWith(web) && l.contains("running")), after);
        }
    }

    private static void awaitRunning(SystemdHost host, String name, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (host.state(name).equals("RUNNING")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(name + " not RUNNING " + seconds + " s after its unit started\n" + host.diagnostics());
    }
}
