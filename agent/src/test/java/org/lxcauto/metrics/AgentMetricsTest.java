package org.lxcauto.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lxcauto.config.Entries;
import org.lxcauto.config.Problem;
import org.lxcauto.container.ContainerState;
import org.lxcauto.event.ContainerEvent;
import org.lxcauto.event.ContainerEvent.Kind;
import org.lxcauto.state.RunRecord;

/** What the containers' events and the runs make of the exported metrics. */
class AgentMetricsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final AgentMetrics metrics = new AgentMetrics();

    private String text() {
        return ExpositionText.write(metrics.families());
    }

    private void event(String name, Kind kind) {
        metrics.container(new ContainerEvent(name, kind, T0, null, name + ": " + kind.journalName()));
    }

    private void event(String name, Kind kind, long tookMs) {
        metrics.container(new ContainerEvent(name, kind, T0, Duration.ofMillis(tookMs), name + ": " + kind.journalName()));
    }

    private static RunRecord run(String kind, long tookMs) {
        return new RunRecord(kind, T0, T0.plusMillis(tookMs), 0, List.of(), List.of(), List.of());
    }

    @Test
    void everyConfiguredContainerIsDownUntilSeenUp() {
        metrics.configured(List.of("web", "db"));
        metrics.daemonUp(true);
        String text = text();
        assertTrue(text.contains("lxc_auto_container_up{name=\"db\"} 0\n"), text);
        assertTrue(text.contains("lxc_auto_container_up{name=\"web\"} 0\n"), text);
        assertTrue(text.contains("lxc_auto_container_restarts_total{name=\"web\"} 0\n"), text);
        assertTrue(text.contains("lxc_auto_stops_forced_total 0\n"), text);
        assertTrue(text.contains("lxc_auto_daemon_up 1\n"), text);
        assertFalse(text.contains("lxc_auto_boot_duration_seconds "), "no boot finished yet:\n" + text);
        assertFalse(text.contains("lxc_auto_container_ready_seconds{"), text);
    }

    @Test
    void aContainerWhoseEntryIsBrokenIsDownToo() {
        metrics.configured(Entries.config(Map.of("bad", Problem.error(Path.of("/etc/lxc/auto/bad.conf"), 1, "bad",
                "unknown key 'afer'")), Entries.e("web")));
        String text = text();
        assertTrue(text.contains("lxc_auto_container_up{name=\"bad\"} 0\n"), text);
        assertTrue(text.contains("lxc_auto_container_up{name=\"web\"} 0\n"), text);
    }

    @Test
    void aBootSetsUpReadySecondsAndItsDuration() {
        metrics.configured(List.of("web", "db", "old"));
        event("db", Kind.STARTING);
        event("db", Kind.READY, 1_250);
        event("web", Kind.STARTING);
        event("web", Kind.FAILED, 1_100);
        event("old", Kind.ADOPTED, 20);
        metrics.finished(run("boot", 2_500));
        String text = text();
        assertTrue(text.contains("lxc_auto_container_up{name=\"db\"} 1\n"), text);
        assertTrue(text.contains("lxc_auto_container_up{name=\"old\"} 1\n"), text);
        assertTrue(text.contains("lxc_auto_container_up{name=\"web\"} 0\n"), text);
        assertTrue(text.contains("lxc_auto_container_ready_seconds{name=\"db\"} 1.25\n"), text);
        assertFalse(text.contains("lxc_auto_container_ready_seconds{name=\"web\"}"), "failed: no time to ready\n" + text);
        assertFalse(text.contains("lxc_auto_container_ready_seconds{name=\"old\"}"), "adopted: not started\n" + text);
        assertTrue(text.contains("lxc_auto_boot_duration_seconds 2.5\n"), text);
        assertTrue(text.contains("lxc_auto_boot_finished_timestamp_seconds 1767225602.5\n"), text);
    }

    @Test
    void aShutdownCountsForcedStopsAndTakesItsDuration() {
        metrics.configured(List.of("web", "db"));
        event("web", Kind.READY, 10);
        event("db", Kind.READY, 10);
        event("web", Kind.STOPPING);
        event("web", Kind.STOPPED_FORCED, 1_000);
        event("db", Kind.STOPPED_CLEAN, 20);
        event("unlisted", Kind.STOPPED_FORCED, 1_000);
        metrics.finished(run("shutdown", 3_000));
        String text = text();
        assertTrue(text.contains("lxc_auto_container_up{name=\"web\"} 0\n"), text);
        assertTrue(text.contains("lxc_auto_container_up{name=\"db\"} 0\n"), text);
        assertFalse(text.contains("unlisted"), "not configured: only counted\n" + text);
        assertTrue(text.contains("lxc_auto_stops_forced_total 2\n"), text);
        assertTrue(text.contains("lxc_auto_shutdown_duration_seconds 3\n"), text);
        assertFalse(text.contains("lxc_auto_boot_duration_seconds"), text);
    }

    @Test
    void aFailedStopLeavesTheContainerUp() {
        metrics.configured(List.of("web"));
        event("web", Kind.READY, 10);
        event("web", Kind.STOPPING);
        event("web", Kind.FAILED, 30_000);
        assertTrue(text().contains("lxc_auto_container_up{name=\"web\"} 1\n"), "a failed stop leaves it up\n" + text());
        event("web", Kind.STARTING);
        event("web", Kind.FAILED, 60_000);
        assertTrue(text().contains("lxc_auto_container_up{name=\"web\"} 0\n"), "a failed start: down\n" + text());
    }

    @Test
    void aRestartCountsAndTheContainerIsDownUntilReadyAgain() {
        metrics.configured(List.of("web"));
        event("web", Kind.READY, 300);
        event("web", Kind.RESTARTING);
        assertTrue(text().contains("lxc_auto_container_up{name=\"web\"} 0\n"), text());
        event("web", Kind.STARTING);
        event("web", Kind.READY, 400);
        metrics.finished(run("restart", 450));
        String text = text();
        assertTrue(text.contains("lxc_auto_container_restarts_total{name=\"web\"} 1\n"), text);
        assertTrue(text.contains("lxc_auto_container_up{name=\"web\"} 1\n"), text);
        assertTrue(text.contains("lxc_auto_container_ready_seconds{name=\"web\"} 0.4\n"), text);
        assertFalse(text.contains("lxc_auto_boot_duration_seconds"), "a restart is no boot\n" + text);
    }

    @Test
    void lxcSayingAContainerStoppedUnbiddenIsDownAndRunningAgainIsUp() {
        metrics.configured(List.of("web", "db"));
        event("web", Kind.READY, 10);
        metrics.runtimeState("web", ContainerState.STOPPED); // its init died; restart = no: no event tells
        assertTrue(text().contains("lxc_auto_container_up{name=\"web\"} 0\n"), text());
        metrics.runtimeState("web", ContainerState.STARTING);
        metrics.runtimeState("web", ContainerState.RUNNING); // it rebooted itself
        assertTrue(text().contains("lxc_auto_container_up{name=\"web\"} 1\n"), text());

        metrics.runtimeState("db", ContainerState.RUNNING); // lxc-auto's own start: up when ready, not before
        assertTrue(text().contains("lxc_auto_container_up{name=\"db\"} 0\n"), text());
        metrics.runtimeState("ghost", ContainerState.STOPPED);
        assertFalse(text().contains("ghost"), text());
    }

    @Test
    void lxcAutosOwnStopAndStartGoByTheEvents() {
        metrics.configured(List.of("web"));
        event("web", Kind.READY, 10);
        event("web", Kind.STOPPING);
        metrics.runtimeState("web", ContainerState.STOPPED); // LXC may tell before the stop's own event
        event("web", Kind.STOPPED_CLEAN, 20);
        event("web", Kind.STARTING);
        metrics.runtimeState("web", ContainerState.RUNNING);
        assertTrue(text().contains("lxc_auto_container_up{name=\"web\"} 0\n"), "running, not ready yet\n" + text());
        event("web", Kind.READY, 30);
        assertTrue(text().contains("lxc_auto_container_up{name=\"web\"} 1\n"), text());
    }

    @Test
    void aReloadDropsWhatIsNoLongerConfiguredOnceDown() {
        metrics.configured(List.of("web", "db", "gone"));
        event("db", Kind.READY, 5);
        metrics.configured(List.of("web", "new"));
        String text = text();
        assertTrue(text.contains("{name=\"new\"} 0\n"), text);
        assertTrue(text.contains("lxc_auto_container_up{name=\"db\"} 1\n"), "still running: kept\n" + text);
        assertFalse(text.contains("gone"), text);
    }

    @Test
    void everyChangeIsTold() {
        AtomicInteger changes = new AtomicInteger();
        metrics.listen(changes::incrementAndGet);
        metrics.configured(List.of("web"));
        event("web", Kind.READY, 5);
        event("web", Kind.RESTARTING);
        metrics.finished(run("boot", 1));
        metrics.daemonUp(false);
        assertEquals(5, changes.get());
    }

    @Test
    void daemonExitIsDaemonUpZero() {
        metrics.daemonUp(true);
        metrics.daemonUp(false);
        assertTrue(text().contains("lxc_auto_daemon_up 0\n"), text());
    }
}
