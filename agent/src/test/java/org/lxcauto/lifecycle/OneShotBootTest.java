package org.lxcauto.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lxcauto.config.Entries.config;
import static org.lxcauto.config.Entries.e;
import static org.lxcauto.lifecycle.Lookups.record;
import static org.lxcauto.lifecycle.Lookups.ref;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lxcauto.config.Configuration;
import org.lxcauto.container.ContainerExit;
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
import org.lxcauto.system.FakeClock;

/** A one-shot container ({@code ready = exited}) in a boot: its dependents wait for its job's end. */
@Timeout(10)
class OneShotBootTest {

    private static final Duration JOB = Duration.ofSeconds(2);

    @TempDir
    Path stateDir;

    private final FakeClock clock = new FakeClock();
    private final FakeRuntime runtime = new FakeRuntime(clock);

    private RunRecord boot(Configuration config) throws InterruptedException {
        return new Boot(FakeHosts.host(runtime, new FakeLinkWatcher("lxcbr0"), new FakePortProbe(), clock,
                new FakeNetworkManager(false)), new StateStore(stateDir)).run(config, Selection.all(), "boot");
    }

    @Test
    void dependentsStartOnlyOnceTheJobExitedZero() throws InterruptedException {
        runtime.add(ref("migrate"));
        runtime.add(ref("app"));
        runtime.jobRuns("migrate", JOB, new ContainerExit(ContainerExit.Cause.EXITED, "init exited with status 0"));
        RunRecord run = boot(config(e("migrate").ready("exited"), e("app").after("migrate")));

        assertEquals(ExitCodes.OK, run.exitCode());
        ContainerRecord job = record(run, "migrate");
        assertEquals(Outcome.READY, job.outcome(), "ready means: exited with status 0");
        assertTrue(job.duration().compareTo(JOB) >= 0, "ready no sooner than the job's end: " + job.duration());
        assertNull(job.ipv4(), "a stopped container has no address to record");
        assertEquals(ContainerState.STOPPED, runtime.stateOf(ref("migrate")));
        assertFalse(runtime.call(FakeRuntime.START, "app").at().isBefore(runtime.call(FakeRuntime.START, "migrate").at()
                .plus(JOB)), "app started before the job ended");
        assertEquals(ContainerState.RUNNING, runtime.stateOf(ref("app")));
    }

    @Test
    void aNonZeroExitFailsTheJobWithItsStatusAndSkipsItsDependents() throws InterruptedException {
        runtime.add(ref("migrate"));
        runtime.add(ref("app"));
        runtime.jobRuns("migrate", JOB, ContainerExit.fromLogLine("x - Child <9> ended on error (3)"));
        RunRecord run = boot(config(e("migrate").ready("exited"), e("app").after("migrate")));

        assertEquals(ExitCodes.FAILURE, run.exitCode());
        ContainerRecord job = record(run, "migrate");
        assertEquals(Outcome.FAILED, job.outcome());
        assertTrue(job.error().startsWith("Cannot start 'migrate': its job failed: exit status 3"), job.error());
        assertEquals(Outcome.SKIPPED, record(run, "app").outcome());
        assertFalse(runtime.names(FakeRuntime.START).contains("app"));
    }
}
