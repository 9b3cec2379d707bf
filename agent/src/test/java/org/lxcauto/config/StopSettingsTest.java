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
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a stop does to a container, as configured: {@code stop-exec} of an entry, and the container's
 * {@code lxc.signal.halt} read the way LXC reads it (docs/configuration.md).
 */
class StopSettingsTest {

    @TempDir
    Path root;
    TempConfig t;

    @BeforeEach
    void setUp() {
        t = new TempConfig(root);
    }

    @Test
    void stopExecIsAnArgvSplitOnWhiteSpaceWithoutAShell() {
        t.container("db");
        t.entry("db.conf", "[container]", "stop-exec = /usr/bin/mysqladmin  --defaults-file=/etc/my.cnf shutdown $X 'a b'");
        Configuration config = t.load();
        assertEquals(List.of(), config.problems());
        assertEquals(List.of("/usr/bin/mysqladmin", "--defaults-file=/etc/my.cnf", "shutdown", "$X", "'a", "b'"),
                lxc(entryNamed(config, "db")).stopExec());
    }

    @Test
    void noStopExecByDefault() {
        t.container("db");
        t.entry("db.conf", "[container]");
        assertEquals(List.of(), lxc(entryNamed(t.load(), "db")).stopExec());
    }

    @Test
    void emptyStopExecIsAnErrorAtItsLineWithTheExpectedForm() {
        t.container("db");
        t.entry("db.conf", "[container]", "stop-timeout = 60", "stop-exec =");
        Configuration config = t.load();
        Problem p = problemContaining(config, "invalid stop-exec ''");
        assertEquals(t.autoDir.resolve("db.conf") + ":3: invalid stop-exec '': expected COMMAND ARGS... (run inside"
                + " the container with lxc-attach, no shell)", p.toString());
        assertEquals(Problem.Severity.ERROR, p.severity());
        assertEquals(List.of(), names(config), "the entry is not used");
    }

    @Test
    void repeatedStopExecIsAnError() {
        t.container("db");
        t.entry("db.conf", "[container]", "stop-exec = a", "stop-exec = b");
        assertEquals(3, problemContaining(t.load(), "'stop-exec' is set again (first on line 2)").line());
    }

    @Test
    void stopExecInADomainSaysWhyAndWhatInstead() {
        t.entry("vm.conf", "[domain]", "stop-timeout = 60", "stop-exec = /usr/bin/mysqladmin shutdown");
        Configuration config = t.load();
        assertEquals(1, errors(config).size(), config.problems()::toString);
        Problem p = problemContaining(config, "'stop-exec' is not for a [domain]");
        assertTrue(p.toString().startsWith(t.autoDir.resolve("vm.conf") + ":3: 'stop-exec' is not for a [domain]: no"
                + " command can be run inside a libvirt domain"), p::toString);
        assertTrue(p.message().contains("ExecStop="), p::message);
        assertEquals(List.of(), names(config));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SIGRTMIN+3  | SIGRTMIN+3",
        "sigusr1     | SIGUSR1",
        "\"SIGTERM\" | SIGTERM",
        "10          | 10",
        "SIGRTMAX-2  | SIGRTMAX-2"})
    void haltSignalIsReadAsLxcTakesIt(String value, String shown) {
        t.container("web", "lxc.signal.halt = " + value);
        t.entry("web.conf", "[container]");
        Configuration config = t.load();
        assertEquals(List.of(), config.problems());
        assertEquals(shown, lxc(entryNamed(config, "web")).config().halt());
    }

    @Test
    void withoutHaltSignalTheHaltIsSigpwr() {
        t.container("web");
        t.entry("web.conf", "[container]");
        assertEquals("SIGPWR", lxc(entryNamed(t.load(), "web")).config().halt());
    }

    @ParameterizedTest
    @CsvSource({"USR1", "SIGNOPE", "SIGRTMIN+99", "-3"})
    void haltSignalLxcWouldRefuseIsAWarningAtItsLine(String value) {
        t.container("web", "lxc.start.auto = 0", "lxc.signal.halt = " + value);
        t.entry("web.conf", "[container]");
        Configuration config = t.load();
        Problem p = problemContaining(config, "invalid lxc.signal.halt '" + value + "'");
        assertEquals(Problem.Severity.WARNING, p.severity());
        assertEquals(t.lxcpath.resolve("web/config"), p.file());
        assertEquals(2, p.line());
        assertTrue(p.message().contains("SIGRTMIN+3"), p::message);
        assertEquals("SIGPWR", lxc(entryNamed(config, "web")).config().halt(), "read as LXC's default");
    }

    @Test
    void haltSignalOfAnIncludedConfigCountsWhereTheIncludeIs() {
        Path common = TempConfig.write(root.resolve("share/arch.common.conf"), "lxc.include = " + root.resolve("share/d"));
        TempConfig.write(root.resolve("share/d/10-a.conf"), "lxc.signal.halt = SIGUSR2");
        TempConfig.write(root.resolve("share/d/20-b.conf"), "lxc.signal.halt = SIGRTMIN+4");
        TempConfig.write(root.resolve("share/d/30-c.txt"), "lxc.signal.halt = SIGTERM"); // not *.conf: not included
        t.container("arch", "lxc.include = " + common);
        t.container("own", "lxc.include = " + common, "lxc.signal.halt = SIGUSR1");
        t.container("first", "lxc.signal.halt = SIGUSR1", "lxc.include = " + common);
        t.container("missing", "lxc.signal.halt = SIGUSR1", "lxc.include = " + root.resolve("nowhere.conf"));
        for (String name : List.of("arch", "own", "first", "missing")) {
            t.entry(name + ".conf", "[container]");
        }
        Configuration config = t.load();
        assertEquals(List.of(), config.problems());
        assertEquals("SIGRTMIN+4", lxc(entryNamed(config, "arch")).config().halt(), "the last *.conf of the directory");
        assertEquals("SIGUSR1", lxc(entryNamed(config, "own")).config().halt(), "a later line of its own wins");
        assertEquals("SIGRTMIN+4", lxc(entryNamed(config, "first")).config().halt(), "a later include wins");
        assertEquals("SIGUSR1", lxc(entryNamed(config, "missing")).config().halt(), "lxc-start reports a missing include");
    }

    @Test
    void includeLoopEnds() {
        Path a = root.resolve("a.conf");
        TempConfig.write(a, "lxc.signal.halt = SIGUSR2", "lxc.include = " + a);
        assertEquals(Optional.of("SIGUSR2"), HaltSignal.inInclude(a, 1));
    }
}
