package org.lxcauto.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lxcauto.config.Entries.agent;
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
import org.lxcauto.container.FakeContainerMonitor;
import org.lxcauto.container.FakePortProbe;
import org.lxcauto.container.FakeRuntime;
import org.lxcauto.need.FakeMountTable;
import org.lxcauto.need.FakeSystemdUnits;
import org.lxcauto.network.FakeLinkWatcher;
import org.lxcauto.network.FakeNetworkManager;
import org.lxcauto.plan.Selection;
import org.lxcauto.state.ContainerRecord;
import org.lxcauto.state.NeedsRecord;
import org.lxcauto.state.Outcome;
import org.lxcauto.state.RunRecord;
import org.lxcauto.state.StateStore;
import org.lxcauto.system.FakeClock;

/** {@code needs =} in a boot: gates before the start, within start-timeout, off the launch slots. */
@Timeout(10)
class NeedsBootTest {

    @TempDir
    Path stateDir;

    private final FakeClock clock = new FakeClock();
    private final FakeRuntime runtime = new FakeRuntime(clock);
    private final FakeMountTable mounts = new FakeMountTable();
    private final FakeSystemdUnits units = new FakeSystemdUnits();
    private final FakePortProbe ports = new FakePortProbe();

    private RunRecord boot(Configuration config) throws InterruptedException {
        return new Boot(FakeHosts.host(runtime, new FakeContainerMonitor(), new FakeLinkWatcher("lxcbr0"), ports, clock,
                new FakeNetworkManager(false), mounts, units), new StateStore(stateDir)).run(config, Selection.all(), "boot");
    }

    @Test
    void theContainerStartsOnlyOnceItsNeedsHoldAndItsRecordHasTheWait() throws InterruptedException {
        runtime.add(ref("web"));
        clock.schedule(Duration.ofSeconds(2), () -> mounts.mount("/srv/data"));
        clock.schedule(Duration.ofSeconds(3), () -> units.set("ovs.service", "active"));
        java.util.List<Object> seen = new java.util.ArrayList<>();
        clock.schedule(Duration.ofMillis(2500), () -> {
            try {
                seen.add(new StateStore(stateDir).waiting());
            } catch (org.lxcauto.state.StateFileException e) {
                seen.add(e);
            }
        });
        RunRecord run = boot(config(e("web").needs("mount:/srv/data", "unit:ovs.service")));

        assertEquals(List.of(java.util.Map.of("web", List.of("unit:ovs.service"))), seen, "status sees what it waits for");
        assertFalse(java.nio.file.Files.exists(new StateStore(stateDir).waitingFile()), "gone once nothing waits");
        assertEquals(ExitCodes.OK, run.exitCode());
        Instant started = runtime.call(FakeRuntime.START, "web").at();
        assertFalse(started.isBefore(FakeClock.START.plusSeconds(3)), "started before its needs held: " + started);
        ContainerRecord web = record(run, "web");
        NeedsRecord needs = web.needs();
        assertEquals(FakeClock.START, needs.begin());
        assertEquals(FakeClock.START.plusSeconds(3), needs.end());
        assertEquals(List.of(new NeedsRecord.Need("mount:/srv/data", FakeClock.START.plusMillis(2000)),
                new NeedsRecord.Need("unit:ovs.service", FakeClock.START.plusSeconds(3))), needs.needs());
        assertEquals(FakeClock.START, web.start());
        assertTrue(web.duration().compareTo(Duration.ofSeconds(3)) >= 0, "time to ready includes the wait: "
                + web.duration());
    }

    @Test
    void anUnmetNeedFailsItsContainerAloneWithinStartTimeoutAndSkipsItsDependents() throws InterruptedException {
        runtime.add(ref("web"));
        runtime.add(ref("app"));
        runtime.add(ref("mail"));
        RunRecord run = boot(config(e("web").needs("mount:/srv/data").startTimeout(30), e("app").after("web"),
                e("mail")));

        assertEquals(ExitCodes.PARTIAL, run.exitCode());
        ContainerRecord web = record(run, "web");
        assertEquals(Outcome.FAILED, web.outcome());
        assertEquals("Cannot start 'web': needs mount:/srv/data, which is not a mount point after 30s (start-timeout);"
                + " mount it (or have it mounted earlier in the boot), or fix the path in /etc/lxc/auto/web.conf:1",
                web.error());
        assertNull(web.begin(), "never launched");
        assertEquals(Duration.ofSeconds(30), web.needs().duration());
        assertNull(web.needs().needs().get(0).met());
        assertFalse(runtime.names(FakeRuntime.START).contains("web"));
        assertEquals(Outcome.SKIPPED, record(run, "app").outcome());
        assertEquals(Outcome.READY, record(run, "mail").outcome());
    }

    @Test
    void aUnitOnAHostWithoutSystemdFailsAtOnceSayingSo() throws InterruptedException {
        runtime.add(ref("web"));
        RunRecord run = new Boot(FakeHosts.host(runtime, new FakeContainerMonitor(), new FakeLinkWatcher("lxcbr0"), ports,
                clock, new FakeNetworkManager(false), mounts, new FakeSystemdUnits(false)), new StateStore(stateDir))
                .run(config(e("web").needs("unit:ovs.service")), Selection.all(), "boot");
        assertEquals("Cannot start 'web': needs unit:ovs.service, but this host does not run systemd (no"
                + " /run/systemd/system); remove it from needs in /etc/lxc/auto/web.conf:1", record(run, "web").error());
        assertEquals(Duration.ZERO, clock.elapsed());
    }

    @Test
    void theWaitTakesNoLaunchSlot() throws InterruptedException {
        runtime.add(ref("web"));
        runtime.add(ref("mail"));
        // Each read of the mount table blocks (in real time) until mail has been launched, and only
        // then finds the mount: were web's wait to hold the only slot, mail could never launch.
        mounts.mountWhen("/srv/data", () -> launchedWithin("mail", Duration.ofSeconds(5)));
        RunRecord run = boot(config(agent().maxParallel(1), e("web").needs("mount:/srv/data").order(-1), e("mail")));
        assertEquals(ExitCodes.OK, run.exitCode(), String.valueOf(record(run, "web").error()));
    }

    private boolean launchedWithin(String name, Duration patience) {
        long until = System.nanoTime() + patience.toNanos();
        while (!runtime.names(FakeRuntime.START).contains(name)) {
            if (System.nanoTime() > until) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    @Test
    void readinessGetsWhatTheWaitLeftOfTheStartTimeout() throws InterruptedException {
        runtime.add(ref("web"));
        clock.schedule(Duration.ofSeconds(20), () -> mounts.mount("/srv/data"));
        // tcp:80 never accepts: readiness fails when the 30 s, counted from the gate, are over.
        RunRecord run = boot(config(e("web").needs("mount:/srv/data").ready("tcp:80").startTimeout(30)));
        ContainerRecord web = record(run, "web");
        assertEquals(Outcome.FAILED, web.outcome());
        assertTrue(web.error().contains("not ready after 30s"), web.error());
        assertTrue(clock.elapsed().compareTo(Duration.ofSeconds(31)) < 0, "failed at 30 s, not at 20 + 30 s: "
                + clock.elapsed());
    }

    @Test
    void aRunningContainerIsAdoptedWithoutWaiting() throws Exception {
        runtime.add(ref("web"));
        runtime.start(ref("web"));
        RunRecord run = boot(config(e("web").needs("mount:/srv/data")));
        assertEquals(Outcome.ADOPTED, record(run, "web").outcome());
        assertEquals(Duration.ZERO, clock.elapsed());
    }
}
