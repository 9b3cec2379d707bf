package org.lxcauto.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lxcauto.container.ContainerState;
import org.lxcauto.container.FakeRuntime;

/**
 * The daemon under a systemd watchdog of 2 s, in fake time: keep-alives only once it is ready,
 * every second while its loop turns, and all through healthy work that keeps the loop busy for
 * longer than the timeout.
 */
@Timeout(10)
class DaemonWatchdogTest {

    @TempDir
    Path root;

    private DaemonFixture daemon() {
        DaemonFixture d = new DaemonFixture(root, Optional.of(Duration.ofSeconds(2)));
        d.container("db").container("web", "after = db", "ready = exec:true");
        return d;
    }

    @Test
    void keepAlivesBeginOnceReadyAndComeEverySecondWhileTheLoopTurns() throws Exception {
        DaemonFixture d = daemon();
        d.runtime.readyAfterProbes("web", 16); // a boot of about 5 s: systemd's watchdog is not armed yet
        d.begin();
        assertTrue(d.clock.elapsed().compareTo(Duration.ofSeconds(2)) > 0, "the boot took " + d.clock.elapsed());
        int ready = d.notifications.indexOf(d.notified("READY=1").get(0));
        assertEquals(List.of(), d.notifications.subList(0, ready).stream().filter(n -> n.startsWith("WATCHDOG")).toList(),
                "a keep-alive before READY=1 would arm the watchdog during the boot");

        d.advance(Duration.ofSeconds(5));
        assertEquals(5, d.notified(Watchdog.KEEP_ALIVE).size(), d.notifications::toString);
    }

    @Test
    void aHostShutdownLongerThanTheTimeoutKeepsThemGoing() throws Exception {
        DaemonFixture d = daemon();
        d.runtime.stopTakes("web", Duration.ofSeconds(12));
        d.begin();
        // logind's announcement: the unit is still active, so the watchdog counts, and the loop is
        // busy with the stops for 12 s.
        d.signals.raise("PWR");
        d.turn();
        assertEquals(List.of("web", "db"), d.runtime.names(FakeRuntime.STOP));
        assertTrue(d.notified(Watchdog.KEEP_ALIVE).size() >= 12, "one a second through the stops: " + d.notifications);
    }

    @Test
    void aStartThatWaitsLongForReadinessKeepsThemGoing() throws Exception {
        DaemonFixture d = daemon();
        d.begin();
        d.request(() -> d.daemon.stop("web"));
        d.turn();
        d.runtime.readyAfterProbes("web", 25); // about 10 s of probes
        int before = d.notified(Watchdog.KEEP_ALIVE).size();
        Duration began = d.clock.elapsed();
        d.request(() -> d.daemon.start("web"));
        d.turn();
        long seconds = d.clock.elapsed().minus(began).toSeconds();
        assertTrue(seconds > 4, "the start took " + seconds + " s");
        assertTrue(d.notified(Watchdog.KEEP_ALIVE).size() - before >= seconds,
                "one a second through a " + seconds + " s start: " + d.notifications);
    }

    @Test
    void aRestartByPolicyThatWaitsLongForReadinessKeepsThemGoing() throws Exception {
        DaemonFixture d = daemon();
        d.container("app", "restart = always", "ready = exec:true");
        d.begin();
        d.runtime.readyAfterProbes("app", 25); // about 10 s of probes at its restart
        d.runtime.setState(d.ref("app"), ContainerState.STOPPED);
        d.monitor.post("app", ContainerState.STOPPED);
        int before = d.notified(Watchdog.KEEP_ALIVE).size();
        Duration began = d.clock.elapsed();
        d.advance(Duration.ofMillis(1500)); // a second of grace, half a second of backoff: the restart runs
        long seconds = d.clock.elapsed().minus(began).toSeconds();
        assertEquals(2, d.runtime.names(FakeRuntime.START).stream().filter("app"::equals).count(), "restarted");
        assertTrue(seconds > 5, "the restart took " + seconds + " s");
        assertTrue(d.notified(Watchdog.KEEP_ALIVE).size() - before >= seconds - 1,
                "one a second through a " + seconds + " s restart: " + d.notifications);
    }

    @Test
    void noneOnceTheDaemonSaysItStops() throws Exception {
        DaemonFixture d = daemon();
        d.runtime.stopTakes("web", Duration.ofSeconds(12));
        d.begin();
        d.advance(Duration.ofSeconds(2));
        d.runlevel = "2 0"; // SIGTERM at a host shutdown: the daemon stops the containers, 12 s
        d.signals.raise("TERM");
        d.turn();
        d.advance(Duration.ofSeconds(5));

        int stopping = d.notifications.indexOf(d.notified("STOPPING=1").get(0));
        assertEquals(List.of("web", "db"), d.runtime.names(FakeRuntime.STOP));
        assertEquals(2, d.notifications.subList(0, stopping).stream().filter(Watchdog.KEEP_ALIVE::equals).count());
        assertEquals(List.of(), d.notifications.subList(stopping, d.notifications.size()).stream()
                .filter(Watchdog.KEEP_ALIVE::equals).toList(), "a keep-alive would arm systemd's watchdog during the stop");
    }
}
