package org.lxcauto.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real processes: run to completion, start without waiting, time out from the start, follow a monitor. */
@Timeout(10)
class ProcessCommandRunnerTest {

    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void runGivesExitStatusAndOutput() throws Exception {
        CommandResult result = runner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(5));
        assertEquals(3, result.exitCode());
        assertEquals("out\n", result.stdout());
        assertEquals("err\n", result.stderr());
    }

    @Test
    void startReturnsWhileTheCommandRunsAndAwaitGivesItsResult() throws Exception {
        long begin = System.nanoTime();
        CommandRunner.Running running = runner.start(List.of("sh", "-c", "sleep 0.5; echo done"), Duration.ofSeconds(5));
        long started = System.nanoTime() - begin;
        assertTrue(started < 400_000_000L, "start waited " + started / 1_000_000 + " ms for the command");
        CommandResult result = running.await();
        assertEquals("done\n", result.stdout());
        assertTrue(System.nanoTime() - begin >= 500_000_000L);
    }

    @Test
    void timeoutCountsFromTheStartNotFromAwait() throws Exception {
        CommandRunner.Running running = runner.start(List.of("sleep", "5"), Duration.ofMillis(300));
        Thread.sleep(600);
        long begin = System.nanoTime();
        CommandResult result = running.await();
        assertTrue(result.timedOut());
        assertTrue(System.nanoTime() - begin < 300_000_000L, "await waited a whole timeout again");
    }

    /**
     * A child that leaves a process of its own holding its output pipe, outside its process tree
     * (as systemd-run --pipe hands the pipe to a service): the result comes once the child has
     * ended, not when that process lets go (60 s later, past the class's timeout).
     */
    @Test
    void aPipeHeldOpenOutsideTheChildsTreeDoesNotHoldBackTheResult(@TempDir Path dir) throws Exception {
        Path holder = dir.resolve("holder.pid");
        try {
            CommandResult result = runner.run(List.of("sh", "-c", "(sleep 60 & echo $! > " + holder + "); echo done"),
                    Duration.ofSeconds(5));
            assertEquals(0, result.exitCode());
            assertEquals("done\n", result.stdout());
        } finally {
            endHolder(holder);
        }
    }

    @Test
    void aCommandThatTimesOutIsAnsweredThoughSomethingStillHoldsItsPipe(@TempDir Path dir) throws Exception {
        Path holder = dir.resolve("holder.pid");
        try {
            CommandResult result = runner.run(List.of("sh", "-c", "(sleep 60 & echo $! > " + holder + "); echo begun; sleep 30"),
                    Duration.ofMillis(500));
            assertTrue(result.timedOut());
            assertEquals("begun\n", result.stdout());
        } finally {
            endHolder(holder);
        }
    }

    /** Ends the process a test left holding the pipe, by its PID. */
    private static void endHolder(Path pidFile) throws java.io.IOException {
        if (Files.exists(pidFile)) {
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void missingProgramIsACommandException() {
        CommandException e = assertThrows(CommandException.class,
                () -> runner.start(List.of("lxc-auto-no-such-program"), Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("is it installed and on PATH?"), e.getMessage());
    }

    @Test
    void followHandsOverEveryLineInOrderAndCloseEndsTheProgram() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        CommandRunner.Following following = runner.follow(
                List.of("sh", "-c", "echo one; echo two >&2; echo $$; exec sleep 30"), lines::add);
        try {
            assertEquals("one", lines.poll(5, TimeUnit.SECONDS));
            assertEquals("two", lines.poll(5, TimeUnit.SECONDS));
            long pid = Long.parseLong(lines.poll(5, TimeUnit.SECONDS));
            ProcessHandle program = ProcessHandle.of(pid).orElseThrow();
            following.close();
            program.onExit().get(5, TimeUnit.SECONDS);
            assertTrue(!program.isAlive(), "still running after close");
        } finally {
            following.close();
        }
    }

    @Test
    void followingAMissingProgramIsACommandException() {
        CommandException e = assertThrows(CommandException.class,
                () -> runner.follow(List.of("lxc-auto-no-such-program"), line -> { }));
        assertTrue(e.getMessage().contains("is it installed and on PATH?"), e.getMessage());
    }
}
