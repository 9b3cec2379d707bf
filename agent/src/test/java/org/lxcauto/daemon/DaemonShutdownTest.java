package org.lxcauto.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lxcauto.container.ContainerState;
import org.lxcauto.container.FakeRuntime;

/**
 * What the daemon does when the host goes down and when it is stopped itself: logind's
 * announcement, SIGPWR and SIGTERM (with and without a shutdown under way), each container stopped
 * once, dependents first, with systemd asked for more time while it takes. On fakes, in fake time.
 */
@Timeout(10)
class DaemonShutdownTest {

    @TempDir
    Path root;

    private DaemonFixture d;

    @BeforeEach
    void containers() {
        d = new DaemonFixture(root);
        d.container("db").container("web", "after = db");
    }

    @Test
    void logindsAnnouncementStopsEverythingDependentsFirstAndLetsTheShutdownGoOn() throws Exception {
        d.begin();
        d.bus.prepareForShutdown();
        d.turn();

        assertEquals(List.of("web", "db"), d.runtime.names(FakeRuntime.STOP));
        assertEquals(1, d.bus.locksReleased(), "logind's delay lock released once the containers are down");
        assertTrue(Files.exists(d.stateDir.resolve("running.json")), "the running set is recorded for on-boot = restore");
        assertTrue(d.bus.emitted().containsAll(List.of("web clean", "db clean")), d.bus.emitted()::toString);
        assertFalse(d.daemon.leaving(), "it stays until the init system stops it");

        d.signals.raise("TERM");
        d.turn();
        assertTrue(d.daemon.leaving());
        assertEquals(2, d.runtime.names(FakeRuntime.STOP).size(), "stopped once, however many signs came");
    }

    @Test
    void sigpwrIsAHostShutdownAndASecondOneChangesNothing() throws Exception {
        d.begin();
        d.signals.raise("PWR");
        d.turn();
        d.signals.raise("PWR");
        d.bus.prepareForShutdown();
        d.turn();
        assertEquals(List.of("web", "db"), d.runtime.names(FakeRuntime.STOP));
    }

    @Test
    void aPlainStopOfTheAgentLeavesTheContainersRunning() throws Exception {
        d.begin();
        d.signals.raise("TERM");
        d.turn();

        assertTrue(d.daemon.leaving());
        assertEquals(List.of(), d.runtime.names(FakeRuntime.STOP));
        assertEquals(ContainerState.RUNNING, d.runtime.stateOf(d.ref("db")));
        assertEquals(1, d.notified("STOPPING=1").size());
    }

    @Test
    void onAgentStopAlwaysStopsThemOnAPlainStopToo() throws Exception {
        d.files.agent("[agent]", "on-agent-stop = always");
        d.begin();
        d.signals.raise("TERM");
        d.turn();
        assertTrue(d.daemon.leaving());
        assertEquals(List.of("web", "db"), d.runtime.names(FakeRuntime.STOP));
    }

    @Test
    void sigtermEndsTheDaemonWhateverGoesWrongOnTheWay() throws Exception {
        d.begin();
        d.runlevelThrows = new IllegalStateException("a bug");
        d.signals.raise("TERM");
        d.turn();
        assertTrue(d.daemon.leaving(), "systemd would otherwise wait for it, then kill it");
    }

    @Test
    void sigtermInRunlevelZeroIsAHostShutdown() throws Exception {
        d.runlevel = "2 0";
        d.begin();
        d.signals.raise("TERM");
        d.turn();
        assertTrue(d.daemon.leaving());
        assertEquals(List.of("web", "db"), d.runtime.names(FakeRuntime.STOP));
    }

    @Test
    void signalsDuringTheBootWaitForItAndAShutdownStillGoesFirst() throws Exception {
        // web's readiness is probed three times, with pauses on the clock: SIGHUP, then SIGPWR, arrive meanwhile.
        d.files.entry("web.conf", "[container]", "after = db", "ready = exec:true");
        d.runtime.readyAfterProbes("web", 2);
        d.clock.schedule(Duration.ofMillis(1), () -> {
            d.signals.raise("HUP");
            d.signals.raise("PWR");
        });
        d.begin();

        assertEquals(List.of("db", "web"), d.runtime.names(FakeRuntime.START), "the boot went on; the reload was refused");
        assertEquals(List.of("web", "db"), d.runtime.names(FakeRuntime.STOP), "then the shutdown, before the reload");
        assertFalse(Files.exists(d.stateDir.resolve("last-reload.json")));
    }

    @Test
    void aLongShutdownAsksSystemdForMoreTimeEveryFiveSeconds() throws Exception {
        d.runtime.stopTakes("web", Duration.ofSeconds(12));
        d.begin();
        d.signals.raise("PWR");
        d.turn();

        // At once, then at 5 s and 10 s of web's twelve; none once it is over.
        assertEquals(List.of("EXTEND_TIMEOUT_USEC=15000000", "EXTEND_TIMEOUT_USEC=15000000", "EXTEND_TIMEOUT_USEC=15000000"),
                d.notified("EXTEND_TIMEOUT_USEC="));
        d.advance(Duration.ofMinutes(1));
        assertEquals(3, d.notified("EXTEND_TIMEOUT_USEC=").size());
        assertEquals(List.of(), d.clock.pending());
    }

    @Test
    void aDeathIsRestartedByPolicyButTheShutdownsStopsAreNot() throws Exception {
        d.container("app", "restart = always");
        d.begin();
        d.runtime.setState(d.ref("app"), ContainerState.STOPPED);
        d.monitor.post("app", ContainerState.STOPPED);
        d.advance(Duration.ofMillis(1500)); // a second of grace, half a second of backoff
        assertEquals(2, d.runtime.names(FakeRuntime.START).stream().filter("app"::equals).count(), "restarted");
        assertTrue(d.bus.emitted().contains("app restarting"), d.bus.emitted()::toString);

        d.signals.raise("PWR");
        d.turn();
        d.monitor.post("app", ContainerState.STOPPED); // LXC reports the shutdown's own stop
        d.advance(Duration.ofMinutes(1));
        assertEquals(2, d.runtime.names(FakeRuntime.START).stream().filter("app"::equals).count(), "not restarted");
    }

    @Test
    void runBootsSaysReadyServesAndLeavesCleanlyOnSigterm() throws Exception {
        Thread daemon = new Thread(() -> {
            try {
                assertEquals(0, d.daemon.run());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "daemon-under-test");
        daemon.start();
        while (d.notified("READY=1").isEmpty()) {
            Thread.onSpinWait(); // the boot runs on fakes: a few milliseconds
        }
        assertEquals("READY=1\nSTATUS=2/2 containers ready", d.notified("READY=1").get(0));
        assertTrue(d.bus.connected());
        assertTrue(d.bus.published() instanceof AgentObject);
        assertEquals(List.of(d.files.lxcpath), d.monitor.watched());

        d.signals.raise("TERM");
        daemon.join(5000);
        assertFalse(daemon.isAlive(), "the daemon left on SIGTERM");
        assertTrue(d.bus.closed());
        assertEquals(List.of(), d.monitor.watched(), "its monitors ended with it");
    }
}
