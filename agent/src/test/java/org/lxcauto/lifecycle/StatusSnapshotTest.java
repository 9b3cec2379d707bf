package org.lxcauto.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.lxcauto.config.Entries.config;
import static org.lxcauto.config.Entries.e;
import static org.lxcauto.lifecycle.Lookups.ref;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lxcauto.container.FakeRuntime;
import org.lxcauto.network.IpRoute;
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
                new StateStore(stateDir), false, Map.of());
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
                false, Map.of());

        assertEquals(List.of("db SIGRTMIN+3", "web SIGPWR", "vm null", "stray null"),
                status.containers().stream().map(r -> r.name() + " " + r.haltSignal()).toList());
    }
}
