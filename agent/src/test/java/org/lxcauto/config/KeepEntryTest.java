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
import org.junit.jupiter.params.provider.CsvSource;

/** {@code keep = DIR...} of an ephemeral entry (docs/configuration.md). */
class KeepEntryTest {

    @TempDir
    Path root;
    TempConfig t;

    @BeforeEach
    void setUp() {
        t = new TempConfig(root);
        t.container("mail");
    }

    @Test
    void keptDirectoriesAreReadInOrderFromEveryLine() {
        t.entry("mail.conf", "[container]", "ephemeral = yes", "keep = /var/spool/postfix, /var/log", "keep = /srv/data");
        Configuration config = t.load();
        assertEquals(List.of(), config.problems());
        assertEquals(List.of(Path.of("/var/spool/postfix"), Path.of("/var/log"), Path.of("/srv/data")),
                lxc(entryNamed(config, "mail")).keep());
    }

    @Test
    void noKeepKeepsNothing() {
        t.entry("mail.conf", "[container]", "ephemeral = yes");
        assertEquals(List.of(), lxc(entryNamed(t.load(), "mail")).keep());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "var/spool/postfix | not an absolute path",
        "/                 | '/' is the whole container",
        "/var/../etc       | '..' would leave the container's directory",
        "/var/spool/       | not normalised; write it as '/var/spool'",
        "/var//spool       | not normalised; write it as '/var/spool'",
        "/var/./spool      | not normalised; write it as '/var/spool'",
        "/srv/a:b          | ':' cannot be passed to lxc-copy",
    })
    void badDirectoriesAreRefusedOnTheirLine(String dir, String why) {
        t.entry("mail.conf", "[container]", "ephemeral = yes", "keep = " + dir);
        Configuration config = t.load();
        Problem p = problemContaining(config, "invalid keep '" + dir + "': " + why);
        assertEquals(3, p.line());
        assertEquals(Problem.Severity.ERROR, p.severity());
        assertEquals(List.of(), names(config), "the entry is not used");
    }

    @Test
    void aRepeatNamesTheFirstLine() {
        t.entry("mail.conf", "[container]", "ephemeral = yes", "keep = /var/log", "keep = /var/log");
        Problem p = problemContaining(t.load(), "'/var/log' is kept twice (first on line 3); list it once");
        assertEquals(4, p.line());
    }

    @Test
    void aDirectoryInsideAnotherKeptOneIsRefused() {
        t.entry("mail.conf", "[container]", "ephemeral = yes", "keep = /var/spool/postfix /var");
        Problem p = problemContaining(t.load(), "'/var/spool/postfix' lies inside '/var', which is kept too");
        assertEquals(3, p.line());
    }

    @Test
    void withoutEphemeralItIsAWarningAndTheEntryStaysUsable() {
        t.entry("mail.conf", "[container]", "", "keep = /var/spool/postfix");
        Configuration config = t.load();
        Problem p = problemContaining(config, "'keep' has no effect without 'ephemeral = yes'");
        assertEquals(Problem.Severity.WARNING, p.severity());
        assertEquals(3, p.line());
        assertTrue(p.message().contains("set 'ephemeral = yes' or remove 'keep'"), p.message());
        assertEquals(List.of(), errors(config));
        assertEquals(List.of("mail"), names(config));
    }

    @Test
    void aDomainHasNothingToKeep() {
        t.entry("vm.conf", "[domain]", "keep = /var/log");
        Problem p = problemContaining(t.load(), "'keep' is not for a [domain]");
        assertEquals(2, p.line());
        assertTrue(p.message().contains("remove it"), p.message());
    }
}
