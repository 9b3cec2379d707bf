package org.lxcauto.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.lxcauto.config.Entries.lxc;
import static org.lxcauto.config.TempConfig.entryNamed;
import static org.lxcauto.config.TempConfig.names;
import static org.lxcauto.config.TempConfig.problemContaining;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Legacy symlinks, the lxc.start.auto scan, file safety and missing containers
 * (docs/configuration.md, which containers autostart; file safety).
 */
class AutostartSourcesTest {

    @TempDir
    Path root;
    TempConfig t;

    @BeforeEach
    void setUp() {
        t = new TempConfig(root);
    }

    @Test
    void legacySymlinkNamesTheContainerItPointsTo() {
        t.agent("[agent]", "start-timeout = 45", "stop-timeout = 12");
        Path config = t.container("web", "lxc.net.0.type = veth", "lxc.net.0.link = lxcbr0");
        t.symlink("frontend.conf", config);
        Configuration c = t.load();
        assertEquals(List.of(), c.problems());
        ContainerEntry e = entryNamed(c, "web");
        assertEquals(ContainerEntry.Source.LEGACY_SYMLINK, e.source());
        assertEquals(t.lxcpath, lxc(e).lxcpath());
        assertEquals(t.autoDir.resolve("frontend.conf"), e.file());
        assertEquals(new Readiness.Running(), e.ready());
        assertEquals(Duration.ofSeconds(45), e.startTimeout());
        assertEquals(Duration.ofSeconds(12), e.stopTimeout());
        assertEquals(List.of(), e.after());
        assertEquals(List.of("lxcbr0"), lxc(e).config().links());
    }

    @Test
    void relativeLegacySymlinkIsResolvedFromTheAutoDir() {
        t.container("db");
        t.symlink("db.conf", Path.of("../../lxc/db/config"));
        ContainerEntry e = entryNamed(t.load(), "db");
        assertEquals(ContainerEntry.Source.LEGACY_SYMLINK, e.source());
        assertEquals(t.lxcpath.normalize(), lxc(e).lxcpath().normalize());
    }

    @Test
    void danglingSymlinkIsAnErrorForThatFile() {
        t.container("ok");
        t.entry("ok.conf", "[container]");
        t.symlink("gone.conf", t.lxcpath.resolve("gone/config"));
        Configuration c = t.load();
        Problem p = problemContaining(c, "dangling symlink");
        assertTrue(p.toString().startsWith(t.autoDir.resolve("gone.conf") + ":0: dangling symlink to "
                + t.lxcpath.resolve("gone/config")), p::toString);
        assertEquals("gone", p.container());
        assertEquals(p, c.broken().get("gone"));
        assertEquals(List.of("ok"), names(c));
    }

    @Test
    void symlinkToSomethingElseThanAContainerConfigIsAnError() {
        Path notes = TempConfig.write(root.resolve("notes.txt"), "hello");
        t.symlink("notes.conf", notes);
        Configuration c = t.load();
        Problem p = problemContaining(c, "not to a container config (LXCPATH/NAME/config)");
        assertEquals(t.autoDir.resolve("notes.conf"), p.file());
        assertTrue(c.broken().containsKey("notes"));
        assertEquals(List.of(), c.entries());
    }

    @Test
    void symlinkToAnInvalidContainerNameIsRefused() {
        Path config = TempConfig.write(t.lxcpath.resolve("bad name/config"), "lxc.start.auto = 0");
        t.symlink("bad.conf", config);
        Problem p = problemContaining(t.load(), "invalid container name 'bad name'");
        assertEquals(t.autoDir.resolve("bad.conf"), p.file());
    }

    @Test
    void groupOrWorldWritableFilesAreRefused() {
        t.container("a");
        t.container("b");
        Path world = t.entry("a.conf", "[container]");
        Path group = t.entry("b.conf", "[container]");
        TempConfig.chmod(world, "rw-rw-rw-");
        TempConfig.chmod(group, "rw-rw-r--");
        Configuration c = t.load();
        assertEquals(List.of(), c.entries());
        Problem p = problemContaining(c, "writable by group or others (mode rw-rw-rw-)");
        assertEquals(world + ":0: refused: writable by group or others (mode rw-rw-rw-); fix: chmod go-w " + world,
                p.toString());
        assertTrue(problemContaining(c, "chmod go-w " + group).message().startsWith("refused"));
        assertTrue(c.broken().containsKey("a"));
        assertTrue(c.broken().containsKey("b"));
    }

    @Test
    void worldWritableAgentConfigIsRefusedAndDefaultsUsed() {
        t.agent("[agent]", "max-parallel = 3", "lxcpath = /nonexistent");
        TempConfig.chmod(t.configFile, "rw-r--rw-");
        Problems problems = new Problems(); // not through ConfigurationLoader: that would scan the host's /var/lib/lxc
        AgentConfig agent = AgentConfigLoader.load(t.configFile, null, problems);
        assertEquals(List.of(t.configFile + ":0: refused: writable by group or others (mode rw-r--rw-); fix: chmod go-w "
                + t.configFile), problems.all().stream().map(Problem::toString).toList());
        assertEquals(AgentConfig.DEFAULT_LXCPATH, agent.lxcpath());
        assertEquals(AgentConfig.defaultParallelism(), agent.maxParallel());
    }

    @Test
    void fileOwnedByAnotherUserIsRefused() throws IOException {
        assumeTrue(Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid")), "needs root to chown");
        t.container("web");
        Path entry = t.entry("web.conf", "[container]");
        Files.setAttribute(entry, "unix:uid", 4242);
        Configuration c = t.load();
        assertEquals(entry + ":0: refused: owned by uid 4242, not root, so that user could change what root runs;"
                + " fix: chown root: " + entry,
                problemContaining(c, "owned by uid 4242").toString());
        assertEquals(List.of(), c.entries());
    }

    @Test
    void missingContainerIsNotFound() {
        t.entry("ghost.conf", "# a container never created", "[container]");
        Configuration c = t.load();
        Problem p = problemContaining(c, "container 'ghost' not found");
        assertEquals(t.autoDir.resolve("ghost.conf") + ":2: container 'ghost' not found: "
                + t.lxcpath.resolve("ghost/config") + " does not exist; create it with 'lxc-create -P " + t.lxcpath
                + " -n ghost' or fix name/lxcpath", p.toString());
        assertEquals(p, c.broken().get("ghost"));
    }

    private Map<String, ContainerEntry> lxcKeysContainers() {
        t.container("plain", "lxc.start.auto = 1", "lxc.start.order = 3");
        t.container("boot", "lxc.start.auto = 1", "lxc.group = onboot", "lxc.start.order = 9");
        t.container("webonly", "lxc.start.auto = 1", "lxc.group = web");
        t.container("both", "lxc.start.auto = 1", "lxc.group = web", "lxc.group = onboot");
        t.container("off", "lxc.start.auto = 0", "lxc.group = onboot");
        t.container("cleared", "lxc.start.auto = 1", "lxc.group = web", "lxc.group =");
        t.container("-bad", "lxc.start.auto = 1");
        return t.load().entries().stream().collect(Collectors.toMap(ContainerEntry::name, Function.identity()));
    }

    private static Map<String, Integer> ranks(Map<String, ContainerEntry> entries) {
        return entries.values().stream().collect(Collectors.toMap(ContainerEntry::name, ContainerEntry::groupRank));
    }

    @Test
    void lxcStartAutoScanDefaultsToOnbootThenNoGroup() {
        Map<String, ContainerEntry> entries = lxcKeysContainers();
        assertEquals(Map.of("boot", 0, "both", 0, "plain", 1, "cleared", 1), ranks(entries));
        ContainerEntry boot = entries.get("boot");
        assertEquals(ContainerEntry.Source.LXC_KEYS, boot.source());
        assertEquals(9, boot.order());
        assertEquals(t.lxcpath.resolve("boot/config"), boot.file());
        assertEquals(List.of("onboot"), lxc(boot).config().groups());
        assertEquals(List.of("web", "onboot"), lxc(entries.get("both")).config().groups());
    }

    @Test
    void lxcStartAutoScanHonoursExplicitGroups() {
        t.agent("[agent]", "groups = web");
        assertEquals(Map.of("webonly", 0, "both", 0), ranks(lxcKeysContainers()));
    }

    @Test
    void lxcStartAutoScanRanksByFirstSelectedGroup() {
        t.agent("[agent]", "groups = web, onboot, ");
        assertEquals(Map.of("webonly", 0, "both", 0, "boot", 1, "plain", 2, "cleared", 2), ranks(lxcKeysContainers()));
    }

    @Test
    void groupRankIsThePositionOfTheFirstMatchingGroup() {
        List<String> selected = List.of("onboot", "");
        assertEquals(0, ConfigurationLoader.groupRank(List.of("db", "onboot"), selected));
        assertEquals(1, ConfigurationLoader.groupRank(List.of(), selected));
        assertEquals(-1, ConfigurationLoader.groupRank(List.of("db"), selected));
        assertEquals(-1, ConfigurationLoader.groupRank(List.of(), List.of("onboot")));
    }

    @Test
    void lxcKeysAreRead() {
        t.container("net",
                "# comment = ignored",
                "lxc.start.auto = 1",
                "lxc.start.delay = 7",
                "lxc.signal.halt = SIGRTMIN+3",
                "lxc.net.0.type = veth",
                "lxc.net.0.link = br0",
                "lxc.net.1.type = macvlan",
                "lxc.net.1.link = \"eth1\"",
                "lxc.net.2.type = empty",
                "lxc.net.2.link = notattached",
                "lxc.net.3.link = br0",
                "lxc.net.3.type = vlan");
        ContainerEntry e = entryNamed(t.load(), "net");
        assertEquals(Duration.ofSeconds(7), e.startDelay());
        assertEquals(List.of("br0", "eth1"), lxc(e).config().links());
        assertEquals("SIGRTMIN+3", lxc(e).config().haltSignal());
        assertTrue(lxc(e).config().startAuto());
    }

    @Test
    void badLxcValueIsAWarningAtItsLine() {
        t.container("odd", "lxc.start.auto = 1", "lxc.start.order = soon");
        Configuration c = t.load();
        ContainerEntry e = entryNamed(c, "odd");
        assertEquals(0, e.order());
        Problem p = problemContaining(c, "invalid lxc.start.order 'soon'");
        assertEquals(Problem.Severity.WARNING, p.severity());
        assertTrue(p.toString().startsWith(t.lxcpath.resolve("odd/config") + ":2: warning: "), p::toString);
        assertTrue(c.valid());
    }

    @Test
    void entryForAContainerWithStartAutoOffIsNoDuplicate() {
        t.container("web", "lxc.start.auto = 0");
        t.entry("web.conf", "[container]");
        Configuration c = t.load();
        assertEquals(List.of(), c.problems());
        assertEquals(ContainerEntry.Source.ENTRY, entryNamed(c, "web").source());
        assertFalse(lxc(entryNamed(c, "web")).config().startAuto());
        assertNull(c.broken().get("web"));
    }

    @Test
    void everyLegacyNetworkLinkIsABridge() {
        t.container("old", "lxc.start.auto = 1",
                "lxc.network.type = veth", "lxc.network.link = br0",
                "lxc.network.type = veth", "lxc.network.link = br1");
        assertEquals(List.of("br0", "br1"), lxc(entryNamed(t.load(), "old")).config().links());
    }

    @Test
    void ephemeralEntryAndAnEntryNamedLikeItsCopyAreBothRefused() {
        t.container("db");
        t.container("db-ephemeral");
        Path db = t.entry("db.conf", "[container]", "ephemeral = yes");
        Path copy = t.entry("db-ephemeral.conf", "[container]");
        Configuration c = t.load();
        assertEquals(List.of(), c.entries());
        Problem p = problemContaining(c, "is ephemeral and runs as 'db-ephemeral'");
        assertTrue(p.message().contains(db.toString()) && p.message().contains(copy.toString()), p::toString);
        assertTrue(c.broken().containsKey("db") && c.broken().containsKey("db-ephemeral"), c.broken()::toString);
    }

    @Test
    void worldWritableEntryDirectoryRefusesEveryEntryInIt() {
        t.container("web");
        t.entry("web.conf", "[container]");
        TempConfig.chmod(t.autoDir, "rwxrwxrwx");
        Configuration c = t.load();
        assertEquals(List.of(), c.entries());
        assertTrue(problemContaining(c, "chmod go-w " + t.autoDir).message().startsWith("refused: directory"));
        assertTrue(c.broken().containsKey("web"));
    }

    @Test
    void legacySymlinkToAWorldWritableConfigIsRefused() {
        Path config = t.container("web");
        TempConfig.chmod(config, "rw-rw-rw-");
        t.symlink("web.conf", config);
        Configuration c = t.load();
        assertEquals(List.of(), c.entries());
        assertTrue(problemContaining(c, "writable by group or others (mode rw-rw-rw-)").message().contains("its target"));
    }

    @Test
    void fifoNamedConfIsReportedAndTheOthersStillLoad() throws Exception {
        t.container("web");
        t.entry("web.conf", "[container]");
        assertEquals(0, new ProcessBuilder("mkfifo", t.autoDir.resolve("pipe.conf").toString()).start().waitFor());
        Configuration c = t.load();
        assertEquals(List.of("web"), TempConfig.names(c));
        assertTrue(problemContaining(c, "is a FIFO").file().endsWith("pipe.conf"));
    }
}
