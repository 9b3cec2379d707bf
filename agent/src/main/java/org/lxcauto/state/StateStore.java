package org.lxcauto.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.lxcauto.system.AtomicFiles;

/**
 * The agent's state directory ({@code /var/lib/lxc-auto}): the last boot and shutdown, and which
 * containers were running at the last shutdown (for {@code on-boot = restore}). Every write is
 * atomic, so a crash mid-write leaves the previous version.
 */
public final class StateStore {

    /** Built on first use: Jackson's start-up is a quarter second that most commands never need. */
    private static final class Mapper {
        static final ObjectMapper JSON = json();
    }

    private final Path dir;

    public StateStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** The mapper every JSON output of lxc-auto uses: ISO-8601 times, stable field order, indented. */
    public static ObjectMapper json() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    public void saveRun(RunRecord run) throws IOException {
        AtomicFiles.write(dir.resolve("last-" + run.kind() + ".json"), Mapper.JSON.writeValueAsString(run) + "\n");
    }

    /** The last run of {@code kind} ("boot" or "shutdown"), if one was recorded and is readable. */
    public Optional<RunRecord> lastRun(String kind) throws IOException {
        return read(dir.resolve("last-" + kind + ".json"), RunRecord.class);
    }

    public void saveRunning(List<String> names) throws IOException {
        AtomicFiles.write(dir.resolve("running.json"), Mapper.JSON.writeValueAsString(new Running(names)) + "\n");
    }

    /** The containers running at the last shutdown; empty if none was recorded. */
    public Optional<List<String>> lastRunning() throws IOException {
        return read(dir.resolve("running.json"), Running.class).map(Running::containers);
    }

    private static <T> Optional<T> read(Path file, Class<T> type) throws IOException {
        try {
            return Optional.of(Mapper.JSON.readValue(Files.readString(file), type));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is corrupt (" + e.getOriginalMessage() + ")", e);
        }
    }

    /** {@code running.json}. */
    public record Running(List<String> containers) {
    }
}
