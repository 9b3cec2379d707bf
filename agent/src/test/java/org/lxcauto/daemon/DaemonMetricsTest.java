package org.lxcauto.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lxcauto.container.ContainerExit;
import org.lxcauto.container.ContainerState;

/**
 * When the daemon writes its metrics file (docs/monitoring.md): once its boot is over, a moment
 * after a restart or a death LXC's monitor tells of, at once after a host shutdown, and as it
 * leaves. On fakes, in fake time.
 */
@Timeout(10)
class DaemonMetricsTest {

    @TempDir
    Path root;

    private DaemonFixture d;
    private Path file;

    @BeforeEach
    void containers() throws IOException {
        d = new DaemonFixture(root);
        d.container("db").container("web", "after = db").container("app", "restart = always");
        d.container("job", "ready = exited");
        d.runtime.jobRuns("job", Duration.ofMillis(100), new ContainerExit(ContainerExit.Cause.EXITED,
                "init exited with status 0")); // a one-shot job that succeeds
        file = d.files.metricsFile;
        Files.createDirectories(file.getParent()); // as installing node-exporter does
    }

    private String metrics() throws IOException {
        return Files.readString(file);
    }

    @Test
    void writtenAfterTheBootAfterARestartAfterTheShutdownAndAtExit() throws Exception {
        d.begin();
        assertEquals(1, d.notified("READY=1").size());
        String boot = metrics();
        assertTrue(boot.contains("lxc_auto_container_up{name=\"web\"} 1\n"), boot);
        assertTrue(boot.contains("lxc_auto_daemon_up 1\n"), boot);
        assertTrue(boot.contains("lxc_auto_boot_duration_seconds "), boot);

        d.runtime.setState(d.ref("app"), ContainerState.STOPPED);
        d.monitor.post("app", ContainerState.STOPPED);
        d.advance(Duration.ofMillis(1500)); // a second of grace, half a second of backoff: restarted
        d.advance(Duration.ofMillis(500)); // the metrics file is written half a second after a change
        String restarted = metrics();
        assertTrue(restarted.contains("lxc_auto_container_restarts_total{name=\"app\"} 1\n"), restarted);
        assertTrue(restarted.contains("lxc_auto_container_up{name=\"app\"} 1\n"), restarted);

        // db has no restart policy: its death is no event, but LXC's monitor tells it.
        d.runtime.setState(d.ref("db"), ContainerState.STOPPED);
        d.monitor.post("db", ContainerState.STOPPED);
        d.advance(Duration.ofMillis(500));
        String died = metrics();
        assertTrue(died.contains("lxc_auto_container_up{name=\"db\"} 0\n"), died);
        assertTrue(died.contains("lxc_auto_container_up{name=\"web\"} 1\n"), died);
        d.monitor.post("job", ContainerState.STOPPED); // LXC tells of the job's end late: no death
        d.advance(Duration.ofMillis(500));
        assertTrue(metrics().contains("lxc_auto_container_up{name=\"job\"} 1\n"), metrics());

        d.signals.raise("PWR");
        d.turn();
        String down = metrics();
        assertTrue(down.contains("lxc_auto_container_up{name=\"web\"} 0\n"), "written at once:\n" + down);
        assertTrue(down.contains("lxc_auto_shutdown_duration_seconds "), down);
        assertEquals(0, d.clock.pending().size(), "no write left waiting: " + d.clock.pending());

        d.signals.raise("TERM");
        d.turn();
        d.daemon.close();
        assertTrue(metrics().contains("lxc_auto_daemon_up 0\n"), metrics());
    }
}
