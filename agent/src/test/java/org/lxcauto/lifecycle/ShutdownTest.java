package org.lxcauto.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lxcauto.config.Entries.agent;
import static org.lxcauto.config.Entries.config;
import static org.lxcauto.config.Entries.e;
import static org.lxcauto.lifecycle.Lookups.record;
import static org.lxcauto.lifecycle.Lookups.ref;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lxcauto.config.Configuration;
import org.lxcauto.config.Entries;
import org.lxcauto.container.ContainerState;
import org.lxcauto.container.FakePortProbe;
import org.lxcauto.container.FakeRuntime;
import org.lxcauto.network.FakeLinkWatcher;
import org.lxcauto.network.FakeNetworkManager;
import org.lxcauto.plan.Selection;
import org.lxcauto.state.ContainerRecord;
import org.lxcauto.state.Outcome;
import org.lxcauto.state.RunRecord;
import org.lxcauto.state.StateStore;
import org.lxcauto.system.CommandException;
import org.lxcauto.system.FakeClock;

/**
 * {@link Shutdown} against fakes: stop order, exit codes, the shutdown budget cutting stop
 * timeouts (in fake time), stop-unlisted, and when the running set is remembered.
 */
@Timeout(10)
class ShutdownTest {

    private static final Duration BUDGET = Duration.ofSeconds(120);

    @TempDir
    Path stateDir;

    private final FakeClock clock = new FakeClock();
    private final FakeRuntime runtime = new FakeRuntime(clock);

    private RunRecord shutdown(Configuration config, Selection selection, Duration budget) throws InterruptedException {
        Host host = FakeHosts.host(runtime, new FakeLinkWatcher(), new FakePortProbe(), clock, new FakeNetworkManager(false));
        return new Shutdown(host, new StateStore(stateDir)).run(config, selection, budget, "shutdown");
    }

    private RunRecord shutdown(Configuration config) throws InterruptedException {
        return shutdown(config, Selection.all(), BUDGET);
    }

    private void running(String... names) {
        for (String name : names) {
            runtime.addRunning(ref(name));
        }
    }

    private static void assertBefore(List<String> order, String first, String then) {
        assertTrue(order.indexOf(first) >= 0 && order.indexOf(first) < order.indexOf(then),
                () -> "expected '" + first + "' stopped before '" + then + "' in " + order);
    }

    @Test
    void dependentsStopBeforeTheirDependenciesAndAllCleanExitsZero() throws InterruptedException {
        running("db", "web", "app", "metrics");
        RunRecord run = shutdown(config(e("db"), e("web").after("db"), e("app").after("web"), e("metrics").wants("db")));

        assertEquals(ExitCodes.OK, run.exitCode());
        List<String> order = runtime.names(FakeRuntime.STOP);
        assertEquals(4, order.size(), order::toString);
        assertBefore(order, "app", "web");
        assertBefore(order, "web", "db");
        assertBefore(order, "metrics", "db");
        for (String name : order) {
            assertEquals(Outcome.CLEAN, record(run, name).outcome(), name);
            assertEquals(ContainerState.STOPPED, runtime.stateOf(ref(name)), name);
        }
    }

    @Test
    void forcedStopExitsTwo() throws InterruptedException {
        running("db", "web");
        runtime.ignoreHalt("web");
        RunRecord run = shutdown(config(e("db"), e("web").after("db")));

        assertEquals(ExitCodes.PARTIAL, run.exitCode());
        assertEquals(Outcome.FORCED, record(run, "web").outcome());
        assertEquals(Outcome.CLEAN, record(run, "db").outcome());
    }

    @Test
    void stopThatThrowsExitsOneAndTheRestStillStops() throws InterruptedException {
        running("db", "web");
        runtime.stopThrows("web", "lxc-stop -k failed: Operation not permitted");
        RunRecord run = shutdown(config(e("db"), e("web").after("db")));

        assertEquals(ExitCodes.FAILURE, run.exitCode());
        assertEquals(Outcome.STOP_FAILED, record(run, "web").outcome());
        assertEquals("Cannot stop 'web': lxc-stop -k failed: Operation not permitted", record(run, "web").error());
        assertEquals(List.of("web", "db"), runtime.names(FakeRuntime.STOP), "a failed stop does not block the others");
        assertEquals(Outcome.CLEAN, record(run, "db").outcome());
    }

    @Test
    void stopTimeoutIsTheContainersOwnWhenTheBudgetAllows() throws InterruptedException {
        running("db", "stray");
        shutdown(config(agent().stopTimeout(12), e("db").stopTimeout(45)));

        assertEquals(Duration.ofSeconds(45), runtime.call(FakeRuntime.STOP, "db").timeout());
        assertEquals(Duration.ofSeconds(12), runtime.call(FakeRuntime.STOP, "stray").timeout(),
                "a container without entry gets the agent's stop-timeout");
    }

    @Test
    void stopTimeoutIsCutToTheBudgetLessTheKillReserve() throws InterruptedException {
        running("db");
        shutdown(config(e("db").stopTimeout(30)), Selection.all(), Duration.ofSeconds(10));

        assertEquals(Duration.ofSeconds(10).minus(StopTask.KILL_RESERVE), runtime.call(FakeRuntime.STOP, "db").timeout());
    }

    @Test
    void laterStopsGetOnlyWhatEarlierOnesLeftOfTheBudget() throws InterruptedException {
        running("db", "web");
        runtime.stopTakes("web", Duration.ofSeconds(15));
        RunRecord run = shutdown(config(e("db").stopTimeout(30), e("web").after("db").stopTimeout(30)), Selection.all(),
                Duration.ofSeconds(20));

        FakeRuntime.Call web = runtime.call(FakeRuntime.STOP, "web");
        FakeRuntime.Call db = runtime.call(FakeRuntime.STOP, "db");
        assertEquals(Duration.ofSeconds(19), web.timeout());
        assertEquals(FakeClock.START.plusSeconds(15), db.at(), "db stops once web has taken its 15 s");
        assertEquals(Duration.ofSeconds(20 - 15).minus(StopTask.KILL_RESERVE), db.timeout());
        assertEquals(ExitCodes.OK, run.exitCode());
    }

    @Test
    void exhaustedBudgetLeavesNoTimeForAHalt() throws InterruptedException {
        running("db", "web");
        runtime.stopTakes("web", Duration.ofSeconds(30));
        shutdown(config(e("db"), e("web").after("db")), Selection.all(), Duration.ofSeconds(5));

        assertEquals(Duration.ZERO, runtime.call(FakeRuntime.STOP, "db").timeout());
    }

    @Test
    void stopUnlistedNoLeavesContainersWithoutEntryRunning() throws InterruptedException {
        running("db", "stray");
        RunRecord run = shutdown(config(agent().stopUnlisted(false), e("db")));

        assertEquals(List.of("db"), runtime.names(FakeRuntime.STOP));
        assertEquals(ContainerState.RUNNING, runtime.stateOf(ref("stray")));
        assertTrue(run.excluded().stream().anyMatch(x -> x.name().equals("stray") && !x.failure()), run.excluded()::toString);
        assertEquals(ExitCodes.OK, run.exitCode());
    }

    @Test
    void stopUnlistedYesStopsContainersWithoutEntry() throws InterruptedException {
        running("db", "stray");
        RunRecord run = shutdown(config(agent().stopUnlisted(true), e("db")));

        assertEquals(Set.of("db", "stray"), Set.copyOf(runtime.names(FakeRuntime.STOP)));
        assertEquals(ContainerState.STOPPED, runtime.stateOf(ref("stray")));
        assertEquals(Outcome.CLEAN, record(run, "stray").outcome());
    }

    @Test
    void wholeHostRunRemembersTheRunningAutostartedContainers() throws InterruptedException, IOException {
        running("db", "web", "stray");
        runtime.add(ref("idle"));
        shutdown(config(e("db"), e("web").after("db"), e("idle")));

        assertEquals(Optional.of(List.of("db", "web")), new StateStore(stateDir).lastRunning());
    }

    @Test
    void singleStopDoesNotTouchTheRememberedSet() throws InterruptedException, IOException {
        running("db", "web", "app", "other");
        RunRecord run = shutdown(config(e("db"), e("web").after("db"), e("app").after("web"), e("other")),
                Selection.only(Set.of("web"), "lxc-auto stop web"), BUDGET);

        assertEquals(Optional.empty(), new StateStore(stateDir).lastRunning());
        assertEquals(List.of("app", "web"), runtime.names(FakeRuntime.STOP), "web with its dependents first");
        assertEquals(ContainerState.RUNNING, runtime.stateOf(ref("db")));
        assertEquals(ExitCodes.OK, run.exitCode());
    }

    @Test
    void ephemeralEntryStopsItsCopy() throws InterruptedException {
        runtime.add(ref("build"));
        runtime.addRunning(ref("build-ephemeral"));
        RunRecord run = shutdown(config(e("build").ephemeral()));

        assertEquals(List.of("build-ephemeral"), runtime.names(FakeRuntime.STOP));
        assertEquals(Outcome.CLEAN, record(run, "build").outcome());
    }

    @Test
    void ephemeralStopEndsOnlyOnceLxcDestroyedTheCopy() throws InterruptedException {
        runtime.add(ref("build"));
        runtime.addRunning(ref("build-ephemeral"));
        runtime.stopTakes("build-ephemeral", Duration.ofSeconds(2)).copyLingers("build-ephemeral", Duration.ofMillis(1500));
        RunRecord run = shutdown(config(e("build").ephemeral().stopTimeout(30)));

        ContainerRecord build = record(run, "build");
        assertEquals(Outcome.CLEAN, build.outcome());
        assertEquals(null, build.error());
        assertEquals(ContainerState.MISSING, runtime.stateOf(ref("build-ephemeral")));
        assertTrue(Duration.between(FakeClock.START, clock.now()).compareTo(Duration.ofMillis(3500)) >= 0,
                "waited for the copy: " + clock.now());
        assertTrue(Duration.between(FakeClock.START, clock.now()).compareTo(Duration.ofMillis(3700)) < 0,
                "polled every " + CopyRemoval.POLL.toMillis() + " ms: " + clock.now());
        assertEquals(ExitCodes.OK, run.exitCode());
    }

    @Test
    void aCopyLxcDoesNotDestroyIsReportedAtTheEndOfTheStopTimeout() throws InterruptedException {
        runtime.add(ref("build"));
        runtime.addRunning(ref("build-ephemeral"));
        runtime.stopTakes("build-ephemeral", Duration.ofSeconds(2)).copyLingers("build-ephemeral", Duration.ofDays(1));
        RunRecord run = shutdown(config(e("build").ephemeral().stopTimeout(10)));

        ContainerRecord build = record(run, "build");
        assertEquals(Outcome.CLEAN, build.outcome(), "the container did stop");
        assertTrue(build.error().startsWith("its copy 'build-ephemeral' still exists 8000 ms after it stopped"),
                build.error());
        assertTrue(build.error().contains("lxc-destroy -P " + Entries.LXCPATH + " -n build-ephemeral"), build.error());
        assertEquals(Duration.ofSeconds(10), Duration.between(FakeClock.START, clock.now()), "the stop's own time");
    }

    @Test
    void aForcedStopStillGivesTheCopyTheKillReserve() throws InterruptedException {
        runtime.add(ref("build"));
        runtime.addRunning(ref("build-ephemeral"));
        runtime.ignoreHalt("build-ephemeral").copyLingers("build-ephemeral", Duration.ofMillis(300));
        RunRecord run = shutdown(config(e("build").ephemeral().stopTimeout(5)));

        assertEquals(Outcome.FORCED, record(run, "build").outcome());
        assertEquals(null, record(run, "build").error());
        assertEquals(ContainerState.MISSING, runtime.stateOf(ref("build-ephemeral")));
    }

    @Test
    void aCopyIsNeverWaitedForPastTheShutdownBudget() throws InterruptedException {
        runtime.add(ref("build"));
        runtime.addRunning(ref("build-ephemeral"));
        runtime.stopTakes("build-ephemeral", Duration.ofSeconds(2)).copyLingers("build-ephemeral", Duration.ofDays(1));
        shutdown(config(e("build").ephemeral().stopTimeout(30)), Selection.all(), Duration.ofSeconds(6));

        assertEquals(Duration.ofSeconds(5), Duration.between(FakeClock.START, clock.now()),
                "the stop timeout cut to the budget less the kill reserve");
    }

    @Test
    void runIsSavedInTheStateDirectory() throws InterruptedException, IOException {
        running("db");
        runtime.ignoreHalt("db");
        RunRecord run = shutdown(config(e("db").stopTimeout(7)));

        RunRecord saved = new StateStore(stateDir).lastRun("shutdown").orElseThrow();
        assertEquals(run, saved);
        assertEquals(ExitCodes.PARTIAL, saved.exitCode());
        assertEquals(Outcome.FORCED, record(saved, "db").outcome());
        assertEquals(Duration.ofSeconds(7), record(saved, "db").duration());
    }

    @Test
    void stopThatThrowsUncheckedExitsOne() throws InterruptedException {
        running("db", "web");
        runtime.crashStop("web", new CommandException("Failed to run 'lxc-stop': No such file or directory; is it"
                + " installed and on PATH?", null));
        RunRecord run = shutdown(config(e("db"), e("web").after("db")));

        assertEquals(ExitCodes.FAILURE, run.exitCode());
        assertEquals(Outcome.STOP_FAILED, record(run, "web").outcome());
        assertTrue(record(run, "web").error().contains("lxc-stop"), record(run, "web").error());
    }
}
