package org.lxcauto.daemon;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lxcauto.config.Configuration;
import org.lxcauto.config.ContainerEntry;
import org.lxcauto.config.TempConfig;
import org.lxcauto.container.ContainerExit;
import org.lxcauto.container.ContainerRef;
import org.lxcauto.container.ContainerState;
import org.lxcauto.container.FakeContainerMonitor;
import org.lxcauto.container.FakeRuntime;
import org.lxcauto.system.CommandException;
import org.lxcauto.system.FakeClock;

/**
 * The restart policy in fake time: the backoff, giving up, the count starting afresh, and what is
 * no death (a stop by the operator, a reboot, a clean poweroff under on-failure). Deaths are posted
 * as LXC's monitor would announce them; the loop runs work at once, on the test's thread.
 */
@Timeout(10)
class SupervisorTest {

    private static final ContainerExit KILLED = new ContainerExit(ContainerExit.Cause.FAILED, "Child 42 ended on signal Killed(9)");
    private static final ContainerExit POWEROFF = new ContainerExit(ContainerExit.Cause.POWEROFF,
            "Child 42 ended on signal Interrupt(2)");

    @TempDir
    Path root;

    private TempConfig files;
    private final FakeClock clock = new FakeClock();
    private final FakeRuntime runtime = new FakeRuntime(clock);
    private final FakeContainerMonitor monitor = new FakeContainerMonitor();
    private final Map<String, String> givenUp = new HashMap<>();
    /** Each restart asked for, as "NAME@MILLISECONDS" since the start. */
    private final List<String> restarts = new ArrayList<>();
    /** Each stop of dependents and restart with them, in order, as "stop DEPS@MS" and "NAME+DEPS@MS". */
    private final List<String> events = new ArrayList<>();
    /** The running hard dependents of each container, as the daemon would find them. */
    private final Map<String, Set<String>> dependents = new HashMap<>();
    /** Whether a restart brings the container up (else it stays stopped). */
    private boolean restartWorks = true;
    private Supervisor supervisor;

    /** Stops and starts in the fake runtime, as the daemon's ContainerControl would, and records what it was asked. */
    private final class FakeRestarter implements Supervisor.Restarter {
        @Override
        public Set<String> stopDependents(String name) {
            Set<String> stopped = dependents.getOrDefault(name, Set.of());
            events.add("stop " + new java.util.TreeSet<>(stopped) + "@" + clock.elapsed().toMillis());
            stopped.forEach(SupervisorTest.this::dies); // LXC announces these stops too
            return stopped;
        }

        @Override
        public boolean restart(String name, Set<String> with) {
            restarts.add(name + "@" + clock.elapsed().toMillis());
            events.add(name + "+" + new java.util.TreeSet<>(with) + "@" + clock.elapsed().toMillis());
            if (restartWorks) {
                runtime.setState(ref(name), ContainerState.RUNNING);
                with.forEach(d -> runtime.setState(ref(d), ContainerState.RUNNING));
            }
            return restartWorks;
        }

        @Override
        public void stoppedOnPurpose(String name) {
            events.add("on purpose " + name + "@" + clock.elapsed().toMillis());
        }
    }

    @BeforeEach
    void setUp() {
        files = new TempConfig(root);
        supervisor = new Supervisor(runtime, monitor, clock, Runnable::run, new FakeRestarter(), givenUp);
        supervisor.start(Set.of(files.lxcpath));
    }

    /** A running container with an entry saying {@code restart = POLICY}, watched from now on. */
    private void supervised(String name, String policy, String... moreLines) {
        files.container(name);
        List<String> lines = new ArrayList<>(List.of("[container]", "restart = " + policy));
        lines.addAll(List.of(moreLines));
        files.entry(name + ".conf", lines.toArray(String[]::new));
        Configuration config = files.load();
        ContainerEntry entry = TempConfig.entryNamed(config, name);
        runtime.addRunning(ref(name));
        runtime.exits(name, KILLED);
        supervisor.watch(entry);
    }

    private ContainerRef ref(String name) {
        return new ContainerRef.Lxc(files.lxcpath, name);
    }

    /** It stops, and LXC's monitor says so. */
    private void dies(String name) {
        runtime.setState(ref(name), ContainerState.STOPPED);
        monitor.post(name, ContainerState.STOPPED);
    }

    private void advance(long millis) {
        clock.advance(Duration.ofMillis(millis));
    }

    @Test
    void failedRestartsBackOffFromHalfASecondToEightSecondsThenGiveUp() {
        supervised("web", "on-failure");
        restartWorks = false;
        dies("web");

        advance(1499);
        assertEquals(List.of(), restarts, "nothing before a second of grace and half a second of backoff");
        advance(1);
        assertEquals(List.of("web@1500"), restarts);

        advance(Duration.ofMinutes(10).toMillis());
        // 1 s of grace, then 0.5, 1, 2, 4 and 8 s between attempts.
        assertEquals(List.of("web@1500", "web@2500", "web@4500", "web@8500", "web@16500"), restarts);
        assertEquals("restart given up after 5 attempts; last end: Child 42 ended on signal Killed(9); see"
                + " 'lxc-start -F -n web' for why it dies", givenUp.get("web"));
        assertEquals(List.of(), clock.pending(), "nothing more is planned for it");
    }

    @Test
    void everyRestartBegunIsCountedForStatusFailedOrNot() {
        supervised("web", "on-failure");
        supervised("db", "on-failure");
        assertEquals(Map.of(), supervisor.restarts());

        dies("web");
        advance(1500);
        assertEquals(Map.of("web", 1), supervisor.restarts());

        restartWorks = false;
        advance(100);
        dies("web");
        advance(2000); // a second of grace, a second of backoff for the second attempt
        assertEquals(Map.of("web", 2), supervisor.restarts(), "a failed restart is a restart too");
        advance(Duration.ofMinutes(10).toMillis());
        assertEquals(Map.of("web", 5), supervisor.restarts(), "five attempts, then it is given up on");
    }

    @Test
    void aContainerThatDiesAgainAndAgainAfterItsRestartsIsGivenUpOnTheSixthDeath() {
        supervised("crashing", "on-failure");
        List<Long> delays = new ArrayList<>();
        for (int death = 1; death <= 6; death++) {
            advance(100); // it runs a moment, then dies
            dies("crashing");
            long diedAt = clock.elapsed().toMillis();
            int before = restarts.size();
            advance(Duration.ofMinutes(1).toMillis() - 200); // well within the 60 s that would reset the count
            if (restarts.size() > before) {
                long restartedAt = Long.parseLong(restarts.get(before).split("@")[1]);
                delays.add(restartedAt - diedAt);
            }
        }
        assertEquals(List.of(1500L, 2000L, 3000L, 5000L, 9000L), delays, "a second of grace, then 0.5, 1, 2, 4, 8 s");
        assertTrue(givenUp.containsKey("crashing"), givenUp::toString);
    }

    @Test
    void sixtySecondsUpStartTheCountAfresh() {
        supervised("web", "always");
        dies("web");
        advance(1500);
        assertEquals(List.of("web@1500"), restarts);

        advance(Duration.ofSeconds(61).toMillis());
        dies("web");
        long diedAt = clock.elapsed().toMillis();
        advance(1500);
        assertEquals(List.of("web@1500", "web@" + (diedAt + 1500)), restarts, "half a second again, not one");

        advance(10_000); // up only ten seconds since the restart: the same failure goes on
        dies("web");
        diedAt = clock.elapsed().toMillis();
        advance(2000);
        assertEquals("web@" + (diedAt + 2000), restarts.get(2), "one second of backoff this time");
    }

    @Test
    void aStopByTheOperatorIsNoDeath() {
        supervised("web", "always");
        supervisor.unwatch("web");
        dies("web");
        advance(60_000);
        assertEquals(List.of(), restarts);
        assertEquals(List.of(), clock.pending());
    }

    @Test
    void aStopByTheOperatorCallsOffARestartOnItsWay() {
        supervised("web", "always");
        dies("web");
        advance(1200); // judged a death: the restart is due at 1.5 s
        assertEquals(1, clock.pending().size());
        supervisor.unwatch("web");
        advance(60_000);
        assertEquals(List.of(), restarts);
    }

    @Test
    void aRebootWithinTheGraceIsNoDeathAndCountsNothing() {
        supervised("web", "on-failure");
        monitor.post("web", ContainerState.STOPPED); // LXC starts it again at once: it is RUNNING when judged
        advance(5000);
        assertEquals(List.of(), restarts);

        dies("web");
        advance(1500);
        assertEquals(List.of("web@6500"), restarts, "a first failure: half a second of backoff");
    }

    @Test
    void onFailureLeavesACleanPoweroffOff() {
        supervised("web", "on-failure");
        runtime.exits("web", POWEROFF);
        dies("web");
        advance(60_000);
        assertEquals(List.of(), restarts);
        assertEquals(List.of("on purpose web@1000"), events, "kept as the operator's stop");

        runtime.setState(ref("web"), ContainerState.RUNNING); // started by hand: no longer supervised
        dies("web");
        advance(60_000);
        assertEquals(List.of(), restarts);
    }

    @Test
    void alwaysRestartsACleanPoweroff() {
        supervised("web", "always");
        runtime.exits("web", POWEROFF);
        dies("web");
        advance(1500);
        assertEquals(List.of("web@1500"), restarts);
    }

    @Test
    void aContainerWithoutARestartPolicyIsNotWatched() {
        supervised("web", "no");
        dies("web");
        advance(60_000);
        assertEquals(List.of(), restarts);
        assertEquals(List.of(), clock.pending());
    }

    @Test
    void aSecondStoppedWhileOneIsJudgedIsTheSameDeath() {
        supervised("web", "always");
        restartWorks = false;
        dies("web");
        monitor.post("web", ContainerState.STOPPED);
        advance(1500);
        assertEquals(List.of("web@1500"), restarts);
        monitor.post("web", ContainerState.STOPPED); // the failed restart's own stop
        advance(1000);
        assertEquals(List.of("web@1500", "web@2500"), restarts, "still the second attempt, one second later");
    }

    @Test
    void stoppingSupervisionForGoodCallsOffEverythingAndWatchesNothingMore() {
        supervised("web", "always");
        dies("web");
        advance(1200);
        supervisor.stopSupervising();
        supervised("db", "always"); // its start finished after the shutdown began
        dies("db");
        advance(60_000);
        assertEquals(List.of(), restarts);
    }

    @Test
    void closingEndsTheMonitors() {
        assertEquals(List.of(files.lxcpath), monitor.watched());
        supervisor.close();
        assertEquals(List.of(), monitor.watched());
    }

    @Test
    void aHostWithoutLxcMonitorSupervisesNothingAndSaysSo() {
        Supervisor without = new Supervisor(runtime, new FakeContainerMonitor().failing(
                new CommandException("Failed to run 'lxc-monitor': No such file or directory", null)), clock, Runnable::run,
                new FakeRestarter(), givenUp);
        assertDoesNotThrow(() -> without.start(Set.of(files.lxcpath)));
    }

    // --- restart-dependents

    @Test
    void itsRunningHardDependentsAreStoppedWhenItIsJudgedDeadAndStartedWithItsRestart() {
        supervised("db", "always");
        supervised("app", "always", "after = db");
        dependents.put("db", Set.of("app"));
        dies("db");
        advance(1000);
        assertEquals(List.of("stop [app]@1000"), events, "stopped at once, not after the backoff");
        assertEquals("stopped while 'db' restarts (restart-dependents = yes); started again once it is ready",
                givenUp.get("app"));
        advance(500);
        assertEquals(List.of("stop [app]@1000", "db+[app]@1500"), events, "db restarted, app with it, after it");
        assertEquals(List.of("db@1500"), restarts, "app's stop was no death of its own");
        assertEquals(Map.of(), givenUp, "nothing left to say once they are up");
        advance(60_000);
        assertEquals(List.of("db@1500"), restarts);
    }

    @Test
    void noDependentRunningStopsNothingAndRestartsItAlone() {
        supervised("db", "on-failure");
        dies("db");
        advance(1500);
        assertEquals(List.of("stop []@1000", "db+[]@1500"), events);
    }

    @Test
    void restartDependentsNoLeavesThemRunning() {
        supervised("db", "always", "restart-dependents = no");
        dependents.put("db", Set.of("app"));
        dies("db");
        advance(1500);
        assertEquals(List.of("db+[]@1500"), events, "no stop of app, no start of it");
    }

    @Test
    void theDependentsAreStoppedOnceHoweverManyAttemptsItTakes() {
        supervised("db", "always");
        supervised("app", "no", "after = db");
        dependents.put("db", Set.of("app"));
        restartWorks = false;
        dies("db");
        advance(2500);
        assertEquals(List.of("stop [app]@1000", "db+[app]@1500", "db+[app]@2500"), events);
    }

    @Test
    void whenItIsGivenUpOnItsDependentsStayDownAndSayWhy() {
        supervised("db", "always");
        supervised("app", "always", "after = db");
        dependents.put("db", Set.of("app"));
        restartWorks = false;
        dies("db");
        advance(Duration.ofMinutes(10).toMillis());
        assertTrue(givenUp.get("db").startsWith("restart given up after 5 attempts"), givenUp::toString);
        assertEquals("'db' gave up restarting; stopped with it (restart-dependents = yes), it stays down until"
                + " 'lxc-auto start app'", givenUp.get("app"));
        assertEquals(List.of(), restarts.stream().filter(r -> r.startsWith("app")).toList(), "app is never restarted");
    }

    @Test
    void anOperatorStopDuringTheBackoffLeavesTheDependentsDown() {
        supervised("db", "always");
        supervised("app", "no", "after = db");
        dependents.put("db", Set.of("app"));
        dies("db");
        advance(1200);
        supervisor.unwatch("db");
        advance(60_000);
        assertEquals(List.of("stop [app]@1000"), events);
        assertEquals(Map.of(), givenUp, "the operator's stop says nothing of a restart");
    }

    @Test
    void aDependentTheOperatorStopsDuringTheBackoffIsNoLongerOneToBringBack() {
        supervised("db", "always");
        supervised("app", "no", "after = db");
        dependents.put("db", Set.of("app"));
        restartWorks = false;
        dies("db");
        advance(1200);
        supervisor.unwatch("app");
        assertEquals(Map.of(), givenUp, "the operator's stop replaces what the restart said of it");
        advance(1300);
        assertEquals(List.of("stop [app]@1000", "db+[]@1500", "db+[]@2500"), events);
        advance(Duration.ofMinutes(10).toMillis());
        assertTrue(!givenUp.containsKey("app"), givenUp::toString);
    }

    @Test
    void aContainerThatDiesAfterEachRestartTakesItsDependentsDownEachTimeAndForGood() {
        supervised("db", "on-failure");
        supervised("app", "no", "after = db");
        dependents.put("db", Set.of("app"));
        for (int death = 1; death <= 6; death++) {
            dies("db"); // its restarts succeed, and it dies again a moment later
            advance(20_000);
        }
        assertEquals(6, events.stream().filter(e -> e.startsWith("stop [app]")).count(),
                "app stopped before each of the 5 restarts, and once more when db is given up on: " + events);
        assertEquals(5, restarts.size());
        assertEquals("'db' gave up restarting; stopped with it (restart-dependents = yes), it stays down until"
                + " 'lxc-auto start app'", givenUp.get("app"));
    }
}
