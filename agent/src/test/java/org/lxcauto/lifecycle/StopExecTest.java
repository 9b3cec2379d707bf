package org.lxcauto.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lxcauto.config.Entries.config;
import static org.lxcauto.config.Entries.e;
import static org.lxcauto.lifecycle.Lookups.record;
import static org.lxcauto.lifecycle.Lookups.ref;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lxcauto.config.Configuration;
import org.lxcauto.container.FakePortProbe;
import org.lxcauto.container.FakeRuntime;
import org.lxcauto.network.FakeLinkWatcher;
import org.lxcauto.network.FakeNetworkManager;
import org.lxcauto.plan.Selection;
import org.lxcauto.state.Outcome;
import org.lxcauto.state.RunRecord;
import org.lxcauto.state.StateStore;
import org.lxcauto.system.FakeClock;

/**
 * {@code stop-exec} against fakes, in fake time: run inside the container before its halt, within
 * its stop timeout, and never in the way of the halt.
 */
@Timeout(10)
class StopExecTest {

    @TempDir
    Path stateDir;

    private final FakeClock clock = new FakeClock();
    private final FakeRuntime runtime = new FakeRuntime(clock);

    private RunRecord shutdown(Configuration config) throws InterruptedException {
        Host host = FakeHosts.host(runtime, new FakeLinkWatcher(), new FakePortProbe(), clock, new FakeNetworkManager(false));
        return new Shutdown(host, new StateStore(stateDir)).run(config, Selection.all(), Duration.ofSeconds(120),
                "shutdown");
    }

    /** The operations on {@code name}, in order: "exec mysqladmin shutdown", "stop". */
    private List<String> operations(String name) {
        return runtime.calls().stream().filter(c -> c.container().name().equals(name))
                .map(c -> c.op() + (c.detail() == null ? "" : " " + c.detail())).toList();
    }

    @Test
    void stopExecRunsInsideTheContainerBeforeItsHaltWithItsArgv() throws InterruptedException {
        runtime.addRunning(ref("db"));
        runtime.execDoes("db", Duration.ofSeconds(3), 0, "");
        RunRecord run = shutdown(config(e("db").stopExec("/usr/bin/mysqladmin", "--wait=5", "shutdown")));

        assertEquals(List.of("exec /usr/bin/mysqladmin --wait=5 shutdown", "stop"), operations("db"));
        assertEquals(Outcome.CLEAN, record(run, "db").outcome());
        assertEquals(FakeClock.START, record(run, "db").begin(), "the stop begins with its stop-exec");
    }

    @Test
    void stopExecTimeCountsAgainstTheStopTimeout() throws InterruptedException {
        runtime.addRunning(ref("db"));
        runtime.execDoes("db", Duration.ofSeconds(12), 0, "");
        shutdown(config(e("db").stopTimeout(30).stopExec("flush")));

        FakeRuntime.Call exec = runtime.call(FakeRuntime.EXEC, "db");
        FakeRuntime.Call stop = runtime.call(FakeRuntime.STOP, "db");
        assertEquals(Duration.ofSeconds(25), exec.timeout(), "30 s less the 5 s always kept for the halt");
        assertEquals(FakeClock.START.plusSeconds(12), stop.at(), "the halt right after the stop-exec");
        assertEquals(Duration.ofSeconds(18), stop.timeout(), "what the stop-exec left of the 30 s");
    }

    @Test
    void hangingStopExecIsEndedAtItsShareAndTheHaltStillGoesOn() throws InterruptedException {
        runtime.addRunning(ref("db"));
        runtime.execDoes("db", Duration.ofHours(1), 0, "");
        try (LogCapture log = new LogCapture(StopExec.class)) {
            RunRecord run = shutdown(config(e("db").stopTimeout(30).stopExec("mysqladmin", "shutdown")));

            assertEquals(Outcome.CLEAN, record(run, "db").outcome(), "its init heard the halt");
            FakeRuntime.Call stop = runtime.call(FakeRuntime.STOP, "db");
            assertEquals(FakeClock.START.plusSeconds(25), stop.at());
            assertEquals(Duration.ofSeconds(5), stop.timeout());
            assertEquals(List.of("WARN db: stop-exec 'mysqladmin shutdown' did not finish within 25000 ms (stop-timeout"
                    + " 30s, less 5000 ms kept for the halt), ended, no output; halting it all the same"), log.lines());
        }
    }

    @Test
    void failingStopExecIsLoggedWithItsStatusAndOutputAndTheHaltStillGoesOn() throws InterruptedException {
        runtime.addRunning(ref("db"));
        runtime.execDoes("db", Duration.ofMillis(40), 1,
                "mysqladmin: connect to server at 'localhost' failed\nerror: 'Can't connect to local server'\n");
        try (LogCapture log = new LogCapture(StopExec.class)) {
            RunRecord run = shutdown(config(e("db").stopExec("mysqladmin", "shutdown")));

            assertEquals(Outcome.CLEAN, record(run, "db").outcome());
            assertEquals(List.of("exec mysqladmin shutdown", "stop"), operations("db"));
            assertEquals(List.of("WARN db: stop-exec 'mysqladmin shutdown' exited with status 1 after 40 ms, last output:"
                    + " 'error: 'Can't connect to local server''; halting it all the same"), log.lines());
        }
    }

    @Test
    void aShortStopTimeoutIsSharedHalfAndHalf() throws InterruptedException {
        runtime.addRunning(ref("db"));
        runtime.execDoes("db", Duration.ofHours(1), 0, "");
        shutdown(config(e("db").stopTimeout(8).stopExec("flush")));

        assertEquals(Duration.ofSeconds(4), runtime.call(FakeRuntime.EXEC, "db").timeout());
        assertEquals(Duration.ofSeconds(4), runtime.call(FakeRuntime.STOP, "db").timeout());
    }

    @Test
    void noStopTimeoutRunsNoStopExecAndKillsAtOnce() throws InterruptedException {
        runtime.addRunning(ref("db"));
        shutdown(config(e("db").stopTimeout(0).stopExec("flush")));

        assertEquals(List.of("stop"), operations("db"));
        assertEquals(Duration.ZERO, runtime.call(FakeRuntime.STOP, "db").timeout());
    }

    @Test
    void theStopExecOfAnEphemeralEntryRunsInItsCopy() throws InterruptedException {
        runtime.addRunning(ref("build-ephemeral"));
        shutdown(config(e("build").ephemeral().stopExec("sync")));

        assertEquals(List.of("exec sync", "stop"), operations("build-ephemeral"));
    }

    @Test
    void aContainerWithoutStopExecIsOnlyHalted() throws InterruptedException {
        runtime.addRunning(ref("web"));
        runtime.addRunning(ref("stray"));
        shutdown(config(e("web")));

        assertEquals(List.of("stop"), operations("web"));
        assertEquals(List.of("stop"), operations("stray"));
    }

    @Test
    void stopExecWaitsForTheDependentsToStopFirst() throws InterruptedException {
        runtime.addRunning(ref("db"));
        runtime.addRunning(ref("web"));
        runtime.stopTakes("web", Duration.ofSeconds(2));
        shutdown(config(e("db").stopExec("flush"), e("web").after("db")));

        Instant webStopped = FakeClock.START.plusSeconds(2);
        assertTrue(!runtime.call(FakeRuntime.EXEC, "db").at().isBefore(webStopped),
                () -> "db's stop-exec ran while web still ran: " + runtime.calls());
    }

    @Test
    void aForcedStopNamesTheSignalThatWasSent() throws InterruptedException {
        runtime.addRunning(ref("web"));
        runtime.ignoreHalt("web");
        try (LogCapture log = new LogCapture(StopTask.class)) {
            shutdown(config(e("web").stopTimeout(10).haltSignal("SIGRTMIN+3")));
            assertTrue(log.all().contains("web: did not halt within 10s, killed (forced stop after 10000 ms); check its"
                    + " halt signal (SIGRTMIN+3, sent again until the timeout; lxc.signal.halt in /var/lib/lxc/web/config)"
                    + " and that its init handles it"), log::all);
        }
    }
}
