package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lxcauto.systemtest.SystemdJournal.Entry;

/**
 * A container with {@code needs = mount:PATH} in a real systemd host (Debian 12 booted by
 * systemd-nspawn, {@link SystemdHost}), PATH a tmpfs of {@code /etc/fstab} marked
 * {@code noauto,nofail} (storage that comes late, which the boot must not wait for) and mounted
 * by hand in the middle of the boot while the agent waits for it: the package's generator
 * orders lxc-auto.service after PATH's mount unit, so that at poweroff systemd stops lxc-auto,
 * which halts the container cleanly, before it unmounts PATH.
 *
 * <p>An ordinary fstab mount needs no generator: it comes before local-fs.target (or
 * remote-fs.target), which the unit is ordered after already. A {@code nofail} or {@code noauto}
 * one does not, and without the generator systemd unmounts it at once, while the agent is still
 * stopping the containers (seen: unmounted 0.1 s after the poweroff, the agent stopped at 2.2 s).
 * The poweroff is systemd's own (SIGRTMIN+4, logind not asked, so no delay lock), so the
 * containers are stopped in the unit's stop, in the same transaction as the unmounting: only
 * the ordering keeps the two apart.
 */
class MountOrderTest {

    @Test
    void theAgentStopsTheContainerBeforeSystemdUnmountsWhatItNeeds() throws Exception {
        try (SystemdHost host = SystemdHost.create()) {
            String path = "/srv/un-data-" + host.prefix;
            String mountUnit = "srv-un\\x2ddata\\x2d" + host.prefix + ".mount";
            Files.createDirectories(host.merged.resolve(path.substring(1)));
            Files.writeString(host.merged.resolve("etc/fstab"), "tmpfs " + path + " tmpfs noauto,nofail 0 0\n");
            String web = host.container("web", Map.of());
            host.entry("web", "[container]\nname = " + web + "\nneeds = mount:" + path + " ; its data\n");

            host.boot();
            // The boot waits for the mount (the unit is Type=notify): mount it once the agent waits.
            SystemdDaemonTest.awaitJournalOf(host, "lxc-auto", List.of(web + ": waiting for mount:" + path), 180);
            assertEquals("STOPPED", host.state(web), "started before its mount");
            host.ok("mount", path);
            assertEquals("running", host.awaitBootFinished(180), host.diagnostics());
            assertEquals("RUNNING", host.state(web), host.diagnostics());
            assertEquals("[Unit]\nAfter=" + mountUnit, host.ok("grep", "-v", "^#",
                    "/run/systemd/generator/lxc-auto.service.d/needs-mounts.conf"));
            // systemctl show quotes a name with a backslash, C style: "srv-un\\x2ddata.mount".
            List<String> after = List.of(host.property("lxc-auto.service", "After").split(" ")).stream()
                    .map(n -> n.replaceAll("^\"(.*)\"$", "$1").replace("\\\\", "\\")).toList();
            assertTrue(after.contains(mountUnit), "lxc-auto.service is not ordered after " + mountUnit + ": " + after);
            assertEquals("active", host.exec("systemctl", "is-active", mountUnit).stdout().strip());

            // An entry edited after the boot is not in the ordering until systemctl daemon-reload; check says so.
            String late = host.container("late", Map.of());
            String latePath = "/srv/un-late-" + host.prefix;
            String lateUnit = "srv-un\\x2dlate\\x2d" + host.prefix + ".mount";
            host.entry("late", "[container]\nname = " + late + "\nneeds = mount:" + latePath + "\n");
            String warning = "'" + late + "' needs mount:" + latePath + ", but systemd does not order lxc-auto.service after "
                    + lateUnit + ", so at shutdown it may unmount " + latePath + " before the container is stopped; run"
                    + " 'systemctl daemon-reload'";
            String checked = host.exec("lxc-auto", "check").stdout();
            assertTrue(checked.contains("/etc/lxc/auto/late.conf:3: warning: " + warning), checked);
            assertTrue(!checked.contains("needs mount:" + path + ","), "the boot's entry is ordered: " + checked);
            host.ok("systemctl", "daemon-reload");
            String rechecked = host.exec("lxc-auto", "check").stdout();
            assertTrue(!rechecked.contains(warning), rechecked);
            assertTrue(host.property("lxc-auto.service", "After").contains(lateUnit.replace("\\", "\\\\")),
                    host.property("lxc-auto.service", "After"));

            double requested = SystemdJournal.now();
            host.signalPoweroff();
            host.awaitPoweredOff(150);

            JsonNode shutdown = new ObjectMapper().readTree(host.upperFile("/var/lib/lxc-auto/last-shutdown.json").toFile());
            assertEquals(web, shutdown.get("containers").get(0).get("name").asText(), shutdown.toString());
            assertEquals("CLEAN", shutdown.get("containers").get(0).get("outcome").asText(), shutdown.toString());
            double halted = SystemdJournal.times(SystemdDaemonTest.events(host, web), "halt").get(0);

            SystemdJournal journal = SystemdJournal.read(host.journalDir());
            Entry agentGone = journal.first(requested, SystemdJournal.manager(), "Stopped lxc-auto.service").orElseThrow(
                    () -> new AssertionError("systemd never said it stopped lxc-auto.service"));
            Entry unmounting = journal.first(requested, SystemdJournal.manager(), "Unmounting " + mountUnit).orElseThrow(
                    () -> new AssertionError("systemd never said it unmounts " + path));
            journal.since(requested, e -> e.pid() == 1 && (e.says("lxc-auto") || e.says(mountUnit)))
                    .forEach(e -> System.out.printf("mount-order: poweroff %+.3fs %s%n", e.at() - requested, e.message()));
            assertTrue(halted < agentGone.at(), "halted at " + halted + ", agent stopped at " + agentGone.at());
            assertTrue(agentGone.at() <= unmounting.at(), "systemd unmounted " + path + " at " + unmounting.at()
                    + ", before lxc-auto stopped at " + agentGone.at());
            System.out.printf("mount-order: poweroff -> container halted %.0f ms, -> lxc-auto stopped %.0f ms,"
                    + " -> unmounting %s %.0f ms%n", (halted - requested) * 1000, (agentGone.at() - requested) * 1000,
                    path, (unmounting.at() - requested) * 1000);
        }
    }
}
