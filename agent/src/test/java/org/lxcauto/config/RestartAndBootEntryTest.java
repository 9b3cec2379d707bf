package org.lxcauto.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lxcauto.config.Entries.lxc;
import static org.lxcauto.config.TempConfig.entryNamed;
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

/** {@code restart-dependents} and an entry's own {@code on-boot}. */
class RestartAndBootEntryTest {

    @TempDir
    Path root;
    TempConfig t;

    @BeforeEach
    void setUp() {
        t = new TempConfig(root);
        t.container("db");
    }

    @Test
    void byDefaultDependentsAreRestartedAndTheAgentsOnBootApplies() {
        t.entry("db.conf", "[container]", "restart = always");
        ContainerEntry e = entryNamed(t.load(), "db");
        assertTrue(lxc(e).restartDependents());
        assertEquals(Optional.empty(), e.onBoot());
        assertEquals(AgentConfig.OnBoot.START, e.onBoot(AgentConfig.defaults(Path.of("/var/lib/lxc"))));
    }

    @Test
    void bothKeysAreRead() {
        t.entry("db.conf", "[container]", "restart = always", "restart-dependents = no", "on-boot = restore");
        Configuration config = t.load();
        assertEquals(List.of(), config.problems());
        ContainerEntry e = entryNamed(config, "db");
        assertFalse(lxc(e).restartDependents());
        assertEquals(Optional.of(AgentConfig.OnBoot.RESTORE), e.onBoot());
        assertEquals(AgentConfig.OnBoot.RESTORE, e.onBoot(config.agent()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "restart-dependents = sometimes | invalid restart-dependents 'sometimes': expected yes or no",
        "on-boot = later                | invalid on-boot 'later': expected start | restore | ignore",
        "on-bot = start                 | unknown key 'on-bot'; did you mean 'on-boot'?"})
    void badValuesAreErrorsAtTheirLine(String line, String message) {
        t.entry("db.conf", "[container]", "restart = always", line);
        Configuration config = t.load();
        Problem p = problemContaining(config, message);
        assertEquals(3, p.line(), p::toString);
        assertEquals(Problem.Severity.ERROR, p.severity());
        assertEquals(List.of(), names(config));
    }

    @Test
    void aRepeatedOnBootIsAnError() {
        t.entry("db.conf", "[container]", "on-boot = start", "on-boot = ignore");
        assertEquals(3, problemContaining(t.load(), "'on-boot' is set again (first on line 2)").line());
    }

    @Test
    void aDomainTakesOnBootButNotRestartDependents() {
        t.entry("vm.conf", "[domain]", "on-boot = ignore");
        Configuration config = t.load();
        assertEquals(List.of(), config.problems());
        assertEquals(Optional.of(AgentConfig.OnBoot.IGNORE), entryNamed(config, "vm").onBoot());

        t.entry("vm.conf", "[domain]", "restart-dependents = no");
        Problem p = problemContaining(t.load(), "'restart-dependents' is not for a [domain]");
        assertEquals(2, p.line());
    }

    @Test
    void restartDependentsWithoutARestartPolicyIsAWarningAtItsLine() {
        t.entry("db.conf", "[container]", "restart-dependents = no");
        Configuration config = t.load();
        Problem p = problemContaining(config, "restart-dependents changes nothing here");
        assertEquals(2, p.line());
        assertEquals(Problem.Severity.WARNING, p.severity());
        assertEquals(List.of("db"), names(config), "the entry is used");
    }
}
