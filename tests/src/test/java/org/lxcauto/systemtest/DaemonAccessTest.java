package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * org.lxcauto.Agent1 under hostile callers, on a bus configured like the host's system bus with
 * the shipped policy: a user other than root may read the status and change nothing, the bus
 * itself refusing; and root's calls with names no container can have get the daemon's
 * InvalidName error at once, even while it is busy starting a container, reach no command or path,
 * and leave the daemon answering.
 */
class DaemonAccessTest extends LabTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCESS_DENIED = "org.freedesktop.DBus.Error.AccessDenied";
    private static final String INVALID_NAME = "org.lxcauto.Agent1.Error.InvalidName";
    private static final String RULE = "use letters, digits, '.', '_' and '-', starting with a letter or digit,"
            + " at most 64 characters";

    private String db;
    private String web;
    private String spare;

    @Test
    void onlyRootMayChangeAnythingAndEveryoneMayRead() throws Exception {
        containers();
        try (PrivateBus bus = PrivateBus.start(lab.dir); DaemonProcess daemon = daemon(bus)) {
            List<AgentCall> refused = List.of(AgentCall.asNobody(bus.address, "Start", "string:" + spare),
                    AgentCall.asNobody(bus.address, "Stop", "string:" + db),
                    AgentCall.asNobody(bus.address, "Reload"));
            for (AgentCall call : refused) {
                assertEquals(ACCESS_DENIED, call.error(), call.output());
            }
            assertDaemonRunning(AgentCall.asNobody(bus.address, "Status").returned());
            assertNothingChanged(daemon);

            // The CLI, as nobody, says who may and where that is written.
            Commands.Result cli = Commands.run(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
                    Lab.AGENT.toString(), "start", spare, "--config", lab.config.toString(), "--auto-dir",
                    lab.autoDir.toString(), "--lxcpath", lab.lxcpath.toString(), "--state-dir", lab.stateDir.toString(),
                    "--bus", bus.address), Map.of("HOME", "/tmp"), 120);
            assertEquals(1, cli.exitCode(), cli.all());
            assertTrue(cli.stderr().contains("refused to start") && cli.stderr().contains("only root may change")
                    && cli.stderr().contains("org.lxcauto.Agent1.conf"), cli.all());
            assertNothingChanged(daemon);
        }
    }

    @Test
    void hostileNamesGetInvalidNameAtOnceAndReachNothing() throws Exception {
        containers();
        Path pwned = Path.of("/tmp/pwned-" + lab.prefix);
        Map<String, String> shown = new java.util.LinkedHashMap<>();
        shown.put("../x", "'../x'");
        shown.put("$(touch " + pwned + ")", "'$(touch " + pwned + ")'");
        shown.put("`touch " + pwned + "`;touch " + pwned, "'`touch " + pwned + "`;touch " + pwned + "'");
        shown.put("a".repeat(10_000), "'" + "a".repeat(64) + "...' (10000 characters)");
        shown.put("", "empty container name");
        shown.put("a\nb", "'a\\nb'");
        shown.put("\u0007", "'\\u0007'");
        shown.put("\u001b[31mred", "'\\u001b[31mred'");
        shown.put("\u00ff\u00fe", "'\u00ff\u00fe'");
        shown.put("\u00e9", "'\u00e9'");
        shown.put("-n", "'-n'");
        try (PrivateBus bus = PrivateBus.start(lab.dir); DaemonProcess daemon = daemon(bus)) {
            for (Map.Entry<String, String> name : shown.entrySet()) {
                for (String member : List.of("Start", "Stop")) {
                    AgentCall call = AgentCall.asRoot(bus.address, member, "string:" + name.getKey());
                    assertEquals(INVALID_NAME, call.error(), call.output());
                    assertTrue(call.message().contains(name.getValue() + ": " + RULE), call.output());
                    assertDaemonRunning(AgentCall.asRoot(bus.address, "Status").returned());
                }
            }
            assertNothingChanged(daemon);
            assertFalse(Files.exists(pwned), pwned + " was made");
            assertFalse(Files.exists(lab.dir.resolve("x")), "'../x' reached the lxcpath's parent");

            // At once even while the daemon is busy: a slow start holds its loop for seconds.
            Files.delete(lab.rootfs(spare).resolve("ready"));
            Files.writeString(lab.rootfs(spare).resolve("ready-after"), "4");
            CompletableFuture<AgentCall> slow = CompletableFuture.supplyAsync(
                    () -> AgentCall.asRoot(bus.address, "Start", "string:" + spare));
            assertEquals(0, lab.lxc("lxc-wait", "-P", lab.lxcpath.toString(), "-n", spare, "-s", "RUNNING", "-t", "20")
                    .exitCode(), daemon.output()); // running, and not ready for 4 more seconds
            AgentCall hostile = AgentCall.asRoot(bus.address, "Start", "string:../x");
            assertEquals(INVALID_NAME, hostile.error(), hostile.output());
            assertFalse(slow.isDone(), "the start should still be running: " + daemon.output());
            assertTrue(hostile.millis() < 2_000, "answered after " + hostile.millis() + " ms");
            assertEquals("int32 0", slow.get().returned());

            // The CLI shows the daemon's words and exits 1.
            Commands.Result cli = lab.agent("start", "../x");
            assertEquals(1, cli.exitCode(), cli.all());
            assertTrue(cli.stderr().contains("invalid container name '../x': " + RULE), cli.all());
        }
    }

    @Test
    void wellFormedNamesOfNoUsableContainerAreSaidSo() throws Exception {
        containers();
        try (PrivateBus bus = PrivateBus.start(lab.dir); DaemonProcess daemon = daemon(bus)) {
            String nosuch = lab.name("nosuch");
            AgentCall unknown = AgentCall.asRoot(bus.address, "Start", "string:" + nosuch);
            assertEquals("org.lxcauto.Agent1.Error.UnknownContainer", unknown.error(), unknown.output());
            assertTrue(unknown.message().startsWith("'" + nosuch + "' is not an autostart container in the configuration the daemon last read; enable it with"),
                    unknown.output());
            AgentCall stopped = AgentCall.asRoot(bus.address, "Stop", "string:" + spare);
            assertEquals("org.lxcauto.Agent1.Error.NotRunning", stopped.error(), stopped.output());
            assertEquals("'" + spare + "' is not running", stopped.message());

            // The CLI prints what acting directly would print.
            Commands.Result start = lab.agent("start", nosuch);
            assertEquals(1, start.exitCode(), start.all());
            assertTrue(start.stderr().startsWith("lxc-auto: '" + nosuch + "' is not an autostart container"), start.all());
            Commands.Result stop = lab.agent("stop", spare);
            assertEquals(1, stop.exitCode(), stop.all());
            assertEquals("lxc-auto: '" + spare + "' is not running", stop.stderr().strip());
            assertNothingChanged(daemon);
        }
    }

    /** db, web after db, and spare: all autostart; spare stopped by hand once the daemon is up. */
    private void containers() throws Exception {
        db = lab.container("db", "", Map.of());
        lab.entry("db", "[container]\nname = " + db + "\n");
        web = lab.container("web", "", Map.of());
        lab.entry("web", "[container]\nname = " + web + "\nafter = " + db + "\n");
        spare = lab.container("spare", "", Map.of("ready", ""));
        lab.entry("spare", "[container]\nname = " + spare + "\nready = exec:test -f /ready\n");
    }

    private DaemonProcess daemon(PrivateBus bus) throws Exception {
        lab.bus = bus.address;
        DaemonProcess daemon = DaemonProcess.start(lab, "daemon");
        daemon.awaitNotification("READY=1", 60);
        assertEquals(0, lab.lxc("lxc-stop", "-P", lab.lxcpath.toString(), "-n", spare, "-k").exitCode());
        return daemon;
    }

    private void assertNothingChanged(DaemonProcess daemon) throws Exception {
        assertEquals("RUNNING", lab.state(db));
        assertEquals("RUNNING", lab.state(web));
        assertEquals("STOPPED", lab.state(spare));
        assertEquals(1, lab.count(spare, "start"), "spare was started again");
        assertEquals(1, lab.count(db, "start"));
        assertNull(lab.events(db).get("halt"), "db was asked to halt");
        assertEquals(List.of("base", "db", "spare", "web").stream().map(lab::name).sorted().toList(),
                List.of(lab.lxc("lxc-ls", "-P", lab.lxcpath.toString(), "-1").stdout().strip().split("\\s+")).stream()
                        .sorted().toList(), "no container was made");
        assertFalse(daemon.output().contains("configuration reloaded"), daemon.output());
    }

    /** Fails unless {@code document}, a Status() reply, says the daemon runs. */
    private static void assertDaemonRunning(String document) throws Exception {
        assertTrue(JSON.readTree(document).get("daemonRunning").asBoolean(), document);
    }
}
