package org.lxcauto.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lxcauto.config.Configuration;
import org.lxcauto.container.ContainerRef;
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
 * {@link Boot} against fakes: exit codes, what a failure does to dependents, adoption, ephemeral
 * copies, bridges and start timeouts, judged from the runtime's call log and the saved record.
 */
@Timeout(10)
class BootTest {

    @TempDir
    Path stateDir;

    private final FakeClock clock = new FakeClock();
    private final FakeRuntime runtime = new FakeRuntime(clock);
    private final FakeLinkWatcher links = new FakeLinkWatcher("lxcbr0");
    private final FakePortProbe ports = new FakePortProbe();
    private final FakeNetworkManager nm = new FakeNetworkManager(false);

    private RunRecord boot(Configuration config) throws InterruptedException {
        return new Boot(FakeHosts.host(runtime, links, ports, clock, nm), new StateStore(stateDir)).run(config, Selection.all(), "boot");
    }

    /** Defines stopped containers with these names. */
    private void define(String... names) {
        for (String name : names) {
            runtime.add(ref(name));
        }
    }

    @Test
    void allReadyExitsZeroAndStartsDependenciesFirst() throws InterruptedException {
        define("db", "web", "app");
        RunRecord run = boot(config(e("app").after("web"), e("web").after("db").ready("ipv4"), e("db")));

        assertEquals(ExitCodes.OK, run.exitCode());
        assertEquals(List.of("db", "web", "app"), runtime.names(FakeRuntime.START));
        for (String name : List.of("db", "web", "app")) {
            assertEquals(Outcome.READY, record(run, name).outcome(), name);
            assertEquals(ContainerState.RUNNING, runtime.stateOf(ref(name)), name);
        }
        assertNotNull(record(run, "web").ipv4(), "the address at ready time is recorded");
    }

    @Test
    void aDomainStartsInOrderUnderItsUriAndHasItsAddressRecorded() throws InterruptedException {
        ContainerRef vm = runtime.add(new ContainerRef.Domain("qemu:///system", "vm"));
        define("db", "web");
        RunRecord run = boot(config(e("web").after("vm"), e("vm").domain("qemu:///system").after("db"), e("db")));

        assertEquals(ExitCodes.OK, run.exitCode());
        assertEquals(List.of("db", "vm", "web"), runtime.names(FakeRuntime.START));
        assertEquals(ContainerState.RUNNING, runtime.stateOf(vm));
        assertNotNull(record(run, "vm").ipv4(), "a domain has no lxc.net links to tell whether it has an address");
        assertNull(record(run, "db").ipv4(), "a container without links that waits for nothing has none to ask for");
    }

    @Test
    void startDelayHoldsDependentsOnTheHostsClock() throws InterruptedException {
        define("db", "web", "other");
        RunRecord run = boot(config(e("db").startDelay(600), e("web").after("db"), e("other")));

        assertEquals(ExitCodes.OK, run.exitCode());
        FakeRuntime.Call web = runtime.call(FakeRuntime.START, "web");
        FakeRuntime.Call db = runtime.call(FakeRuntime.START, "db");
        assertFalse(web.at().isBefore(db.at().plus(Duration.ofMinutes(10))), () -> "web started at " + web.at()
                + ", before db's ten minutes of start delay were over (db started at " + db.at() + ")");
        assertEquals(db.at(), runtime.call(FakeRuntime.START, "other").at(), "what does not wait for db is not held");
        assertEquals(Duration.ofMinutes(10), clock.elapsed(), "ten minutes of fake time, not of a test's");
    }

    @Test
    void someFailedExitsTwo() throws InterruptedException {
        define("db", "cache");
        runtime.failStart("db", "lxc-start failed: No such file or directory - Failed to exec \"/sbin/init\"");
        RunRecord run = boot(config(e("db"), e("cache")));

        assertEquals(ExitCodes.PARTIAL, run.exitCode());
        ContainerRecord db = record(run, "db");
        assertEquals(Outcome.FAILED, db.outcome());
        assertEquals("Cannot start 'db': lxc-start failed: No such file or directory - Failed to exec \"/sbin/init\"",
                db.error());
        assertEquals(Outcome.READY, record(run, "cache").outcome());
    }

    @Test
    void onlyContainerFailingExitsOne() throws InterruptedException {
        define("db");
        runtime.failStart("db", "lxc-start failed: rootfs missing");
        RunRecord run = boot(config(e("db")));

        assertEquals(ExitCodes.FAILURE, run.exitCode());
        assertEquals(Outcome.FAILED, record(run, "db").outcome());
    }

    @Test
    void failureWhoseDependentsAreSkippedIsStillEverythingFailed() throws InterruptedException {
        define("db", "web");
        runtime.failStart("db", "lxc-start failed: boom");
        RunRecord run = boot(config(e("db"), e("web").after("db")));

        assertEquals(ExitCodes.FAILURE, run.exitCode());
        assertEquals(Outcome.SKIPPED, record(run, "web").outcome());
    }

    @Test
    void hardDependentsOfAFailureAreSkippedAndNeverStarted() throws InterruptedException {
        define("db", "web", "app", "other");
        runtime.failStart("db", "lxc-start failed: boom");
        RunRecord run = boot(config(e("db"), e("web").after("db"), e("app").after("web"), e("other")));

        assertEquals(ExitCodes.PARTIAL, run.exitCode());
        ContainerRecord web = record(run, "web");
        assertEquals(Outcome.SKIPPED, web.outcome());
        assertTrue(web.error().contains("'db'"), web.error());
        ContainerRecord app = record(run, "app");
        assertEquals(Outcome.SKIPPED, app.outcome());
        assertTrue(app.error().contains("'web'"), app.error());
        assertNull(web.begin(), "a skipped container has no start time");

        List<String> started = runtime.names(FakeRuntime.START);
        assertFalse(started.contains("web"), () -> "web was started: " + started);
        assertFalse(started.contains("app"), () -> "app was started: " + started);
        assertEquals(ContainerState.STOPPED, runtime.stateOf(ref("web")));
        assertEquals(Outcome.READY, record(run, "other").outcome());
    }

    @Test
    void softDependentsOfAFailureStartAnywayAfterIt() throws InterruptedException {
        define("db", "metrics");
        runtime.failStart("db", "lxc-start failed: boom");
        RunRecord run = boot(config(e("db"), e("metrics").wants("db")));

        assertEquals(ExitCodes.PARTIAL, run.exitCode());
        assertEquals(Outcome.READY, record(run, "metrics").outcome());
        assertEquals(List.of("db", "metrics"), runtime.names(FakeRuntime.START));
    }

    @Test
    void alreadyRunningContainerIsAdoptedNotStartedAgain() throws InterruptedException {
        runtime.addRunning(ref("db"));
        define("web");
        RunRecord run = boot(config(e("db").ready("ipv4"), e("web").after("db")));

        assertEquals(ExitCodes.OK, run.exitCode());
        assertEquals(Outcome.ADOPTED, record(run, "db").outcome());
        assertEquals(Outcome.READY, record(run, "web").outcome());
        // lxc-start is asked, and says db runs already: that answer, not a state query, is the adoption.
        assertEquals(List.of("db", "web"), runtime.names(FakeRuntime.START));
        assertEquals(ContainerState.RUNNING, runtime.stateOf(ref("db")));
    }

    @Test
    void ephemeralEntryStartsItsCopyAndNeverTheBase() throws InterruptedException {
        define("build");
        RunRecord run = boot(config(e("build").ephemeral()));

        assertEquals(ExitCodes.OK, run.exitCode());
        assertEquals(Outcome.READY, record(run, "build").outcome());
        assertEquals(List.of(), runtime.names(FakeRuntime.START), "the base is never started");
        FakeRuntime.Call copy = runtime.call(FakeRuntime.START_EPHEMERAL, "build" + Runtimes.EPHEMERAL_SUFFIX);
        assertEquals("build", copy.detail(), "copied from the base");
        assertEquals(ContainerState.STOPPED, runtime.stateOf(ref("build")));
        assertEquals(ContainerState.RUNNING, runtime.stateOf(ref("build-ephemeral")));
    }

    @Test
    void runningEphemeralCopyIsAdopted() throws InterruptedException {
        define("build");
        runtime.addRunning(ref("build-ephemeral"));
        RunRecord run = boot(config(e("build").ephemeral()));

        assertEquals(Outcome.ADOPTED, record(run, "build").outcome());
        assertEquals(List.of(), runtime.names(FakeRuntime.START_EPHEMERAL));
        assertEquals(List.of(), runtime.names(FakeRuntime.START));
    }

    @Test
    void ephemeralCopyIsGivenItsKeptDirectories() throws InterruptedException {
        define("mail");
        boot(config(e("mail").keep("/var/spool/postfix", "/var/log")));

        assertEquals(List.of(Path.of("/var/spool/postfix"), Path.of("/var/log")), runtime.kept(ref("mail-ephemeral")));
    }

    @Test
    void copyLeftStoppedByAPowerLossIsRemovedAndANewOneStarted() throws InterruptedException {
        define("build", "build-ephemeral"); // the leftover copy, stopped
        RunRecord run = boot(config(e("build").ephemeral()));

        assertEquals(Outcome.READY, record(run, "build").outcome());
        assertEquals(List.of("build-ephemeral"), runtime.names(FakeRuntime.DESTROY_LEFTOVER));
        assertEquals(List.of("build-ephemeral"), runtime.names(FakeRuntime.START_EPHEMERAL), "a fresh copy of the base");
        assertTrue(runtime.calls().indexOf(runtime.call(FakeRuntime.DESTROY_LEFTOVER, "build-ephemeral"))
                < runtime.calls().indexOf(runtime.call(FakeRuntime.START_EPHEMERAL, "build-ephemeral")));
        assertEquals(ContainerState.RUNNING, runtime.stateOf(ref("build-ephemeral")));
    }

    @Test
    void runningCopyIsNeitherRemovedNorCopiedAgain() throws InterruptedException {
        define("build");
        runtime.addRunning(ref("build-ephemeral"));
        boot(config(e("build").keep("/srv")));

        assertEquals(List.of(), runtime.names(FakeRuntime.DESTROY_LEFTOVER));
        assertEquals(List.of(), runtime.names(FakeRuntime.START_EPHEMERAL));
    }

    @Test
    void aStoppedContainerNamedLikeTheCopyThatIsNoCopyFailsTheStart() throws InterruptedException {
        define("build", "build-ephemeral");
        runtime.notACopy("build-ephemeral");
        RunRecord run = boot(config(e("build").ephemeral()));

        assertEquals(Outcome.FAILED, record(run, "build").outcome());
        assertTrue(record(run, "build").error().startsWith("Cannot start 'build': 'build-ephemeral' exists, stopped,"
                + " and is not an ephemeral copy"), record(run, "build").error());
        assertEquals(List.of(), runtime.names(FakeRuntime.START_EPHEMERAL));
        assertEquals(ContainerState.STOPPED, runtime.stateOf(ref("build-ephemeral")), "left alone");
    }

    @Test
    void missingBridgeFailsOnlyItsContainerAndNamesTheBridge() throws InterruptedException {
        define("web", "db");
        RunRecord run = boot(config(agent().bridgeTimeout(7), e("web").links("br0"), e("db").links("lxcbr0")));

        assertEquals(ExitCodes.PARTIAL, run.exitCode());
        ContainerRecord web = record(run, "web");
        assertEquals(Outcome.FAILED, web.outcome());
        assertTrue(web.error().startsWith("Cannot start 'web': bridge 'br0' not up after 7s"), web.error());
        assertTrue(web.error().contains("[bridge br0]"), web.error());
        assertEquals(List.of(new FakeLinkWatcher.Await("br0", Duration.ofSeconds(7))), links.awaits(),
                "waits for the missing bridge only, for bridge-timeout");
        assertEquals(List.of("db"), runtime.names(FakeRuntime.START));
        assertEquals(Outcome.READY, record(run, "db").outcome());
    }

    @Test
    void bridgeThatAppearsWhileWaitedForLetsTheContainerStart() throws InterruptedException {
        define("web");
        links.appearAfter("br1", 1);
        RunRecord run = boot(config(e("web").links("br1")));

        assertEquals(ExitCodes.OK, run.exitCode());
        assertEquals(List.of(new FakeLinkWatcher.Await("br1", Duration.ofSeconds(30))), links.awaits());
        assertEquals(List.of("web"), runtime.names(FakeRuntime.START));
    }

    @Test
    void startTimeoutExceededFailsWithHowLongItWaited() throws InterruptedException {
        define("web");
        runtime.neverReady("web");
        RunRecord run = boot(config(e("web").ready("ipv4").startTimeout(5)));

        assertEquals(ExitCodes.FAILURE, run.exitCode());
        ContainerRecord web = record(run, "web");
        assertEquals(Outcome.FAILED, web.outcome());
        assertTrue(web.error().startsWith("Cannot start 'web': not ready after 5s: ipv4 still fails"), web.error());
        assertEquals(Duration.ofSeconds(5), clock.elapsed(), "waited exactly the start timeout, in fake time");
    }

    @Test
    void containerWithAMissingDependencyCountsAsFailed() throws InterruptedException {
        define("web", "db");
        RunRecord run = boot(config(e("web").after("ghost"), e("db")));

        assertEquals(ExitCodes.PARTIAL, run.exitCode());
        assertTrue(run.excluded().stream().anyMatch(x -> x.name().equals("web") && x.failure()), run.excluded()::toString);
        assertEquals(List.of("db"), runtime.names(FakeRuntime.START));
    }

    @Test
    void runIsSavedInTheStateDirectory() throws InterruptedException, IOException {
        define("db", "web");
        runtime.failStart("web", "lxc-start failed: boom");
        clock.advance(Duration.ofSeconds(3));
        RunRecord run = boot(config(e("db"), e("web").after("db")));

        RunRecord saved = new StateStore(stateDir).lastRun("boot").orElseThrow();
        assertEquals(run, saved);
        assertEquals("boot", saved.kind());
        assertEquals(ExitCodes.PARTIAL, saved.exitCode());
        assertEquals(FakeClock.START.plusSeconds(3), saved.started());
        assertEquals(List.of("db", "web"), saved.containers().stream().map(ContainerRecord::name).toList());
        assertEquals(Outcome.READY, record(saved, "db").outcome());
        assertEquals(List.of(), record(saved, "db").waitedFor());
        assertEquals(List.of("db"), record(saved, "web").waitedFor());
        assertEquals("Cannot start 'web': lxc-start failed: boom", record(saved, "web").error());
    }

    @Test
    void containerWhoseStartThrowsUncheckedIsRecordedAsFailed() throws InterruptedException {
        define("db", "cache");
        runtime.crashStart("db", new CommandException("Failed to run 'lxc-start': No such file or directory; is it"
                + " installed and on PATH?", null));
        RunRecord run = boot(config(e("db"), e("cache")));

        assertEquals(ExitCodes.PARTIAL, run.exitCode());
        ContainerRecord db = record(run, "db");
        assertEquals(Outcome.FAILED, db.outcome());
        assertNotNull(db.error());
        assertTrue(db.error().contains("lxc-start"), db.error());
    }
}
