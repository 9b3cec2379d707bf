package org.lxcauto.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.lxcauto.state.IoReasons;
import org.lxcauto.system.AtomicFiles;
import org.lxcauto.system.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code [agent] metrics-file} (docs/monitoring.md): the {@link AgentMetrics} written for
 * node-exporter's textfile collector, atomically (a scrape never reads half a file).
 *
 * <p>Not forced to disk (no fsync): the daemon writes the whole file again from memory after a
 * crash, and a durable write (two fsyncs) took 20 to 30 ms on a busy disk here, at the end of every
 * {@code boot} and {@code shutdown}.
 *
 * <p>Written only when the file's directory exists: it appears when prometheus-node-exporter is
 * installed, and a host without it gets no stray directory. A failed write never fails what the
 * agent was doing: it is logged once, with the file and the cause, and again only when the cause
 * changes; the next change tries again.
 *
 * <p>Changes come in bursts (a boot of fifty containers is fifty outcomes): {@link #changed}
 * writes once, {@link #COALESCE} after the first change of a burst, on the thread {@code writer}
 * gives (the daemon's loop), never on the caller's. The end of a boot or a shutdown, and the
 * daemon's exit, {@link #writeNow write at once}.
 */
public final class MetricsFile {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsFile.class);
    /** How long after a change the file is written, with whatever else changed meanwhile. */
    static final Duration COALESCE = Duration.ofMillis(500);

    private final Supplier<Path> target;
    private final AgentMetrics metrics;
    private final Clock clock;
    private final Consumer<Runnable> writer;
    /** The write waiting for {@link #COALESCE} to pass; guarded by this. */
    private Clock.Scheduled pending;
    /**
     * Held while writing, apart from this: an event that arrives meanwhile (on a worker of a boot)
     * only arms the next write and never waits for the disk.
     */
    private final Object writing = new Object();
    private String lastFailure;
    /** The file this process last wrote, to remove when the configuration moves it. */
    private Path written;

    /**
     * @param target the file as the configuration says now (it may change on reload); null when off
     * @param writer runs a write on the thread that may block for it (the daemon loop's post)
     */
    public MetricsFile(Supplier<Path> target, AgentMetrics metrics, Clock clock, Consumer<Runnable> writer) {
        this.target = target;
        this.metrics = metrics;
        this.clock = clock;
        this.writer = writer;
    }

    /** Something changed: write within {@link #COALESCE}, together with what else changes until then. */
    public synchronized void changed() {
        if (pending == null) {
            pending = clock.schedule(COALESCE, () -> writer.accept(this::writePending));
        }
    }

    private void writePending() {
        synchronized (this) {
            pending = null; // a change from here on is written by a write of its own
        }
        write();
    }

    /** Writes now; a write that was waiting is not needed any more. */
    public void writeNow() {
        synchronized (this) {
            if (pending != null) {
                pending.cancel();
                pending = null;
            }
        }
        write();
    }

    /** One write at a time, so that an older state never replaces a newer one. */
    private void write() {
        synchronized (writing) {
            writeLocked();
        }
    }

    private void writeLocked() {
        Path file = target.get();
        if (!java.util.Objects.equals(file, written)) {
            removeWritten();
        }
        if (file == null || !Files.isDirectory(file.getParent())) {
            return;
        }
        try {
            AtomicFiles.write(file, ExpositionText.write(metrics.families()), false);
            written = file;
            if (lastFailure != null) {
                LOG.info("Metrics file {} written again", file);
                lastFailure = null;
            }
        } catch (IOException e) {
            failed(file, IoReasons.describe(e));
        } catch (RuntimeException e) {
            failed(file, e.toString());
        }
    }

    /**
     * A reload moved the file elsewhere or turned it off: the one written before goes, or
     * node-exporter would serve its values, frozen, for ever.
     */
    private void removeWritten() {
        if (written == null) {
            return;
        }
        try {
            Files.deleteIfExists(written);
            LOG.info("Metrics file {} removed: [agent] metrics-file no longer names it", written);
        } catch (IOException e) {
            LOG.warn("Cannot remove the old metrics file {}: {}; remove it, or node-exporter serves its values",
                    written, IoReasons.describe(e));
        }
        written = null;
    }

    private void failed(Path file, String cause) {
        String failure = file + ": " + cause;
        if (!failure.equals(lastFailure)) {
            LOG.warn("Cannot write the metrics file {}: {}; node-exporter serves the last one written until it can be"
                    + " (check the directory's owner, permissions and free space, or set [agent] metrics-file to"
                    + " nothing)", file, cause);
            lastFailure = failure;
        }
    }
}
