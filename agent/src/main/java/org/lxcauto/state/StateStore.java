package org.lxcauto.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.lxcauto.system.AtomicFiles;
import org.lxcauto.system.Json;

/**
 * The agent's state directory ({@code /var/lib/lxc-auto}): the last boot and shutdown, and which
 * containers were running at the last shutdown (for {@code on-boot = restore}). Every write is
 * atomic, so a crash mid-write leaves the previous version.
 *
 * <p>Nothing here is needed to start or stop a container, so every failure is a
 * {@link StateFileException} that names the file and says what is wrong in words: callers report
 * it and carry on. A file that is damaged (not JSON, truncated, empty, a directory, a FIFO, larger
 * than {@link StateFileReader#MAX_BYTES}) is never half-used.
 */
public final class StateStore {

    private final Path dir;

    public StateStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** The file a run of {@code kind} ("boot", "shutdown", "start", ...) is saved in. */
    public Path runFile(String kind) {
        return dir.resolve("last-" + kind + ".json");
    }

    /** {@code running.json}. */
    public Path runningFile() {
        return dir.resolve("running.json");
    }

    /** {@code waiting.json}: the containers a running boot holds back for their needs. */
    public Path waitingFile() {
        return dir.resolve("waiting.json");
    }

    /** Saves which containers wait for needs now; an empty list removes the file, as nothing waits. */
    public void saveWaiting(WaitingRecord waiting) throws StateFileException {
        if (waiting.containers().isEmpty()) {
            try {
                Files.deleteIfExists(waitingFile());
            } catch (IOException e) {
                throw new StateFileException(waitingFile(), IoReasons.describe(e), null, e);
            }
            return;
        }
        write(waitingFile(), waiting);
    }

    /**
     * The containers a running agent holds back for their needs, by name; empty when none does, or
     * the agent that wrote the record no longer runs.
     */
    public java.util.Map<String, List<String>> waiting() throws StateFileException {
        Optional<WaitingRecord> record = read(waitingFile(), WaitingRecord.class, "a list of waiting containers",
                "the next boot");
        java.util.Map<String, List<String>> waiting = new java.util.TreeMap<>();
        if (record.isEmpty() || record.get().containers() == null
                || !ProcessHandle.of(record.get().pid()).map(ProcessHandle::isAlive).orElse(false)) {
            return waiting;
        }
        for (WaitingRecord.Container c : record.get().containers()) {
            if (c != null && c.name() != null && c.needs() != null) {
                waiting.put(c.name(), List.copyOf(c.needs()));
            }
        }
        return waiting;
    }

    /** Saves {@code run} as {@code last-KIND.json}; the exception gives the cause ("read-only file system"). */
    public void saveRun(RunRecord run) throws StateFileException {
        write(runFile(run.kind()), run);
    }

    /** The last run of {@code kind} ("boot" or "shutdown"); empty if none was recorded. */
    public Optional<RunRecord> lastRun(String kind) throws StateFileException {
        Path file = runFile(kind);
        String rewrittenBy = "the next " + kind;
        Optional<RunRecord> run = read(file, RunRecord.class, "a run record", rewrittenBy);
        try {
            return run.isEmpty() ? run : Optional.of(RecordShape.run(run.get()));
        } catch (RecordShape.Unusable e) {
            throw StateFileReader.damaged(file, e.getMessage(), StateFileReader.rewritten(rewrittenBy), e);
        }
    }

    public void saveRunning(List<String> names) throws StateFileException {
        write(runningFile(), new Running(names));
    }

    /** The containers running at the last shutdown; empty if none was recorded. */
    public Optional<List<String>> lastRunning() throws StateFileException {
        Path file = runningFile();
        Optional<Running> running = read(file, Running.class, "a list of containers", "the next shutdown");
        try {
            return running.isEmpty() ? Optional.empty() : Optional.of(RecordShape.running(running.get()));
        } catch (RecordShape.Unusable e) {
            throw StateFileReader.damaged(file, e.getMessage(), StateFileReader.rewritten("the next shutdown"), e);
        }
    }

    /** {@code operator-stopped.json}. */
    public Path operatorStoppedFile() {
        return dir.resolve("operator-stopped.json");
    }

    /** The containers the operator stopped and nobody started since; empty if none were recorded. */
    public List<String> operatorStopped() throws StateFileException {
        Path file = operatorStoppedFile();
        String rewrittenBy = "the next 'lxc-auto stop' or 'start'";
        Optional<Running> stopped = read(file, Running.class, "a list of containers", rewrittenBy);
        try {
            return stopped.isEmpty() ? List.of() : RecordShape.running(stopped.get());
        } catch (RecordShape.Unusable e) {
            throw StateFileReader.damaged(file, e.getMessage(), StateFileReader.rewritten(rewrittenBy), e);
        }
    }

    /** Replaces the list of containers the operator stopped; an empty list removes the file. */
    public void saveOperatorStopped(List<String> names) throws StateFileException {
        if (names.isEmpty()) {
            try {
                Files.deleteIfExists(operatorStoppedFile());
                return;
            } catch (IOException e) {
                throw new StateFileException(operatorStoppedFile(), IoReasons.describe(e), null, e);
            }
        }
        write(operatorStoppedFile(), new Running(names));
    }

    /**
     * Removes {@code running.json}, after it could not be written: a record of an older shutdown
     * would make {@code on-boot = restore} bring back an old set of containers without a word,
     * while no record makes it start every entry, with a warning.
     *
     * @return true when no record is left; false when it could not be removed (read-only)
     */
    public boolean forgetRunning() {
        try {
            Files.deleteIfExists(runningFile());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void write(Path file, Object value) throws StateFileException {
        try {
            AtomicFiles.write(file, Json.document(value));
        } catch (IOException e) {
            throw new StateFileException(file, IoReasons.describe(e), null, e);
        }
    }

    private static <T> Optional<T> read(Path file, Class<T> type, String what, String rewrittenBy)
            throws StateFileException {
        Optional<byte[]> bytes = StateFileReader.read(file, rewrittenBy);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        T value;
        try {
            value = Json.read(bytes.get(), type);
        } catch (Json.Unreadable e) {
            throw StateFileReader.damaged(file, JsonDamage.describe(e, what), StateFileReader.rewritten(rewrittenBy), e);
        }
        if (value == null) {
            throw StateFileReader.damaged(file, "the document is 'null', not " + what,
                    StateFileReader.rewritten(rewrittenBy), null);
        }
        return Optional.of(value);
    }

    /** {@code running.json}, and {@code operator-stopped.json}: a list of names. */
    public record Running(List<String> containers) {
    }
}
