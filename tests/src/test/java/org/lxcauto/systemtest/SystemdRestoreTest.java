package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lxcauto.systemtest.SystemdDaemonTest.Graph;
import org.lxcauto.systemtest.SystemdJournal.Entry;

/**
 * {@code on-boot = restore} across a real poweroff and boot of a systemd machine (issue 4 (e)):
 * a container stopped by hand before the poweroff is not in the running set, and the next boot
 * starts exactly the containers that ran. The poweroff here is systemd's own (SIGRTMIN+4 to PID
 * 1, logind not asked), so the daemon learns of it from SIGTERM and the queued poweroff.target.
 */
class SystemdRestoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theNextBootStartsExactlyWhatRanAtThePoweroff() throws Exception {
        try (SystemdHost host = SystemdHost.create()) {
            host.agentConfig("on-boot = restore");
            Graph graph = SystemdDaemonTest.graph(host, "0.3");
            host.boot();
            assertEquals("running", host.awaitBootFinished(180), host.diagnostics());
            for (String name : graph.all()) {
                assertEquals("RUNNING", host.state(name), name + " (no shutdown recorded yet: every entry starts)");
            }

            // Stopped by hand, behind the agent's back: not running at the poweroff, so not restored.
            host.ok("lxc-stop", "-n", graph.extra(), "-t", "10");
            assertEquals("STOPPED", host.state(graph.extra()));
            String pid = host.property("lxc-auto", "MainPID");
            double requested = SystemdJournal.now();
            host.signalPoweroff();
            host.awaitPoweredOff(150);

            JsonNode recorded = JSON.readTree(host.upperFile("/var/lib/lxc-auto/running.json").toFile()).get("containers");
            List<String> names = new ArrayList<>();
            recorded.forEach(n -> names.add(n.asText()));
            assertEquals(List.of(graph.db(), graph.web()).stream().sorted().toList(), names);
            List<Entry> said = SystemdJournal.read(host.journalDir()).since(requested, SystemdJournal.agent(Integer.parseInt(pid)));
            Entry reason = said.stream().filter(e -> e.says("daemon: host shutdown (")).findFirst()
                    .orElseThrow(() -> new AssertionError("the daemon did not take the poweroff for a host shutdown: " + said));
            System.out.println("systemd: SIGRTMIN+4 poweroff seen by the daemon as: " + reason.message());
            for (String name : List.of(graph.db(), graph.web())) {
                assertEquals("clean", Lab.read(host.containerFile(name, "stopped")).strip(), name + " stopped cleanly");
            }
            assertTrue(SystemdJournal.times(SystemdDaemonTest.events(host, graph.web()), "halt").get(0)
                    <= SystemdJournal.times(SystemdDaemonTest.events(host, graph.db()), "halt").get(0), "web halts before db");

            // The same disk boots again: db and web come back, extra stays down.
            host.boot();
            assertEquals("running", host.awaitBootFinished(180), host.diagnostics());
            assertEquals("RUNNING", host.state(graph.db()), host.diagnostics());
            assertEquals("RUNNING", host.state(graph.web()), host.diagnostics());
            assertEquals("STOPPED", host.state(graph.extra()), "extra was not running at the poweroff\n" + host.diagnostics());
            assertEquals(2, SystemdJournal.count(SystemdDaemonTest.events(host, graph.db()), "start"));
            assertEquals(2, SystemdJournal.count(SystemdDaemonTest.events(host, graph.web()), "start"));
            assertEquals(1, SystemdJournal.count(SystemdDaemonTest.events(host, graph.extra()), "start"));
            String status = host.property("lxc-auto", "StatusText");
            assertTrue(status.matches("\\d+/\\d+ containers ready"), status);
        }
    }
}
