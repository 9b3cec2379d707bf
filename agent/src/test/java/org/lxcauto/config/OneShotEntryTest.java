package org.lxcauto.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lxcauto.config.Entries.lxc;
import static org.lxcauto.config.TempConfig.entryNamed;
import static org.lxcauto.config.TempConfig.errors;
import static org.lxcauto.config.TempConfig.names;
import static org.lxcauto.config.TempConfig.problemContaining;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lxcauto.system.FakeAccounts;

/** {@code ready = exited}: a one-shot container, and what cannot go with it. */
class OneShotEntryTest {

    @TempDir
    Path root;
    TempConfig t;

    @BeforeEach
    void setUp() {
        t = new TempConfig(root);
        t.container("migrate");
    }

    @Test
    void exitedIsReadAndGoesWithNoRestart() {
        t.entry("migrate.conf", "[container]", "ready = exited", "restart = no", "start-timeout = 300");
        Configuration config = t.load();
        assertEquals(List.of(), config.problems());
        ContainerEntry e = entryNamed(config, "migrate");
        assertEquals(new Readiness.Exited(), e.ready());
        assertEquals("exited", e.ready().toString());
        assertEquals(RestartPolicy.NO, lxc(e).restart());
    }

    @ParameterizedTest
    @ValueSource(strings = {"on-failure", "always"})
    void aRestartPolicyIsRefusedAtItsLine(String policy) {
        t.entry("migrate.conf", "[container]", "ready = exited", "", "restart = " + policy);
        Configuration config = t.load();
        assertEquals(1, errors(config).size(), config.problems()::toString);
        Problem p = problemContaining(config, "restart = " + policy + " cannot go with ready = exited");
        assertEquals(4, p.line());
        assertEquals("migrate", p.container());
        assertTrue(p.message().contains("remove restart"), p.message());
        assertEquals(List.of(), names(config), "the entry is not used");
    }

    @Test
    void aDomainCannotBeOneShot() {
        t.entry("vm.conf", "[domain]", "ready = exited");
        Configuration config = t.load();
        Problem p = problemContaining(config, "ready = exited reads the exit status");
        assertEquals(2, p.line());
        assertTrue(p.message().contains("use running, ipv4 or tcp:PORT"), p.message());
        assertTrue(!names(config).contains("vm"), "the entry is not used");
    }

    @Test
    void aPerUserContainerCannotBeOneShot() {
        Path home = root.resolve("home/alice");
        TempConfig.write(home.resolve(".local/share/lxc/job/config"), "lxc.net.0.type = empty");
        t.entry("job.conf", "[container]", "user = alice", "ready = exited");
        Configuration config = t.load(new FakeAccounts().with("alice", 1000, home));
        Problem p = problemContaining(config, "ready = exited cannot go with user =");
        assertEquals(3, p.line());
        assertTrue(p.message().contains("LXC's log of the start"), p.message());
        assertTrue(!names(config).contains("job"), "the entry is not used");
    }

    @Test
    void theSyntaxInAnErrorNamesExited() {
        t.entry("migrate.conf", "[container]", "ready = exit");
        Configuration config = t.load();
        assertTrue(problemContaining(config, "invalid ready 'exit'").message().endsWith("| exited"),
                config.problems()::toString);
    }
}
