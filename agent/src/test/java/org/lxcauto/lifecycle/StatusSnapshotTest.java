package org.lxcauto.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.lxcauto.config.Entries.config;
import static org.lxcauto.config.Entries.e;
import static org.lxcauto.lifecycle.Lookups.ref;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lxcauto.container.FakeRuntime;
import org.lxcauto.network.IpRoute;
import org.lxcauto.state.ContainerRecord;
import org.lxcauto.state.Outcome;
import org.lxcauto.state.RunRecord;
import org.lxcauto.state.StateStore;
import org.lxcauto.system.FakeClock;
import org.lxcauto.system.FakeCommandRunner;

/**
 * {@code status} with a damaged record of the last boot: the live state, and a warning naming the
 * file; and the signal a stop would send each container.
 */
class StatusSnapshotTest {

    @TempDir
    Path stateDir;

    private final FakeRuntime runtime = new FakeRuntime(new FakeClock());

    private StatusSnapshot take() throws InterruptedException {
        // No interfaces are declared and no container links one, so ip is never asked.
        return StatusSnapshot.take(config(e("db"), e("web")), runtime, new IpRoute(new FakeCommandRunner()),
                new StateStore(stateDir), null);
    }

    @Test
    void aContainerABootHoldsBackForItsNeedsIsShownWaiting() throws Exception {
        runtime.addRunning(ref("db"));
        runtime.add(ref("web"));
        new StateStore(stateDir).saveWaiting(new org.lxcauto.state.WaitingRecord(ProcessHandle.current().pid(), List.of(
                new org.lxcauto.state.WaitingRecord.Container("web", List.of("mount:/srv/data"), java.time.Instant.EPOCH),
                new org.lxcauto.state.WaitingRecord.Container("db", List.of("tcp:x:1"), java.time.Instant.EPOCH))));

        StatusSnapshot status = take();

        assertEquals(List.of("db running null", "web stopped [mount:/srv/data]"), status.containers().stream()
                .map(r -> r.name() + " " + r.state() + " " + r.waitingFor()).toList(), "a running one waits no more");
    }

    @Test
    void aWaitingRecordOfAnAgentThatIsGoneIsIgnored() throws Exception {
        runtime.add(ref("web"));
        new StateStore(stateDir).saveWaiting(new org.lxcauto.state.WaitingRecord(Long.MAX_VALUE, List.of(
                new org.lxcauto.state.WaitingRecord.Container("web", List.of("mount:/srv/data"), java.time.Instant.EPOCH))));

        assertNull(take().containers().get(1).waitingFor());
    }

    @Test
    void damagedBootRecordStillShowsTheLiveState() throws Exception {
        runtime.addRunning(ref("db"));
        runtime.add(ref("web"));
        Path record = Files.writeString(stateDir.resolve("last-boot.json"), "{\"kind\" : \"boot\", \"containers\" : [ {");

        StatusSnapshot status = take();

        assertEquals(record + ": damaged (unexpected end of JSON at line 1, column 37); it is rewritten at the next boot;"
                + " showing the live state only", status.warning());
        assertEquals(List.of("db running", "web stopped"),
                status.containers().stream().map(r -> r.name() + " " + r.state()).toList());
        assertNull(status.lastBoot());
    }

    @Test
    void recordWithoutContainerListsIsAnEmptyBoot() throws Exception {
        runtime.addRunning(ref("db"));
        Files.writeString(stateDir.resolve("last-boot.json"), "{\"kind\" : \"boot\", \"exitCode\" : 0}");

        StatusSnapshot status = take();

        assertNull(status.warning());
        assertEquals(0, status.lastBootExit());
        assertEquals("db running", status.containers().get(0).name() + " " + status.containers().get(0).state());
    }

    @Test
    void eachContainerShowsTheSignalItsStopSends() throws Exception {
        runtime.addRunning(ref("db"));
        runtime.addRunning(ref("stray"));
        StatusSnapshot status = StatusSnapshot.take(config(e("db").haltSignal("SIGRTMIN+3"), e("web"),
                e("vm").domain("qemu:///system")), runtime, new IpRoute(new FakeCommandRunner()), new StateStore(stateDir),
                null);

        assertEquals(List.of("db SIGRTMIN+3", "web SIGPWR", "vm null", "stray null"),
                status.containers().stream().map(r -> r.name() + " " + r.haltSignal()).toList());
    }

    private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");

    private static ContainerRecord up(String name, Outcome outcome, int second) {
        return new ContainerRecord(name, outcome, List.of(), T0.plusSeconds(second), T0.plusSeconds(second), null, null,
                null);
    }

    private void save(String kind, ContainerRecord... containers) throws Exception {
        new StateStore(stateDir).saveRun(new RunRecord(kind, T0, T0, 0, List.of(containers), List.of(), List.of()));
    }

    private Map<String, Instant> readySince(DaemonFacts daemon) throws Exception {
        StatusSnapshot status = StatusSnapshot.take(config(e("db"), e("web"), e("cache")), runtime,
                new IpRoute(new FakeCommandRunner()), new StateStore(stateDir), daemon);
        Map<String, Instant> since = new java.util.TreeMap<>();
        status.containers().forEach(r -> since.put(r.name(), r.readySince()));
        return since;
    }

    @Test
    void readySinceIsTheLastTimeAContainerBecameReadyNotTheBoot() throws Exception {
        runtime.addRunning(ref("db"));
        runtime.addRunning(ref("web"));
        runtime.addRunning(ref("cache"));
        save("boot", up("db", Outcome.READY, 1), up("web", Outcome.READY, 2), up("cache", Outcome.READY, 3));
        // Restarted later, with db adopted on the way: web's time moves on, db's stays.
        save("restart", up("db", Outcome.ADOPTED, 100), up("web", Outcome.READY, 101));
        // cache stopped by lxc-auto, then started behind its back: no time is known any more.
        save("stop", new ContainerRecord("cache", Outcome.CLEAN, List.of(), T0.plusSeconds(50), T0.plusSeconds(51),
                null, null, null));

        Map<String, Instant> since = readySince(null);

        assertEquals(T0.plusSeconds(1), since.get("db"));
        assertEquals(T0.plusSeconds(101), since.get("web"));
        assertNull(since.get("cache"));
    }

    @Test
    void theDaemonsOwnReadyTimesAndRestartCountsWin() throws Exception {
        runtime.addRunning(ref("db"));
        runtime.addRunning(ref("web"));
        runtime.add(ref("cache"));
        save("boot", up("db", Outcome.READY, 1), up("web", Outcome.READY, 2));
        DaemonFacts daemon = new DaemonFacts(T0, Map.of("cache", "restart given up"), Map.of("web", 3),
                Map.of("web", T0.plusSeconds(500)));

        StatusSnapshot status = StatusSnapshot.take(config(e("db"), e("web"), e("cache")), runtime,
                new IpRoute(new FakeCommandRunner()), new StateStore(stateDir), daemon);

        assertEquals(List.of("db 0 " + T0.plusSeconds(1) + " null", "web 3 " + T0.plusSeconds(500) + " null",
                        "cache 0 null restart given up"),
                status.containers().stream().map(r -> r.name() + " " + r.restarts() + " " + r.readySince() + " "
                        + r.lastError()).toList());
        assertEquals(T0, status.daemonSince());
        assertEquals(true, status.daemonRunning());
    }

    @Test
    void withoutADaemonNobodyCountedRestarts() throws Exception {
        runtime.addRunning(ref("db"));

        assertEquals(java.util.Arrays.asList(null, null),
                take().containers().stream().map(StatusSnapshot.Row::restarts).toList());
    }

    @Test
    void whenTheRuntimeTellsTheInitsStartItSettlesAdoptionsAndRunsBehindLxcAutosBack() throws Exception {
        runtime.addRunning(ref("db"));
        runtime.addRunning(ref("web"));
        runtime.addRunning(ref("cache"));
        // db: only ever adopted (the daemon restarted); its init started long before.
        runtime.runningSince(ref("db"), T0.minusSeconds(3_600));
        // web: made ready by lxc-auto; its init started just before that: the record stands.
        runtime.runningSince(ref("web"), T0.plusSeconds(1));
        // cache: made ready by lxc-auto, then restarted with lxc-stop and lxc-start.
        runtime.runningSince(ref("cache"), T0.plusSeconds(900));
        save("boot", up("db", Outcome.ADOPTED, 0), up("web", Outcome.READY, 2), up("cache", Outcome.READY, 3));

        Map<String, Instant> since = readySince(null);

        assertEquals(T0.minusSeconds(3_600), since.get("db"));
        assertEquals(T0.plusSeconds(2), since.get("web"));
        assertEquals(T0.plusSeconds(900), since.get("cache"));
    }
}
