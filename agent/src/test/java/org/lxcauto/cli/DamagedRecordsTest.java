package org.lxcauto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lxcauto.state.ContainerRecord;
import org.lxcauto.state.Outcome;
import org.lxcauto.state.RunRecord;
import org.lxcauto.state.StateStore;

/**
 * {@code blame} and {@code plot} with damaged records: the file and the damage are named on
 * standard error, never a stack trace; {@code plot} still draws the record it can read.
 */
class DamagedRecordsTest {

    @TempDir
    Path state;

    /** Exit status, standard output, standard error. */
    private record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            List<String> argv = new java.util.ArrayList<>(List.of(args));
            argv.addAll(List.of("--state-dir", state.toString()));
            int exit = LxcAuto.commandLine().execute(argv.toArray(String[]::new));
            return new Run(exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private void saveShutdown() throws Exception {
        Instant t = Instant.parse("2026-12-04T07:00:03Z");
        new StateStore(state).saveRun(new RunRecord("shutdown", t, t.plusSeconds(1), 0,
                List.of(new ContainerRecord("db", Outcome.CLEAN, List.of(), t, t.plusMillis(20), null, null, null)),
                List.of(), List.of()));
    }

    @Test
    void blameNamesTheDamagedFileAndFails() throws Exception {
        Path boot = Files.write(state.resolve("last-boot.json"), new byte[] {0, 1, 2, 3});
        Run blame = run("blame");
        assertEquals(1, blame.exit());
        assertTrue(blame.err().startsWith("lxc-auto: " + boot + ": damaged (invalid JSON at line 1, column "), blame.err());
        assertTrue(blame.err().strip().endsWith("; it is rewritten at the next boot"), blame.err());
        assertEquals(1, blame.err().lines().count(), blame.err());
        assertEquals("", blame.out());
    }

    @Test
    void plotDrawsTheShutdownWhenTheBootIsDamaged() throws Exception {
        saveShutdown();
        Path boot = Files.writeString(state.resolve("last-boot.json"), "");
        Run plot = run("plot");
        assertEquals(0, plot.exit(), plot.err());
        assertTrue(plot.out().contains("Shutdown 2026-12-04 07:00:03 UTC"), plot.out());
        assertFalse(plot.out().contains(">Boot "), plot.out());
        assertEquals("lxc-auto: warning: " + boot + ": damaged (empty file); it is rewritten at the next boot;"
                + " plotting the shutdown only\n", plot.err());
    }

    @Test
    void plotWithNothingReadableNamesEveryDamagedFile() throws Exception {
        Path boot = Files.createDirectory(state.resolve("last-boot.json"));
        Path shutdown = Files.writeString(state.resolve("last-shutdown.json"), "{\"containers\" : 3}");
        Run plot = run("plot");
        assertEquals(1, plot.exit());
        assertEquals("", plot.out());
        List<String> lines = plot.err().lines().toList();
        assertEquals(3, lines.size(), plot.err());
        assertTrue(lines.get(0).startsWith("lxc-auto: " + boot + ": damaged (a directory, not a file)"), plot.err());
        assertTrue(lines.get(1).startsWith("lxc-auto: " + shutdown + ": damaged (unexpected value for 'containers'"),
                plot.err());
        assertEquals("lxc-auto: nothing to plot", lines.get(2));
    }
}
