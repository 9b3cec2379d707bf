package org.lxcauto.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lxcauto.config.Entries.AUTO_DIR;
import static org.lxcauto.config.Entries.config;
import static org.lxcauto.config.Entries.e;
import static org.lxcauto.lifecycle.Lookups.ref;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lxcauto.config.Configuration;
import org.lxcauto.config.Problem;
import org.lxcauto.container.ContainerState;
import org.lxcauto.container.FakePortProbe;
import org.lxcauto.container.FakeRuntime;
import org.lxcauto.network.FakeLinkWatcher;
import org.lxcauto.network.FakeNetworkManager;
import org.lxcauto.state.StateStore;
import org.lxcauto.system.FakeClock;

/**
 * Start and stop by name, the one operation behind {@code lxc-auto start NAME} / {@code stop NAME}
 * and the daemon's {@code Start} / {@code Stop}: what it touches, what it answers, what it saves.
 */
@Timeout(10)
class ContainerControlTest {

    @TempDir
    Path stateDir;

    private final FakeClock clock = new FakeClock();
    private final FakeRuntime runtime = new FakeRuntime(clock);

    private ContainerControl control() {
        Host host = FakeHosts.host(runtime, new FakeLinkWatcher(), new FakePortProbe(), clock, new FakeNetworkManager(false));
        return new ContainerControl(host, new StateStore(stateDir), Progress.NONE);
    }

    private void define(String... names) {
        for (String name : names) {
            runtime.add(ref(name));
        }
    }

    private void running(String... names) {
        for (String name : names) {
            runtime.addRunning(ref(name));
        }
    }

    @Test
    void startStartsItsHardDependenciesFirstAndNothingElse() throws Exception {
        define("db", "web", "metrics", "other");
        Configuration config = config(e("db"), e("web").after("db").wants("metrics"), e("metrics"), e("other"));

        ContainerControl.Result result = control().start(config, "web");

        assertEquals(ExitCodes.OK, result.exitCode());
        assertEquals(List.of("db", "web"), runtime.names(FakeRuntime.START));
        assertEquals("start", result.run().kind());
        assertEquals("start", new StateStore(stateDir).lastRun("start").orElseThrow().kind(), "saved as last-start.json");
    }

    @Test
    void aContainerThatRunsAlreadyIsUp() throws Exception {
        running("web");
        assertEquals(ExitCodes.OK, control().start(config(e("web")), "web").exitCode());
        assertEquals(List.of("web"), runtime.names(FakeRuntime.START), "lxc-start was asked, and said it runs");
    }

    @Test
    void aStartThatFailsExitsOne() throws Exception {
        define("web");
        runtime.failStart("web", "lxc-start failed: rootfs missing");
        assertEquals(ExitCodes.FAILURE, control().start(config(e("web")), "web").exitCode());
    }

    @Test
    void aNameWithoutAnEntryStartsNothing() {
        define("web");
        NotAutostartException e = assertThrows(NotAutostartException.class, () -> control().start(config(e("web")), "ghost"));
        assertEquals("'ghost' is not an autostart container", e.getMessage());
        assertNull(e.broken());
        assertEquals(List.of(), runtime.calls());
    }

    @Test
    void aBrokenEntrySaysWhy() {
        Problem problem = new Problem(AUTO_DIR.resolve("bad.conf"), 3, "bad", Problem.Severity.ERROR, "unknown key 'afer'");
        Configuration config = config(Map.of("bad", problem));
        NotAutostartException e = assertThrows(NotAutostartException.class, () -> control().start(config, "bad"));
        assertEquals(problem.toString(), e.broken());
        assertTrue(e.getMessage().startsWith("'bad' is not an autostart container with a usable configuration: "),
                e.getMessage());
    }

    @Test
    void aRestartIsSavedApart() throws Exception {
        define("web");
        assertEquals("restart", control().restart(config(e("web")), "web", Set.of()).run().kind());
        assertTrue(new StateStore(stateDir).lastRun("start").isEmpty(), "a restart leaves last-start.json alone");
    }

    @Test
    void stopStopsRunningDependentsFirstAndNothingElse() throws Exception {
        running("db", "web", "other");
        Configuration config = config(e("db"), e("web").after("db"), e("other"));

        ContainerControl.Result result = control().stop(config, "db");

        assertEquals(ExitCodes.OK, result.exitCode());
        assertEquals(List.of("web", "db"), runtime.names(FakeRuntime.STOP));
        assertEquals(ContainerState.RUNNING, runtime.stateOf(ref("other")));
        assertEquals("stop", result.run().kind());
    }

    @Test
    void aForcedStopIsAStopAndAFailedOneIsNot() throws Exception {
        running("hung", "stuck");
        runtime.ignoreHalt("hung").stopThrows("stuck", "lxc-stop -k failed: Operation not permitted");
        Configuration config = config(e("hung"), e("stuck"));
        assertEquals(ExitCodes.OK, control().stop(config, "hung").exitCode());
        assertEquals(ExitCodes.FAILURE, control().stop(config, "stuck").exitCode());
    }

    @Test
    void stoppingAContainerThatDoesNotRunIsNotRunning() {
        define("web");
        NotRunningException e = assertThrows(NotRunningException.class, () -> control().stop(config(e("web")), "web"));
        assertEquals("'web' is not running", e.getMessage());
        assertEquals(List.of(), e.run().containers());
    }

    // --- Operator stops, and the restart policy's stops of dependents

    @Test
    void aStopByNameIsRecordedAsTheOperatorsAndAStartEndsIt() throws Exception {
        running("db", "web");
        Configuration config = config(e("db"), e("web").after("db"));
        StateStore store = new StateStore(stateDir);

        control().stop(config, "db");
        assertEquals(List.of("db"), store.operatorStopped(), "only the one named: web went down with it");

        control().start(config, "web");
        assertEquals(List.of(), store.operatorStopped(), "starting web brings db up with it, so db is no longer held");
    }

    @Test
    void aStopOfAContainerThatDoesNotRunIsStillTheOperatorsStop() throws Exception {
        define("db");
        assertThrows(NotRunningException.class, () -> control().stop(config(e("db")), "db"));
        assertEquals(List.of("db"), new StateStore(stateDir).operatorStopped());
    }

    @Test
    void stopDependentsStopsTheRunningHardDependentsOnlyAndRecordsNoOperatorStop() throws Exception {
        running("web", "app", "metrics", "other");
        define("db");
        Configuration config = config(e("db"), e("app").after("db"), e("web").after("app"), e("metrics").wants("db"),
                e("other"));

        Set<String> stopped = control().stopDependents(config, "db");

        assertEquals(Set.of("app", "web"), stopped);
        assertEquals(List.of("web", "app"), runtime.names(FakeRuntime.STOP), "dependents first; wants left alone");
        assertEquals(List.of(), new StateStore(stateDir).operatorStopped());
        assertEquals("restart-stop", new StateStore(stateDir).lastRun("restart-stop").orElseThrow().kind());
    }

    @Test
    void stopDependentsWithNoneRunningDoesNothing() throws Exception {
        define("db", "app");
        assertEquals(Set.of(), control().stopDependents(config(e("db"), e("app").after("db")), "db"));
        assertEquals(List.of(), runtime.names(FakeRuntime.STOP));
    }

    @Test
    void aRestartStartsTheDependentsAfterIt() throws Exception {
        define("db", "app");
        Configuration config = config(e("db"), e("app").after("db"));
        ContainerControl.Result result = control().restart(config, "db", Set.of("app"));
        assertEquals(ExitCodes.OK, result.exitCode());
        assertEquals(List.of("db", "app"), runtime.names(FakeRuntime.START));
    }

    @Test
    void aRestartLeavesDownADependentTheOperatorStoppedMeanwhileAndWhatNeedsIt() throws Exception {
        define("db", "app", "web");
        new StateStore(stateDir).saveOperatorStopped(List.of("app"));
        Configuration config = config(e("db"), e("app").after("db"), e("web").after("app"));
        assertEquals(ExitCodes.OK, control().restart(config, "db", Set.of("app", "web")).exitCode());
        assertEquals(List.of("db"), runtime.names(FakeRuntime.START));
    }
}
