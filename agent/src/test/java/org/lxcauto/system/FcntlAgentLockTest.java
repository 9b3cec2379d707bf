package org.lxcauto.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real lock on real files, against a second JVM ({@link LockProbe}): POSIX locks exclude only
 * other processes, die with their process, and are lost by closing any descriptor of the file, so
 * each of these needs a process of its own to see.
 */
@SuppressWarnings("try") // a lock held for a block's length, not used in it
class FcntlAgentLockTest {

    @TempDir
    Path dir;

    private final List<Process> probes = new ArrayList<>();
    private final long me = ProcessHandle.current().pid();

    @AfterEach
    void killProbes() throws InterruptedException {
        for (Process probe : probes) {
            probe.destroyForcibly().waitFor();
        }
    }

    @Test
    void takesTheLockWritesItsHolderAndEmptiesTheLineAtRelease() throws IOException {
        Path file = dir.resolve("state/lock");
        FcntlAgentLock lock = new FcntlAgentLock(file);
        try (AgentLock.Held held = assertInstanceOf(AgentLock.Held.class, lock.tryLock("boot"))) {
            assertEquals(me + " boot\n", read(file), "the state directory is created, the holder named");
            assertEquals("busy " + me + " boot", probe("try", file, "start web"));
        }
        assertEquals("", Files.readString(file), "no holder line outlives the holder");
        assertEquals("held", probe("try", file, "boot"));
    }

    @Test
    void anotherProcessHoldingItIsNamedAndItsDeathBySigkillFreesIt() throws Exception {
        Path file = dir.resolve("lock");
        Files.writeString(file, "1 stale line of a longer holder that was killed\n");
        Process holder = hold("hold", file, "daemon");
        AgentLock.Busy busy = assertInstanceOf(AgentLock.Busy.class, new FcntlAgentLock(file).tryLock("daemon"));
        assertEquals(new LockHolder(holder.pid(), "daemon"), busy.holder().orElseThrow());

        holder.destroyForcibly().waitFor(); // SIGKILL: no release by the holder, only the kernel's
        try (AgentLock.Held held = assertInstanceOf(AgentLock.Held.class, new FcntlAgentLock(file).tryLock("daemon"))) {
            assertEquals(me + " daemon\n", read(file));
        }
    }

    @Test
    void aLineNamingADeadProcessIsNoHolder() throws Exception {
        Path file = dir.resolve("lock");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(file, gone.pid() + " daemon\n"); // what a killed daemon leaves
        hold("hold-silent", file, "-"); // the next holder, before it writes its own line
        AgentLock.Busy busy = assertInstanceOf(AgentLock.Busy.class, new FcntlAgentLock(file).tryLock("boot"));
        assertTrue(busy.holder().isEmpty(), "not the dead daemon: " + busy.holder());
    }

    @Test
    void aSecondTryInTheSameProcessAnswersWithoutLosingTheLock() throws IOException {
        Path file = dir.resolve("lock");
        try (AgentLock.Held held = assertInstanceOf(AgentLock.Held.class, new FcntlAgentLock(file).tryLock("daemon"))) {
            // Through another name of the same file, as a symlinked state directory would give.
            Path alias = Files.createSymbolicLink(dir.resolve("alias"), dir);
            for (int i = 0; i < 3; i++) {
                AgentLock.Busy busy = assertInstanceOf(AgentLock.Busy.class,
                        new FcntlAgentLock(alias.resolve("lock")).tryLock("boot"));
                assertEquals(new LockHolder(me, "daemon"), busy.holder().orElseThrow());
            }
            assertEquals("busy " + me + " daemon", probe("try", file, "boot"), "still held for other processes");
        }
        assertEquals("held", probe("try", file, "boot"));
    }

    @Test
    void aLockTakenByOtherCodeOfThisJvmIsBusyAndStaysTaken() throws IOException {
        Path file = dir.resolve("lock");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock raw = channel.lock()) {
            channel.write(java.nio.ByteBuffer.wrap((me + " boot\n").getBytes(StandardCharsets.UTF_8)));
            for (int i = 0; i < 3; i++) {
                AgentLock.Busy busy = assertInstanceOf(AgentLock.Busy.class, new FcntlAgentLock(file).tryLock("stop db"));
                assertEquals(new LockHolder(me, "boot"), busy.holder().orElseThrow());
            }
            assertTrue(raw.isValid());
            assertEquals("busy " + me + " boot", probe("try", file, "stop db"), "still held for other processes");
        }
    }

    @Test
    void aStateDirectoryThatCannotBeMadeIsNoLockToBeHad() throws IOException {
        Path file = Files.writeString(dir.resolve("state"), "a file where the directory should be").resolve("lock");
        AgentLock.Unavailable none = assertInstanceOf(AgentLock.Unavailable.class, new FcntlAgentLock(file).tryLock("boot"));
        assertEquals(dir.resolve("state") + " exists and is not a directory", none.cause());
    }

    @Test
    void causesAreInTheWordsOfTheSystem() {
        assertEquals("read-only file system",
                FcntlAgentLock.cause(new java.nio.file.FileSystemException("/x/lock", null, "Read-only file system")));
        assertEquals("permission denied", FcntlAgentLock.cause(new java.nio.file.AccessDeniedException("/x/lock")));
        assertEquals("/x: no such file or directory", FcntlAgentLock.cause(new java.nio.file.NoSuchFileException("/x")));
        assertEquals("No locks available", FcntlAgentLock.cause(new IOException("No locks available")));
    }

    /**
     * The lock file's content, read by another process: this one closing a descriptor of the file
     * would release its own lock (the trap {@link FcntlAgentLock} avoids).
     */
    private static String read(Path file) throws IOException {
        Process cat = new ProcessBuilder("cat", file.toString()).start();
        return new String(cat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Runs {@link LockProbe} {@code mode} to its first line and leaves it running; killed after the test. */
    private Process hold(String mode, Path file, String kind) throws Exception {
        Process probe = start(mode, file, kind);
        String first = firstLine(probe);
        assertEquals("held", first, "the probe could not take the lock");
        return probe;
    }

    /** Runs {@link LockProbe} {@code mode} and returns what it printed. */
    private String probe(String mode, Path file, String kind) throws IOException {
        Process probe = start(mode, file, kind);
        try {
            return firstLine(probe);
        } catch (Exception e) {
            throw new AssertionError("the probe said nothing", e);
        }
    }

    private Process start(String mode, Path file, String kind) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process probe = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LockProbe.class.getName(),
                mode, file.toString(), kind).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        probes.add(probe);
        return probe;
    }

    private static String firstLine(Process probe) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8));
        return CompletableFuture.supplyAsync(() -> {
            try {
                return String.valueOf(out.readLine());
            } catch (IOException e) {
                return "unreadable: " + e.getMessage();
            }
        }).get(30, TimeUnit.SECONDS);
    }
}
