package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The resident daemon on real containers and a real (private) system bus carrying the D-Bus policy
 * lxc-auto ships: READY=1 and STATUS= through the notification protocol, the org.lxcauto.Agent1 API
 * used by the CLI (readable by anyone, mutations refused to non-root), SIGHUP reload, a plain stop
 * that leaves containers running and a restart that adopts them, and SIGPWR as a host shutdown.
 */
class DaemonTest extends LabTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void residentDaemonServesTheBusAndStopsContainersOnlyForAHostShutdown() throws Exception {
        String db = lab.container("db", "", Map.of("ready-after", "0.2"));
        lab.entry("db", "[container]\nname = " + db + "\nready = exec:test -f /ready\n");
        String web = lab.container("web", "", Map.of());
        lab.entry("web", "[container]\nname = " + web + "\nafter = " + db + "\n");
        String extra = lab.container("extra", "", Map.of());
        try (PrivateBus bus = PrivateBus.start(lab.dir)) {
            lab.bus = bus.address;
            try (DaemonProcess daemon = DaemonProcess.start(lab, "first")) {
                daemon.awaitNotification("READY=1", 60);
                assertTrue(daemon.notifications().stream().anyMatch(n -> n.contains("containers started")),
                        daemon.notifications().toString());
                assertEquals("RUNNING", lab.state(db));
                assertEquals("RUNNING", lab.state(web));

                // The CLI asks the daemon.
                Commands.Result status = lab.agent("status", "--json");
                assertEquals(0, status.exitCode(), status.all());
                assertTrue(JSON.readTree(status.stdout()).get("daemonRunning").asBoolean());

                // Anyone may read; only root may change anything.
                Commands.Result nobodyStatus = asNobody("status", "--json");
                assertEquals(0, nobodyStatus.exitCode(), nobodyStatus.all());
                Commands.Result nobodyStop = asNobody("stop", db);
                assertEquals(1, nobodyStop.exitCode(), nobodyStop.all());
                assertTrue(nobodyStop.stderr().contains("refused"), nobodyStop.stderr());
                assertEquals("RUNNING", lab.state(db), "a refused stop stops nothing");

                // Root can, through the daemon: web first, then db; then back.
                Commands.Result stop = lab.agent("stop", db);
                assertEquals(0, stop.exitCode(), stop.all());
                assertEquals("STOPPED", lab.state(web));
                assertEquals("STOPPED", lab.state(db));
                assertEquals(0, lab.agent("start", web).exitCode());
                assertEquals("RUNNING", lab.state(db));
                assertTrue(daemon.output().contains(db + ": starting"), "the daemon did the work");

                // SIGHUP: what became enabled starts.
                lab.entry("extra", "[container]\nname = " + extra + "\n");
                daemon.signal("HUP");
                Commands.Result waited = lab.lxc("lxc-wait", "-P", lab.lxcpath.toString(), "-n", extra, "-s", "RUNNING",
                        "-t", "30");
                assertEquals(0, waited.exitCode(), daemon.output());

                // A plain stop of the agent is not a host shutdown: the containers keep running.
                daemon.signal("TERM");
                assertEquals(0, daemon.awaitExit(30), daemon.output());
                assertTrue(daemon.notifications().stream().anyMatch(n -> n.contains("STOPPING=1")));
                for (String name : List.of(db, web, extra)) {
                    assertEquals("RUNNING", lab.state(name), name + " must survive an agent stop");
                }
            }

            // The next daemon adopts them instead of starting them twice.
            long starts = lab.count(db, "start");
            try (DaemonProcess again = DaemonProcess.start(lab, "second")) {
                again.awaitNotification("READY=1", 60);
                assertTrue(again.output().contains(db + ": already running, adopting it"), again.output());
                assertEquals(starts, lab.count(db, "start"), "db was not started again");

                // SIGPWR means the host goes down: stop everything now, dependents first.
                again.signal("PWR");
                again.awaitNotification("Stopping containers: 3/3 stopped", 60);
                assertTrue(again.notifications().stream().anyMatch(n -> n.startsWith("EXTEND_TIMEOUT_USEC=")),
                        "a shutdown asks the service manager for time: " + again.notifications());
                for (String name : List.of(db, web, extra)) {
                    assertEquals("STOPPED", lab.state(name));
                    assertEquals("clean", Lab.read(lab.rootfs(name).resolve("stopped")).strip(), name);
                }
                assertTrue(lab.events(db).get("halt") >= lab.events(web).get("halt"), "web halts before db");
                JsonNode running = JSON.readTree(lab.stateDir.resolve("running.json").toFile()).get("containers");
                List<String> names = new ArrayList<>();
                running.forEach(n -> names.add(n.asText()));
                assertEquals(List.of(db, extra, web).stream().sorted().toList(), names);
                again.signal("TERM");
                assertEquals(0, again.awaitExit(30), again.output());
            }
            assertFalse(Files.exists(lab.rootfs(db).resolve("hang")));
        }
    }

    private Commands.Result asNobody(String... args) {
        List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
                Lab.AGENT.toString()));
        argv.addAll(List.of(args));
        argv.addAll(lab.paths());
        return Commands.run(argv, Map.of("HOME", "/tmp"), 120);
    }
}
