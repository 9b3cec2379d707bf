package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the journal says about each container when the daemon runs as systemd's lxc-auto.service
 * (the unit as shipped, in a Debian 12 booted by systemd-nspawn, with its real journald): every
 * lifecycle event is an entry of its own with {@code CONTAINER_NAME=}, {@code LXC_AUTO_EVENT=},
 * {@code LXC_AUTO_DURATION_MS=} and the right {@code PRIORITY=}, found with journalctl's field
 * matches, not by parsing text. Containers: web (comes up), bad (never ready: its failure says
 * why), stuck (ignores its halt: a forced stop), crashing (dies again and again under
 * {@code restart = on-failure}, until it is given up on); {@code on-agent-stop = always}, so that
 * {@code systemctl stop lxc-auto} stops them.
 */
class SystemdJournalFieldsTest {

    @Test
    void eachContainerEventIsAJournalEntryWithItsFields() throws Exception {
        try (SystemdHost host = SystemdHost.create()) {
            String web = host.container("web", Map.of());
            host.entry("web", "[container]\nname = " + web + "\n");
            String bad = host.container("bad", Map.of());
            host.entry("bad", "[container]\nname = " + bad + "\nready = exec:test -f /never\nstart-timeout = 2\n");
            String stuck = host.container("stuck", Map.of("hang", ""));
            host.entry("stuck", "[container]\nname = " + stuck + "\nstop-timeout = 2\n");
            String crashing = host.container("crashing", Map.of("die-after", "0.3"));
            host.entry("crashing", "[container]\nname = " + crashing + "\nrestart = on-failure\n");
            host.agentConfig("on-agent-stop = always");
            host.boot();
            host.awaitBootFinished(180);

            // The issue's own query: journalctl -u lxc-auto CONTAINER_NAME=web LXC_AUTO_EVENT=ready.
            Map<String, String> ready = only(host, "-u", "lxc-auto", "CONTAINER_NAME=" + web, "LXC_AUTO_EVENT=ready");
            assertEquals("6", ready.get("PRIORITY"), ready.toString());
            assertTrue(ready.get("LXC_AUTO_DURATION_MS").matches("[0-9]+"), ready.toString());
            assertTrue(ready.get("MESSAGE").startsWith(web + ": ready in " + ready.get("LXC_AUTO_DURATION_MS") + " ms"),
                    ready.toString());
            assertEquals("lxc-auto", ready.get("SYSLOG_IDENTIFIER"));
            assertEquals("lxc-auto.service", ready.get("_SYSTEMD_UNIT"));

            Map<String, String> failed = only(host, "-u", "lxc-auto", "CONTAINER_NAME=" + bad, "LXC_AUTO_EVENT=failed");
            assertEquals("3", failed.get("PRIORITY"), failed.toString());
            assertTrue(failed.get("MESSAGE").startsWith("Cannot start '" + bad + "': not ready after 2s: exec:test -f /never"),
                    failed.toString());
            assertTrue(failed.get("LXC_AUTO_DURATION_MS").matches("[0-9]+"), failed.toString());
            // journalctl -p err: what needs someone's attention, and nothing else of the boot.
            List<Map<String, String>> errors = SystemdJournal.query(host, "-u", "lxc-auto", "-p", "err");
            assertEquals(List.of(failed.get("MESSAGE")), errors.stream().map(e -> e.get("MESSAGE")).toList());

            // Each line once: not also as a plain line on standard error.
            long copies = SystemdJournal.query(host, "-u", "lxc-auto").stream()
                    .filter(e -> e.getOrDefault("MESSAGE", "").contains(web + ": ready in")).count();
            assertEquals(1, copies);

            // The restart policy: a restarting entry (a warning) per death, then gave-up (an error) that says why.
            Map<String, String> gaveUp = awaitEntry(host, 90, "-u", "lxc-auto", "CONTAINER_NAME=" + crashing,
                    "LXC_AUTO_EVENT=gave-up").get(0);
            assertEquals("3", gaveUp.get("PRIORITY"), gaveUp.toString());
            assertTrue(gaveUp.get("MESSAGE").startsWith(crashing + ": restart given up after 5 attempts; last end: "),
                    gaveUp.toString());
            List<String> restarts = SystemdJournal.query(host, "-u", "lxc-auto", "CONTAINER_NAME=" + crashing,
                    "LXC_AUTO_EVENT=restarting").stream().map(e -> e.get("PRIORITY")).toList();
            assertEquals(List.of("4", "4", "4", "4", "4"), restarts);

            host.ok("systemctl", "stop", "lxc-auto");
            awaitEntry(host, 30, "CONTAINER_NAME=" + stuck, "LXC_AUTO_EVENT=stopped-forced");
            Map<String, String> forced = only(host, "-u", "lxc-auto", "CONTAINER_NAME=" + stuck,
                    "LXC_AUTO_EVENT=stopped-forced");
            assertEquals("4", forced.get("PRIORITY"), forced.toString());
            assertTrue(Integer.parseInt(forced.get("LXC_AUTO_DURATION_MS")) >= 2000, forced.toString());

            List<String> webEvents = SystemdJournal.query(host, "-u", "lxc-auto", "CONTAINER_NAME=" + web).stream()
                    .map(e -> e.get("LXC_AUTO_EVENT") + " " + e.get("PRIORITY")).toList();
            assertEquals(List.of("starting 6", "ready 6", "stopping 6", "stopped-clean 6"), webEvents);
            System.out.printf("journal: %s ready after %s ms, %s stopped-forced after %s ms%n", web,
                    ready.get("LXC_AUTO_DURATION_MS"), stuck, forced.get("LXC_AUTO_DURATION_MS"));
        }
    }

    /** The one entry that matches; journald may take a moment to write it. */
    private static Map<String, String> only(SystemdHost host, String... matches) throws InterruptedException {
        List<Map<String, String>> found = awaitEntry(host, 30, matches);
        assertEquals(1, found.size(), "journalctl " + String.join(" ", matches) + ": " + found);
        return found.get(0);
    }

    private static List<Map<String, String>> awaitEntry(SystemdHost host, int seconds, String... matches)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Map<String, String>> found = List.of();
        while (System.nanoTime() < deadline) {
            found = SystemdJournal.query(host, matches);
            if (!found.isEmpty()) {
                return found;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no journal entry for " + String.join(" ", matches) + "\n" + host.diagnostics());
    }
}
