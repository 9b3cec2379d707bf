package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lxcauto.state.RunRecord;
import org.lxcauto.state.StateStore;
import org.lxcauto.system.Json;

/**
 * Atomic writes under real SIGKILLs (docs/formats.md, atomic writes): a process writing the last
 * boot in a loop, through the agent's {@link StateStore}, is killed at a random moment, again and
 * again. After every kill the file is one of the two complete records, never torn or empty; at
 * most the killed writer's own temporary file is left, and the next writer removes it, so they
 * never pile up. The state directory is on a disk, where an fsync takes real time.
 */
class AtomicWriteKillTest {

    private static final int ITERATIONS = 200;
    private static final Duration BUDGET = Duration.ofSeconds(120);

    private Path dir;
    private Process writer;

    @BeforeEach
    void createDir() throws IOException {
        dir = Files.createTempDirectory(Path.of("/var/tmp"), "lxc-auto-kill-");
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (writer != null && writer.isAlive()) {
            writer.destroyForcibly().waitFor();
        }
        Commands.run("rm", "-rf", "--one-file-system", dir.toString());
    }

    @Test
    void killedWriterLeavesTheOldOrTheNewFileAndNoPileOfTemporaries() throws Exception {
        StateStore store = new StateStore(dir);
        Path file = dir.resolve("last-boot.json");
        RunRecord small = StateWriterLoop.small();
        RunRecord large = StateWriterLoop.large();
        Set<String> whole = Set.of(text(small), text(large));
        store.saveRun(small);

        Instant deadline = Instant.now().plus(BUDGET);
        int kills = 0;
        int midWrite = 0; // kills that left a temporary file: they landed inside a write
        while (kills < ITERATIONS && Instant.now().isBefore(deadline)) {
            writer = startWriter();
            Thread.sleep(ThreadLocalRandom.current().nextInt(100)); // the random moment of the kill, not a wait
            writer.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
            assertTrue(writer.waitFor(10, TimeUnit.SECONDS), "the killed writer did not go");
            kills++;

            String content = Files.readString(file);
            assertTrue(whole.contains(content), "after kill " + kills + ", last-boot.json is torn: "
                    + content.length() + " characters, ending '" + content.substring(Math.max(0, content.length() - 40)) + "'");
            RunRecord read = store.lastRun("boot").orElseThrow();
            assertTrue(read.equals(small) || read.equals(large), "after kill " + kills);
            List<Path> temporaries = temporaries();
            assertTrue(temporaries.size() <= 1, "after kill " + kills + ", temporary files pile up: " + temporaries);
            midWrite += temporaries.size();
        }
        System.out.println(kills + " kills, " + midWrite + " in the middle of a write");
        assertTrue(kills >= 50, "only " + kills + " kills within " + BUDGET.toSeconds() + "s");
        assertTrue(midWrite > 0, "no kill landed inside a write: the test proved nothing");

        store.saveRun(small);
        assertEquals(List.of(), temporaries(), "the next write removes what killed writers left");
        assertEquals(text(small), Files.readString(file));
    }

    /** A writer JVM, once it has said it is about to write. */
    private Process startWriter() throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), StateWriterLoop.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder said = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.equals("writing")) {
                return process;
            }
            said.append(line).append('\n');
        }
        process.destroyForcibly();
        throw new AssertionError("the writer did not start:\n" + said);
    }

    private static String text(RunRecord run) {
        return Json.document(run);
    }

    private List<Path> temporaries() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
