package org.lxcauto.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a killed writer leaves behind is removed by the next write of the same file, and nothing
 * else is. (That a killed writer leaves the old or the new file, never a torn one, is proven with
 * real SIGKILLs in the system tests.)
 */
class AtomicFilesTest {

    /** Above the kernel's largest pid_max (2^22): a writer that cannot be running. */
    private static final long GONE = 99_999_999;

    @TempDir
    Path dir;

    @Test
    void leftoversOfWritersThatAreGoneAreRemovedAtTheNextWrite() throws IOException {
        Path target = dir.resolve("last-boot.json");
        long alive = ProcessHandle.current().parent().orElseThrow().pid();
        Path gone = touch(".last-boot.json." + GONE + ".123.tmp");
        Path stillWriting = touch(".last-boot.json." + alive + ".456.tmp");
        Path oldStyleFresh = touch(".last-boot.json789.tmp");
        Path oldStyleStale = touch(".last-boot.json790.tmp");
        Files.setLastModifiedTime(oldStyleStale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path otherFile = touch(".last-shutdown.json." + GONE + ".1.tmp");
        Path notOurs = touch(".last-boot.json.notes.tmp");

        AtomicFiles.write(target, "{}\n");

        assertEquals("{}\n", Files.readString(target));
        assertEquals(List.of(notOurs, stillWriting, oldStyleFresh, otherFile).stream().sorted().toList(), temporaries(),
                "only the leftovers of a gone writer of this file, or an hour old, go");
    }

    @Test
    void aWriteThatNeedNotBeDurableReplacesTheFileAllTheSame() throws IOException {
        Path target = dir.resolve("lxc-auto.prom");
        AtomicFiles.write(target, "a 1\n", false);
        AtomicFiles.write(target, "a 2\n", false);
        assertEquals("a 2\n", Files.readString(target));
        assertEquals(List.of(), temporaries());
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    @Test
    void aWriteLeavesNoTemporaryFile() throws IOException {
        AtomicFiles.write(dir.resolve("running.json"), "{\"containers\" : [ ]}\n");
        AtomicFiles.write(dir.resolve("running.json"), "{\"containers\" : [ \"db\" ]}\n");
        assertEquals(List.of(), temporaries());
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("running.json"))));
    }

    private Path touch(String name) throws IOException {
        return Files.writeString(dir.resolve(name), "partial");
    }

    private List<Path> temporaries() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).sorted().toList();
        }
    }
}
