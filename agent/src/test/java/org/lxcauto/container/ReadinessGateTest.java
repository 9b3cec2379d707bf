package org.lxcauto.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lxcauto.config.Readiness;
import org.lxcauto.system.FakeClock;

/** {@link ReadinessGate} in fake time: each kind of check, timeouts, early death and backoff. */
@Timeout(10)
class ReadinessGateTest {

    private static final ContainerRef WEB = new ContainerRef.Lxc(Path.of("/var/lib/lxc"), "web");
    private static final String ADDRESS = "10.0.3.50";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final FakeClock clock = new FakeClock();
    private final FakeRuntime runtime = new FakeRuntime(clock);
    private final FakePortProbe ports = new FakePortProbe();
    private final ReadinessGate gate = new ReadinessGate(runtime, ports, clock);

    ReadinessGateTest() {
        runtime.addRunning(WEB);
        runtime.setIpv4(WEB, ADDRESS);
    }

    private void await(String check) throws ContainerException, InterruptedException {
        await(check, TIMEOUT);
    }

    private void await(String check, Duration timeout) throws ContainerException, InterruptedException {
        gate.await(WEB, Readiness.parse(check), clock.now().plus(timeout), timeout);
    }

    @Test
    void runningPassesAtOnce() throws Exception {
        await("running");
        assertEquals(List.of(), clock.sleeps());
    }

    @Test
    void ipv4PassesOnceTheContainerHasAnAddress() throws Exception {
        runtime.readyAfterProbes("web", 3);
        await("ipv4");
        assertEquals(List.of(Duration.ofMillis(20), Duration.ofMillis(40), Duration.ofMillis(80)), clock.sleeps());
    }

    @Test
    void tcpPassesWhenTheContainersAddressAcceptsThePort() throws Exception {
        ports.openAfter(ADDRESS, 5432, 2);
        await("tcp:5432");
        assertEquals(3, ports.probes().size());
        assertEquals(new FakePortProbe.Probe(ADDRESS, 5432, Duration.ofSeconds(2)), ports.probes().get(0));
        assertEquals(2, clock.sleeps().size());
    }

    @Test
    void tcpWithoutAnAddressNeverProbes() {
        runtime.setIpv4(WEB, null);
        ports.open(ADDRESS, 80);
        ContainerException e = assertThrows(ContainerException.class, () -> await("tcp:80"));
        assertTrue(e.getMessage().contains("no IPv4 address to connect to"), e.getMessage());
        assertEquals(List.of(), ports.probes());
    }

    @Test
    void execPassesWhenTheCommandExitsZero() throws Exception {
        runtime.readyAfterProbes("web", 1);
        await("exec:pg_isready -q");
        List<FakeRuntime.Call> execs = runtime.calls();
        assertEquals(2, execs.size(), execs::toString);
        assertEquals(FakeRuntime.EXEC, execs.get(0).op());
        assertEquals("/bin/sh -c " + ReadinessGate.LOOP_SCRIPT + " sh pg_isready -q", execs.get(0).detail(),
                "first the check looped inside the container, argv passed as positional parameters");
        assertEquals("pg_isready -q", execs.get(1).detail(), "then, the loop having failed, probed one by one");
    }

    @Test
    void execLoopInsideTheContainerIsOneAttachForTheWholeWait() throws Exception {
        await("exec:test -f /ready");
        List<FakeRuntime.Call> execs = runtime.calls();
        assertEquals(1, execs.size(), execs::toString);
        assertEquals(TIMEOUT, execs.get(0).timeout(), "the loop gets the whole start-timeout");
        assertEquals(List.of(), clock.sleeps(), "no probing loop, no lxc-info");
    }

    @Test
    void runningIsReadyWithoutAnyQuery() throws Exception {
        await("running");
        assertEquals(List.of(), runtime.calls());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipv4", "tcp:80", "exec:/bin/true"})
    void timesOutNamingTheCheckAndTheTimeout(String check) {
        runtime.neverReady("web");
        ContainerException e = assertThrows(ContainerException.class, () -> await(check));
        assertTrue(e.getMessage().startsWith("not ready after 5s: " + check + " still fails ("), e.getMessage());
        assertEquals(TIMEOUT, clock.elapsed(), "gave up exactly at the deadline");
    }

    @Test
    void containerThatStopsWhileWaitedForFailsFast() {
        runtime.neverReady("web").diesAfterProbes("web", 3);
        ContainerException e = assertThrows(ContainerException.class, () -> await("ipv4", Duration.ofSeconds(60)));
        assertTrue(e.getMessage().startsWith("stopped while waiting to be ready (ipv4)"), e.getMessage());
        assertTrue(e.getMessage().contains("lxc-start -F -n web"), e.getMessage());
        // Noticed at the next state check (every STATE_EVERY), long before the 60 s timeout.
        assertTrue(clock.elapsed().compareTo(ReadinessGate.STATE_EVERY.plusMillis(500)) <= 0,
                () -> "waited " + clock.elapsed());
    }

    @Test
    void containerNotRunningFailsWithoutWaiting() {
        runtime.setState(WEB, ContainerState.STOPPED);
        ContainerException e = assertThrows(ContainerException.class, () -> await("ipv4"));
        assertTrue(e.getMessage().startsWith("stopped while waiting"), e.getMessage());
        assertEquals(List.of(), clock.sleeps());
    }

    @Test
    void backoffGrowsToHalfASecondAndNeverBeyond() {
        runtime.neverReady("web");
        assertThrows(ContainerException.class, () -> await("ipv4", Duration.ofSeconds(10)));
        List<Duration> sleeps = clock.sleeps();
        Duration max = Duration.ofMillis(500);
        assertEquals(Duration.ofMillis(20), sleeps.get(0), "starts fast");
        for (int i = 0; i < sleeps.size(); i++) {
            assertTrue(sleeps.get(i).compareTo(max) <= 0, () -> "sleep over 500 ms: " + sleeps);
            assertTrue(!sleeps.get(i).isNegative() && !sleeps.get(i).isZero(), () -> "non-positive sleep: " + sleeps);
        }
        // The last sleep may be cut short by the deadline; before it, intervals only grow.
        for (int i = 1; i < sleeps.size() - 1; i++) {
            assertTrue(sleeps.get(i).compareTo(sleeps.get(i - 1)) >= 0, () -> "interval shrank: " + sleeps);
        }
        assertTrue(sleeps.get(1).compareTo(sleeps.get(0)) > 0, () -> "interval does not grow: " + sleeps);
        assertTrue(sleeps.contains(max), () -> "never reaches 500 ms: " + sleeps);
        assertEquals(Duration.ofSeconds(10), sleeps.stream().reduce(Duration.ZERO, Duration::plus));
    }

    // ---- ready = exited: a one-shot container ----

    private static ContainerExit status(int status) {
        return status == 0 ? new ContainerExit(ContainerExit.Cause.EXITED, "init exited with status 0")
                : ContainerExit.fromLogLine("lxc-start web 20261207131820.566 INFO error - ../src/lxc/error.c:"
                        + "lxc_error_set_and_log:31 - Child <22658> ended on error (" + status + ")");
    }

    @Test
    void exitedPassesOnceTheJobEndsWithStatusZero() throws Exception {
        runtime.jobRuns("web", Duration.ofMillis(1200), status(0));
        await("exited");
        assertEquals(ContainerState.STOPPED, runtime.stateOf(WEB));
        Duration waited = clock.elapsed();
        assertTrue(waited.compareTo(Duration.ofMillis(1200)) >= 0 && waited.compareTo(Duration.ofMillis(1700)) <= 0,
                "noticed within one backoff step of the end: " + waited);
        assertEquals(List.of(), runtime.calls(), "no command runs inside a one-shot container");
    }

    @Test
    void exitedFailsWithTheJobsExitStatus() {
        runtime.jobRuns("web", Duration.ofMillis(300), status(3));
        ContainerException e = assertThrows(ContainerException.class, () -> await("exited"));
        assertTrue(e.getMessage().startsWith("its job failed: exit status 3 (ready = exited needs exit status 0)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("'lxc-start -F -n web'"), e.getMessage());
    }

    @Test
    void exitedFailsNamingTheSignalThatKilledTheJob() {
        runtime.jobRuns("web", Duration.ofMillis(300),
                ContainerExit.fromLogLine("x - Child <7> ended on signal Killed(9)"));
        ContainerException e = assertThrows(ContainerException.class, () -> await("exited"));
        assertTrue(e.getMessage().startsWith("its job failed: Child <7> ended on signal Killed(9)"), e.getMessage());
    }

    @Test
    void exitedWithoutAnyLoggedStatusIsAFailure() {
        runtime.jobRuns("web", Duration.ofMillis(300), ContainerExit.fromLogLine(null));
        ContainerException e = assertThrows(ContainerException.class, () -> await("exited"));
        assertTrue(e.getMessage().startsWith("its job failed: no exit status LXC logged"), e.getMessage());
    }

    @Test
    void aJobStillRunningAtTheTimeoutFailsAndIsLeftRunning() {
        runtime.jobRuns("web", Duration.ofSeconds(60), status(0));
        ContainerException e = assertThrows(ContainerException.class, () -> await("exited"));
        assertTrue(e.getMessage().startsWith("its job still runs after 5s (ready = exited); it is left running"),
                e.getMessage());
        assertEquals(TIMEOUT, clock.elapsed(), "waits out the whole start-timeout, not longer");
        assertEquals(ContainerState.RUNNING, runtime.stateOf(WEB));
        assertEquals(List.of(), runtime.calls(), "nothing stops it");
    }
}
