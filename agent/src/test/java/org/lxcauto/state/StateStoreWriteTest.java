package org.lxcauto.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes that fail name the file and the cause in the system's words, without the temporary
 * file's name, and leave nothing behind. (Read-only and full file systems need mounts: the system
 * tests cover those on a real state directory.)
 */
class StateStoreWriteTest {

    @TempDir
    Path dir;

    private static RunRecord boot() {
        return new RunRecord("boot", null, null, 0, List.of(), List.of(), List.of());
    }

    @Test
    void aDirectoryInTheWayIsNamedAsTheCause() throws IOException {
        Files.createDirectory(dir.resolve("last-boot.json"));
        StateFileException e = assertThrows(StateFileException.class, () -> new StateStore(dir).saveRun(boot()));
        assertEquals(dir.resolve("last-boot.json"), e.file());
        assertEquals("is a directory", e.problem());
        assertNoTemporaryFiles();
    }

    @Test
    void aStateDirectoryThatIsAFileIsNamedAsTheCause() throws IOException {
        Path file = Files.writeString(dir.resolve("state"), "not a directory");
        StateFileException e = assertThrows(StateFileException.class, () -> new StateStore(file).saveRun(boot()));
        assertEquals(file.resolve("last-boot.json"), e.file());
        assertTrue(e.problem().startsWith("a file is in the way: " + file), e.problem());
    }

    @Test
    void forgettingTheRunningListRemovesIt() throws IOException {
        StateStore store = new StateStore(dir);
        store.saveRunning(List.of("db"));
        assertTrue(store.forgetRunning());
        assertFalse(Files.exists(store.runningFile()));
        assertTrue(store.forgetRunning(), "nothing to forget is no record left");
    }

    private void assertNoTemporaryFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList());
        }
    }
}
