package org.lxcauto.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged state files: each is refused with a message that names the file, says what is wrong
 * (with line and column for JSON), and what becomes of it; none is half-used, none hangs, none
 * gives a Java class name or a stack trace instead of words.
 */
class StateStoreDamageTest {

    @TempDir
    Path dir;

    private StateStore store() {
        return new StateStore(dir);
    }

    private Path bootFile() {
        return dir.resolve("last-boot.json");
    }

    private static RunRecord run() {
        Instant t = Instant.parse("2026-12-04T07:00:03Z");
        return new RunRecord("boot", t, t.plusSeconds(2), 0,
                List.of(new ContainerRecord("db", Outcome.READY, List.of(), t, t.plusSeconds(1), t.plusSeconds(1),
                        "10.0.3.11", null)), List.of(), List.of());
    }

    /** The message for a last-boot.json holding {@code text}. */
    private String bootDamage(String text) throws IOException {
        Files.writeString(bootFile(), text);
        return bootDamage();
    }

    private String bootDamage() {
        StateFileException e = assertThrows(StateFileException.class, () -> store().lastRun("boot"));
        assertEquals(bootFile(), e.file());
        assertTrue(e.getMessage().startsWith(bootFile() + ": damaged ("), e.getMessage());
        assertFalse(e.getMessage().contains("org.lxcauto") || e.getMessage().contains("`"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void truncatedRecordSaysWhereItEnds() throws IOException {
        store().saveRun(run());
        String truncated = Files.readString(bootFile()).substring(0, 200);
        long line = truncated.lines().count();
        int column = truncated.length() - truncated.lastIndexOf('\n');
        assertEquals(bootFile() + ": damaged (unexpected end of JSON at line " + line + ", column " + column
                + "); it is rewritten at the next boot", bootDamage(truncated));
    }

    @Test
    void emptyAndBlankFilesAreDamaged() throws IOException {
        assertEquals(bootFile() + ": damaged (empty file); it is rewritten at the next boot", bootDamage(""));
        assertTrue(bootDamage(" \n\n").contains("(no JSON in it, only white space)"), bootDamage());
    }

    @Test
    void binaryGarbageIsInvalidJsonInPrintableWords() throws IOException {
        Files.write(bootFile(), new byte[] {'{', 1, 2, (byte) 0xff, (byte) 0xfe, 0, 27, '[', '2', 'J'});
        String message = bootDamage();
        assertTrue(message.contains("damaged (invalid JSON at line 1, column 3: illegal character"), message);
        assertTrue(message.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "no control characters reach the terminal: " + message);
        Files.write(bootFile(), new byte[] {(byte) 0xc3, (byte) 0x28});
        assertTrue(bootDamage().contains("invalid JSON"), bootDamage());
    }

    @Test
    void jsonOfTheWrongShapeNamesTheField() throws IOException {
        assertTrue(bootDamage("null").contains("(the document is 'null', not a run record)"), bootDamage());
        assertTrue(bootDamage("[1, 2]").contains("(not a run record at line 1, column 1)"), bootDamage());
        assertTrue(bootDamage("{\"containers\" : 5}").contains("(unexpected value for 'containers' at line 1, column 17)"),
                bootDamage());
        assertTrue(bootDamage("{\"containers\" : [ {\"name\" : \"db\", \"outcome\" : \"BOGUS\"} ]}")
                .contains("(unexpected value for 'containers[0].outcome' at line 1, column 47)"), bootDamage());
        assertTrue(bootDamage("{\"started\" : \"yesterday\"}").contains("unexpected value for 'started'"), bootDamage());
        assertTrue(bootDamage("{\"containers\" : [ {\"outcome\" : \"READY\"} ]}").contains("('containers[0]' has no name)"),
                bootDamage());
    }

    @Test
    void dataAfterTheDocumentIsDamageNotIgnored() throws IOException {
        store().saveRun(run());
        String whole = Files.readString(bootFile());
        assertTrue(bootDamage(whole + whole).contains("(more data after the end of the JSON document at line"), bootDamage());
        assertTrue(bootDamage(whole + "xyz").contains("(invalid JSON at line"), bootDamage());
    }

    @Test
    void directoryIsDamagedAndMustBeRemoved() throws IOException {
        Files.createDirectory(bootFile());
        assertEquals(bootFile() + ": damaged (a directory, not a file); remove it ('rm -r " + bootFile()
                + "'): the next boot cannot put a file in its place", bootDamage());
    }

    @Test
    void fifoIsRefusedWithoutOpeningIt() throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", bootFile().toString()).inheritIO().start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo failed");
        // Opening a FIFO for reading blocks until a writer comes: the check must come first.
        String message = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> bootDamage());
        assertEquals(bootFile() + ": damaged (a FIFO, not a regular file); remove it; it is rewritten at the next boot", message);
    }

    @Test
    void hugeFileIsRefusedWithoutBeingParsed() throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(bootFile().toFile(), "rw")) {
            file.setLength(StateFileReader.MAX_BYTES + 1); // sparse: costs no disk
        }
        assertEquals(bootFile() + ": damaged (16.0 MiB, more than the 16 MiB a state file may hold); it is rewritten at the"
                + " next boot", bootDamage());
    }

    @Test
    void danglingSymlinkIsDamagedNotMissing() throws IOException {
        Files.createSymbolicLink(bootFile(), dir.resolve("nowhere"));
        assertTrue(bootDamage().contains("(a symbolic link to a missing file); remove it"), bootDamage());
    }

    @Test
    void aRecordWithoutListsReadsAsEmptyLists() throws IOException {
        Files.writeString(bootFile(), "{\"kind\" : \"boot\", \"exitCode\" : 0}");
        RunRecord run = store().lastRun("boot").orElseThrow();
        assertEquals(List.of(), run.containers());
        assertEquals(List.of(), run.excluded());
        assertEquals(List.of(), run.interfaces());
    }

    @Test
    void missingFileIsNoRecordAndAGoodOneReadsBack() throws IOException {
        assertEquals(Optional.empty(), store().lastRun("boot"));
        store().saveRun(run());
        assertEquals(run(), store().lastRun("boot").orElseThrow());
    }

    @Test
    void shutdownFilesNameTheShutdownAsTheirWriter() throws IOException {
        Files.writeString(dir.resolve("last-shutdown.json"), "{");
        StateFileException e = assertThrows(StateFileException.class, () -> store().lastRun("shutdown"));
        assertTrue(e.getMessage().endsWith("; it is rewritten at the next shutdown"), e.getMessage());
    }

    @Test
    void runningListThatIsDamagedIsNeverTakenForNothingRan() throws IOException {
        Path running = dir.resolve("running.json");
        for (String text : List.of("{\"containers\" : [\"db\", ", "{}", "{\"containers\" : [\"db\", null]}",
                "null", "")) {
            Files.writeString(running, text, StandardCharsets.UTF_8);
            StateFileException e = assertThrows(StateFileException.class, () -> store().lastRunning(), text);
            assertTrue(e.getMessage().startsWith(running + ": damaged ("), e.getMessage());
            assertTrue(e.getMessage().endsWith("; it is rewritten at the next shutdown"), e.getMessage());
        }
        Files.writeString(running, "{\"containers\" : [\"db\", ");
        StateFileException truncated = assertThrows(StateFileException.class, () -> store().lastRunning());
        assertTrue(truncated.getMessage().contains("damaged (unexpected end of JSON at line 1, column 24)"),
                truncated.getMessage());
        Files.writeString(running, "{\"containers\" : [\"db\", \"web\"]}");
        assertEquals(Optional.of(List.of("db", "web")), store().lastRunning());
    }
}
