package org.lxcauto.need;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.lxcauto.container.FakePortProbe;
import org.lxcauto.system.FakeClock;

/** {@link NeedsGate}: each kind of need, in fake time. */
@Timeout(10)
class NeedsGateTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final FakeClock clock = new FakeClock();
    private final FakeMountTable mounts = new FakeMountTable();
    private final FakeSystemdUnits units = new FakeSystemdUnits();
    private final FakePortProbe ports = new FakePortProbe();
    private final NeedsGate gate = new NeedsGate(mounts, units, ports::accepts, clock);
    private final List<List<String>> waiting = new ArrayList<>();
    private final Map<String, Instant> met = new ConcurrentHashMap<>();

    private List<NeedsGate.Unmet> await(String... tokens) throws InterruptedException {
        List<Need> needs = java.util.Arrays.stream(tokens).map(NeedSyntax::parse).toList();
        return gate.await(needs, clock.now().plus(TIMEOUT), new NeedsGate.Listener() {
            @Override
            public void waiting(List<Need> unmet) {
                waiting.add(unmet.stream().map(Need::toString).toList());
            }

            @Override
            public void met(Need need, Instant at) {
                met.put(need.toString(), at);
            }
        });
    }

    private Duration metAfter(String need) {
        return Duration.between(FakeClock.START, met.get(need));
    }

    @Test
    void aMountPresentAlreadyIsMetWithoutWaiting() throws InterruptedException {
        mounts.mount("/srv/data");
        assertEquals(List.of(), await("mount:/srv/data"));
        assertEquals(Duration.ZERO, clock.elapsed());
        assertEquals(1, mounts.reads());
    }

    @Test
    void aMountIsSeenAtThePollAfterItAppears() throws InterruptedException {
        clock.schedule(Duration.ofMillis(1700), () -> mounts.mount("/srv/data"));
        assertEquals(List.of(), await("mount:/srv/data"));
        assertEquals(Duration.ofMillis(2000), metAfter("mount:/srv/data"), "polled every 500 ms");
        assertEquals(5, mounts.reads(), "at 0, 0.5, 1, 1.5 and 2 s");
        assertEquals(List.of(List.of("mount:/srv/data")), waiting);
    }

    @Test
    void aMountThatNeverAppearsFailsAtTheDeadlineSayingWhatWasSeen() throws InterruptedException {
        mounts.mount("/srv");
        List<NeedsGate.Unmet> unmet = await("mount:/srv/data");
        assertEquals(TIMEOUT, clock.elapsed());
        assertEquals(1, unmet.size());
        assertEquals("which is not a mount point", unmet.get(0).why());
        assertEquals("mount it (or have it mounted earlier in the boot), or fix the path", unmet.get(0).fix());
        assertTrue(unmet.get(0).timedOut());
    }

    @Test
    void anUnreadableMountTableIsSaidAndRetried() throws InterruptedException {
        mounts.unreadable("Permission denied");
        List<NeedsGate.Unmet> unmet = await("mount:/srv/data");
        assertEquals("which could not be looked up in the mount table (Permission denied)", unmet.get(0).why());
        assertEquals(121, mounts.reads(), "still polled every 500 ms");
    }

    @Test
    void tcpIsRetriedWithBackoffUntilItAccepts() throws InterruptedException {
        ports.openAfter("db.example.org", 5432, 5);
        assertEquals(List.of(), await("tcp:db.example.org:5432"));
        // Attempts at 0, 0.1, 0.3, 0.7, 1.5, 3.1 s: the backoff doubles from 100 ms.
        assertEquals(Duration.ofMillis(3100), metAfter("tcp:db.example.org:5432"));
        assertEquals(6, ports.probes().size());
        ports.probes().forEach(p -> assertEquals(NeedsGate.TCP_ATTEMPT, p.timeout()));
    }

    @Test
    void tcpBacksOffToTwoSecondsAndFailsNamingTheEndpoint() throws InterruptedException {
        List<NeedsGate.Unmet> unmet = await("tcp:[2001:db8::5]:5432");
        assertEquals("which did not accept a connection", unmet.get(0).why());
        assertEquals("tcp:[2001:db8::5]:5432", unmet.get(0).need().toString());
        assertEquals("2001:db8::5", ports.probes().get(0).address(), "the address without brackets");
        // 0, .1, .3, .7, 1.5, 3.1 s, then every 2 s until 59.1 s: 6 + 28 attempts.
        assertEquals(34, ports.probes().size());
    }

    @Test
    void aUnitIsWatchedBeforeItsStateIsReadAndMetOnItsChange() throws InterruptedException {
        units.set("ovs.service", "inactive");
        clock.schedule(Duration.ofSeconds(3), () -> units.set("ovs.service", "activating"));
        clock.schedule(Duration.ofSeconds(5), () -> units.set("ovs.service", "active"));
        assertEquals(List.of(), await("unit:ovs.service"));
        assertEquals(Duration.ofSeconds(5), metAfter("unit:ovs.service"));
        assertEquals(List.of("watch ovs.service", "state ovs.service", "state ovs.service", "state ovs.service",
                "unwatch ovs.service"), units.calls(), "no polling: read once, then once per change");
        assertEquals(0, units.watching("ovs.service"));
    }

    @Test
    void aFailedUnitIsWaitedForAndSaidFailed() throws InterruptedException {
        units.set("ovs.service", "failed");
        List<NeedsGate.Unmet> unmet = await("unit:ovs.service");
        assertEquals(TIMEOUT, clock.elapsed());
        assertEquals("which is failed", unmet.get(0).why());
        assertEquals("start it ('systemctl start ovs.service', see 'systemctl status ovs.service'), or fix the name",
                unmet.get(0).fix());
        assertEquals(0, units.watching("ovs.service"), "the watch is closed however the wait ends");
    }

    @Test
    void aUnitOnAHostWithoutSystemdFailsAtOnce() throws InterruptedException {
        NeedsGate noSystemd = new NeedsGate(mounts, new FakeSystemdUnits(false), ports::accepts, clock);
        List<NeedsGate.Unmet> unmet = noSystemd.await(List.of(NeedSyntax.parse("mount:/srv"),
                NeedSyntax.parse("unit:ovs.service")), clock.now().plus(TIMEOUT), NeedsGate.Listener.NONE);
        assertEquals(Duration.ZERO, clock.elapsed());
        assertEquals(1, unmet.size());
        assertEquals("unit:ovs.service", unmet.get(0).need().toString());
        assertEquals("but this host does not run systemd (no /run/systemd/system)", unmet.get(0).why());
        assertFalse(unmet.get(0).timedOut());
    }

    @Test
    void systemdThatCannotBeAskedYetIsAskedAgain() throws InterruptedException {
        units.unavailable("no system bus");
        clock.schedule(Duration.ofMillis(2500), () -> {
            units.unavailable(null);
            units.set("ovs.service", "active");
        });
        assertEquals(List.of(), await("unit:ovs.service"));
        assertEquals(Duration.ofSeconds(3), metAfter("unit:ovs.service"), "asked again every second");
    }

    @Test
    void allNeedsAreWaitedForAtOnceAndOnlyTheUnmetAreReported() throws InterruptedException {
        clock.schedule(Duration.ofSeconds(10), () -> mounts.mount("/srv/data"));
        clock.schedule(Duration.ofSeconds(20), () -> units.set("ovs.service", "active"));
        List<NeedsGate.Unmet> unmet = await("mount:/srv/data", "unit:ovs.service", "tcp:db:5432");
        assertEquals(List.of("tcp:db:5432"), unmet.stream().map(u -> u.need().toString()).toList());
        assertEquals(Duration.ofSeconds(10), metAfter("mount:/srv/data"));
        assertEquals(Duration.ofSeconds(20), metAfter("unit:ovs.service"));
        assertEquals(List.of(List.of("mount:/srv/data", "unit:ovs.service", "tcp:db:5432"),
                List.of("unit:ovs.service", "tcp:db:5432"), List.of("tcp:db:5432")), waiting);
    }
}
