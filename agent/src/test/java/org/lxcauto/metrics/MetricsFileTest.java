package org.lxcauto.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lxcauto.event.ContainerEvent;
import org.lxcauto.event.ContainerEvent.Kind;
import org.lxcauto.system.FakeClock;
import org.slf4j.LoggerFactory;

/** When the metrics file is written, and what a write that fails does, in fake time. */
class MetricsFileTest {

    @TempDir
    Path dir;
    Path file;
    final FakeClock clock = new FakeClock();
    final AgentMetrics metrics = new AgentMetrics();
    /** Writes handed to the writer thread, run when the test says (the daemon loop turning). */
    final List<Runnable> queued = new ArrayList<>();
    final ListAppender<ILoggingEvent> log = new ListAppender<>();
    MetricsFile metricsFile;

    @BeforeEach
    void setUp() {
        file = dir.resolve("node-exporter/lxc-auto.prom");
        metricsFile = new MetricsFile(() -> file, metrics, clock, queued::add);
        metrics.listen(metricsFile::changed);
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(MetricsFile.class);
        logger.addAppender(log);
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
    }

    @AfterEach
    void tearDown() {
        Logger logger = (Logger) LoggerFactory.getLogger(MetricsFile.class);
        logger.detachAppender(log);
        logger.setLevel(null);
    }

    private void runQueued() {
        List<Runnable> now = new ArrayList<>(queued);
        queued.clear();
        now.forEach(Runnable::run);
    }

    private List<String> warnings() {
        return log.list.stream().filter(e -> e.getLevel().toString().equals("WARN")).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Test
    void aBurstOfChangesIsOneWriteSoonAfterTheFirst() throws IOException {
        Files.createDirectories(file.getParent());
        metrics.configured(List.of("a", "b", "c"));
        for (String name : List.of("a", "b", "c")) {
            metrics.container(new ContainerEvent(name, Kind.READY, FakeClock.START, Duration.ZERO, name + " ready"));
        }
        clock.advance(MetricsFile.COALESCE.minusMillis(1));
        assertEquals(0, queued.size(), "nothing written before the delay");
        clock.advance(Duration.ofMillis(1));
        assertEquals(1, queued.size(), "four changes, one write");
        assertFalse(Files.exists(file), "written on the writer's thread, not the clock's");
        runQueued();
        String text = Files.readString(file);
        assertTrue(text.contains("lxc_auto_container_up{name=\"c\"} 1\n"), text);
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        metrics.container(new ContainerEvent("c", Kind.STOPPED_CLEAN, FakeClock.START, Duration.ZERO, "c stopped"));
        clock.advance(MetricsFile.COALESCE);
        assertEquals(1, queued.size(), "a change after the write is written again");
        runQueued();
        assertTrue(Files.readString(file).contains("lxc_auto_container_up{name=\"c\"} 0\n"));
    }

    @Test
    void writeNowWritesAtOnceAndCancelsTheWaitingWrite() throws IOException {
        Files.createDirectories(file.getParent());
        metrics.daemonUp(true);
        metricsFile.writeNow();
        assertTrue(Files.readString(file).contains("lxc_auto_daemon_up 1\n"));
        clock.advance(MetricsFile.COALESCE.multipliedBy(2));
        assertEquals(0, queued.size(), "the waiting write was written by writeNow");
    }

    @Test
    void noDirectoryNoFile() {
        metrics.daemonUp(true);
        metricsFile.writeNow();
        assertFalse(Files.exists(file.getParent()), "the directory is node-exporter's to make");
        assertEquals(List.of(), warnings());
    }

    @Test
    void aReloadThatMovesTheFileOrTurnsItOffRemovesTheOldOne() throws IOException {
        Files.createDirectories(file.getParent());
        Path[] target = {file};
        MetricsFile moving = new MetricsFile(() -> target[0], metrics, clock, Runnable::run);
        moving.writeNow();
        assertTrue(Files.exists(file));
        target[0] = dir.resolve("node-exporter/other.prom");
        moving.writeNow();
        assertFalse(Files.exists(file), "node-exporter would serve it, frozen, for ever");
        assertTrue(Files.exists(target[0]));
        target[0] = null;
        moving.writeNow();
        assertFalse(Files.exists(dir.resolve("node-exporter/other.prom")));
    }

    @Test
    void offWritesNothing() throws IOException {
        Files.createDirectories(file.getParent());
        new MetricsFile(() -> null, metrics, clock, Runnable::run).writeNow();
        assertFalse(Files.exists(file));
    }

    @Test
    void aFailedWriteWarnsOnceNamingTheFileAndTheCause() throws IOException {
        Files.createDirectories(file);  // a directory where the file should be: every write fails
        metrics.daemonUp(true);
        metricsFile.writeNow();
        metrics.configured(List.of("web"));
        metricsFile.writeNow();
        assertEquals(1, warnings().size(), () -> "warned once, not at every change: " + warnings());
        String warning = warnings().get(0);
        assertTrue(warning.startsWith("Cannot write the metrics file " + file + ": "), warning);
        assertTrue(warning.contains(": is a directory;"), warning);

        Files.delete(file);
        metricsFile.writeNow();
        assertTrue(Files.exists(file));
        assertTrue(log.list.stream().anyMatch(e -> e.getFormattedMessage().equals("Metrics file " + file + " written again")));
    }
}
