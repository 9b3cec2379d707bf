package org.lxcauto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lxcauto.config.Configuration;
import org.lxcauto.config.TempConfig;
import org.lxcauto.lifecycle.LibvirtAutostart;
import org.lxcauto.lifecycle.StatusSnapshot;
import org.lxcauto.plan.Planner;
import org.lxcauto.plan.Selection;
import org.lxcauto.system.FakeAccounts;

/**
 * The {@code plan --json} and {@code status --json} documents, byte for byte as docs/formats.md
 * shows them and as earlier versions wrote them: programs parse these, so a change of field order,
 * spacing, null handling or time format is a break, whatever library writes them.
 */
class JsonViewsTest {

    @TempDir
    Path root;

    private Configuration config() {
        TempConfig etc = new TempConfig(root);
        etc.agent("[agent]", "max-parallel = 3", "", "[bridge lxcbr0]", "address = 10.0.3.1/24");
        etc.container("db", "lxc.net.0.type = veth", "lxc.net.0.link = lxcbr0", "lxc.signal.halt = SIGRTMIN+3");
        etc.container("web", "lxc.net.0.type = empty");
        etc.container("keys", "lxc.start.auto = 1", "lxc.start.order = 5", "lxc.start.delay = 2");
        etc.container("a", "lxc.net.0.type = empty");
        etc.container("b", "lxc.net.0.type = empty");
        etc.entry("db.conf", "[container]", "ready = exec:test -f /ready \"quoted\"", "user = alice",
                "lxcpath = " + etc.lxcpath);
        etc.entry("web.conf", "[container]", "after = db", "wants = keys", "ready = tcp:80", "start-delay = 2",
                "stop-timeout = 10", "ephemeral = yes", "stop-exec = /usr/sbin/apachectl graceful-stop",
                "needs = mount:/srv/data tcp:[::1]:5432");
        etc.entry("a.conf", "[container]", "after = b");
        etc.entry("b.conf", "[container]", "after = a");
        return etc.load(new FakeAccounts().with("alice", 1000, root.resolve("home/alice")));
    }

    @Test
    void startPlanKeepsItsFormat() throws Exception {
        Configuration config = config();
        LibvirtAutostart libvirt = new LibvirtAutostart(Map.of("qemu:///system", List.of("mail-vm", "dns-vm")), List.of());
        String json = PlanView.json(Planner.start(config, Selection.all()), config, libvirt);
        assertEquals(golden("plan-start.json"), json.replace(root.toString(), "ROOT"));
    }

    @Test
    void stopPlanKeepsItsFormat() throws Exception {
        Configuration config = config();
        LibvirtAutostart none = new LibvirtAutostart(Map.of(), List.of());
        String json = PlanView.json(Planner.stop(config, Set.of("db", "web", "stray"), true, Selection.all()), config, none);
        assertEquals(golden("plan-stop.json"), json.replace(root.toString(), "ROOT"));
    }

    @Test
    void statusKeepsItsFormat() throws Exception {
        Instant t0 = Instant.parse("2026-12-04T21:14:01.564226336Z");
        Instant t1 = Instant.parse("2026-12-04T21:14:02.100Z");
        StatusSnapshot status = new StatusSnapshot(true, t0, 0,
                List.of(new StatusSnapshot.InterfaceRow("lxcbr0", "kernel", "up (operstate UP)", "/etc/lxc/lxc-auto.conf:6",
                        null)),
                List.of(new StatusSnapshot.Row("web", "running", "10.0.3.12", t1, 1843L, "ready", null, "lxc-auto entry",
                                "SIGPWR", null, 2),
                        new StatusSnapshot.Row("db", "stopped", null, null, null, null, "it \"failed\"", "lxc.start.auto",
                                "SIGRTMIN+3", List.of("mount:/srv/data", "tcp:[::1]:5432"), 0)),
                null, Instant.parse("2026-12-04T21:14:00.800Z"));
        assertEquals(golden("status.json"), StatusView.json(status));
        StatusSnapshot empty = new StatusSnapshot(false, null, null, List.of(), List.of(), "last-boot.json: damaged (x)",
                null);
        assertEquals(golden("status-empty.json"), StatusView.json(empty));
    }

    @Test
    void statusReadsBackWhatTheDaemonSends() throws Exception {
        String sent = golden("status.json");
        assertEquals(sent, StatusView.json(StatusView.parse(sent)));
    }

    @Test
    void statusOfADaemonThatKnowsNoHaltSignalReadsAsNone() throws Exception {
        String older = golden("status.json").replaceAll(",\n\\s*\"haltSignal\" : \"[^\"]*\"", "");
        assertEquals(java.util.Arrays.asList(null, null),
                StatusView.parse(older).containers().stream().map(StatusSnapshot.Row::haltSignal).toList());
    }

    @Test
    void statusOfADaemonThatCountsNoRestartsReadsAsUnknown() throws Exception {
        String older = golden("status.json").replaceAll(",\n\\s*\"restarts\" : \\d+", "");
        assertFalse(older.contains("restarts"), older);
        assertEquals(java.util.Arrays.asList(null, null),
                StatusView.parse(older).containers().stream().map(StatusSnapshot.Row::restarts).toList());
    }

    static String golden(String name) throws IOException {
        try (InputStream in = JsonViewsTest.class.getResourceAsStream("/formats/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
