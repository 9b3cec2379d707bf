package org.lxcauto.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lxcauto.config.AgentConfig;
import org.lxcauto.config.Configuration;
import org.lxcauto.plan.Selection;
import org.lxcauto.state.StateStore;

/** {@code on-boot} turned into a selection, including a missing or corrupt record of the last shutdown. */
class BootSelectionTest {

    @TempDir
    Path state;

    private Configuration config(AgentConfig.OnBoot onBoot) {
        AgentConfig d = AgentConfig.defaults(Path.of("/var/lib/lxc"));
        AgentConfig agent = new AgentConfig(d.lxcpath(), d.groups(), d.maxParallel(), onBoot, d.onAgentStop(),
                d.stopUnlisted(), d.shutdownTimeout(), d.stopTimeout(), d.startTimeout(), d.bridgeTimeout(), null, d.bridges());
        return new Configuration(agent, state, List.of(), java.util.Map.of(), List.of(), List.of());
    }

    @Test
    void startSelectsEverythingWithoutListingWhatRuns() throws Exception {
        assertTrue(BootSelection.of(config(AgentConfig.OnBoot.START), new StateStore(state), () -> {
            throw new AssertionError("on-boot = start must not list the running containers");
        }).isAll());
    }

    @Test
    void restoreSelectsWhatRanAtTheLastShutdownAndWhatRunsNow() throws Exception {
        new StateStore(state).saveRunning(List.of("db", "web"));
        Selection selection = BootSelection.of(config(AgentConfig.OnBoot.RESTORE), new StateStore(state), () -> Set.of("adhoc"));
        assertEquals(Set.of("db", "web", "adhoc"), selection.names());
    }

    @Test
    void restoreWithACorruptRecordFallsBackToStart() throws Exception {
        Files.writeString(state.resolve("running.json"), "{\"containers\": [\"db\", ");
        assertTrue(BootSelection.of(config(AgentConfig.OnBoot.RESTORE), new StateStore(state), () -> Set.of()).isAll());
    }

    @Test
    void restoreWithADamagedRecordSaysWhichFileAndWhatItDoesInstead() throws Exception {
        Path running = Files.createDirectory(state.resolve("running.json"));
        try (LogCapture log = new LogCapture(BootSelection.class)) {
            assertTrue(BootSelection.of(config(AgentConfig.OnBoot.RESTORE), new StateStore(state), () -> Set.of()).isAll());
            assertEquals(List.of("WARN on-boot = restore, but " + running + ": damaged (a directory, not a file); remove it"
                    + " ('rm -r " + running + "'): the next shutdown cannot put a file in its place; starting every entry,"
                    + " as on-boot = start would"), log.lines());
        }
    }

    @Test
    void restoreWithoutARecordFallsBackToStart() throws Exception {
        assertTrue(BootSelection.of(config(AgentConfig.OnBoot.RESTORE), new StateStore(state), () -> Set.of()).isAll());
    }

    @Test
    void ignoreSelectsOnlyWhatAlreadyRuns() throws Exception {
        Selection selection = BootSelection.of(config(AgentConfig.OnBoot.IGNORE), new StateStore(state), () -> Set.of("web"));
        assertEquals(Set.of("web"), selection.names());
    }
}
