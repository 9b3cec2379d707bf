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
import org.lxcauto.config.Entries;
import org.lxcauto.plan.Plan;
import org.lxcauto.plan.Planner;
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

    // --- Each entry's own on-boot, and the containers the operator stopped

    @Test
    void anEntrysOnBootIgnoreLeavesItOutUnderTheAgentsStart() throws Exception {
        Configuration config = Entries.config(Entries.e("db"), Entries.e("scratch").onBoot(AgentConfig.OnBoot.IGNORE));
        Selection selection = BootSelection.of(config, new StateStore(state), () -> Set.of());
        assertEquals(Set.of("db"), selection.names());
        assertEquals("on-boot = ignore (entry)", selection.reasonFor("scratch"));
        Plan plan = Planner.start(config, selection);
        assertEquals(List.of("db"), plan.names());
        assertEquals("not selected (on-boot = ignore (entry))", plan.excluded().get(0).reason());
    }

    @Test
    void anEntrysOnBootRestoreBringsItBackOnlyIfItRanAtTheLastShutdown() throws Exception {
        new StateStore(state).saveRunning(List.of("was-up"));
        Configuration config = Entries.config(Entries.e("db"),
                Entries.e("was-up").onBoot(AgentConfig.OnBoot.RESTORE),
                Entries.e("was-down").onBoot(AgentConfig.OnBoot.RESTORE));
        Selection selection = BootSelection.of(config, new StateStore(state), () -> Set.of());
        assertEquals(Set.of("db", "was-up"), selection.names());
        assertEquals("on-boot = restore (entry): not running at the last shutdown", selection.reasonFor("was-down"));
    }

    @Test
    void anEntrysOnBootStartOverridesTheAgentsIgnore() throws Exception {
        Configuration config = Entries.config(Entries.agent().onBoot(AgentConfig.OnBoot.IGNORE), Entries.e("db"),
                Entries.e("dns").onBoot(AgentConfig.OnBoot.START));
        Selection selection = BootSelection.of(config, new StateStore(state), () -> Set.of());
        assertEquals(Set.of("dns"), selection.names());
        assertEquals("on-boot = ignore", selection.reasonFor("db"));
    }

    @Test
    void anEntrysOnBootRestoreWithoutARecordStartsIt() throws Exception {
        Configuration config = Entries.config(Entries.e("db").onBoot(AgentConfig.OnBoot.RESTORE),
                Entries.e("scratch").onBoot(AgentConfig.OnBoot.IGNORE));
        assertEquals(Set.of("db"), BootSelection.of(config, new StateStore(state), () -> Set.of()).names());
    }

    @Test
    void anIgnoredContainerANeededOneDependsOnIsStartedAsItsDependency() throws Exception {
        Configuration config = Entries.config(Entries.e("db").onBoot(AgentConfig.OnBoot.IGNORE),
                Entries.e("web").after("db"));
        Plan plan = Planner.start(config, BootSelection.of(config, new StateStore(state), () -> Set.of()));
        assertEquals(List.of("db", "web"), plan.names());
    }

    @Test
    void whatTheOperatorStoppedIsLeftOutWithWhatNeedsItAndIsNoFailure() throws Exception {
        new StateStore(state).saveOperatorStopped(List.of("db"));
        Configuration config = Entries.config(Entries.e("db"), Entries.e("web").after("db"), Entries.e("dns"));
        Plan plan = Planner.start(config, BootSelection.of(config, new StateStore(state), () -> Set.of()));
        assertEquals(List.of("dns"), plan.names());
        assertEquals("stopped by the operator; 'lxc-auto start db' brings it back", plan.excluded().stream()
                .filter(x -> x.name().equals("db")).findFirst().orElseThrow().reason());
        assertTrue(plan.excluded().stream().noneMatch(x -> x.failure()), plan.excluded()::toString);
        assertEquals(Set.of("db"), BootSelection.reload(new StateStore(state), () -> Set.of()).held().keySet(), "a reload leaves it too");
    }

    @Test
    void aContainerTheOperatorStoppedButStartedByHandSinceIsAdoptedAsUsual() throws Exception {
        new StateStore(state).saveOperatorStopped(List.of("db"));
        Configuration config = Entries.config(Entries.e("db"), Entries.e("web").after("db"));
        Plan plan = Planner.start(config, BootSelection.of(config, new StateStore(state), () -> Set.of("db")));
        assertEquals(List.of("db", "web"), plan.names());
    }
}
