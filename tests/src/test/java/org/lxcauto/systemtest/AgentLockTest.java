package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One agent at a time, on real containers and a real (private) system bus: the lock
 * {@code STATE_DIR/lock} keeps a second daemon from supervising the daemon's containers, keeps
 * {@code boot} and {@code shutdown} from acting beside a daemon, makes a boot wait for the boot
 * that holds it, and dies with a SIGKILLed holder.
 */
class AgentLockTest extends LabTest {

    /** Exit status of a command refused for the lock (docs/commands.md). */
    private static final int LOCKED = 75;
    /** "Within a few seconds": a JVM's start on a loaded machine, and no boot. */
    private static final long PROMPT_MS = 10_000;

    @Test
    void aSecondDaemonOrABootBesideTheDaemonIsRefusedAndAKilledDaemonFreesTheLock() throws Exception {
        String db = lab.container("db", "", Map.of("ready-after", "0.2"));
        lab.entry("db", "[container]\nname = " + db + "\nready = exec:test -f /ready\n");
        String web = lab.container("web", "", Map.of());
        lab.entry("web", "[container]\nname = " + web + "\nafter = " + db + "\n");
        Path lock = lab.stateDir.resolve("lock");
        List<ProcessHandle> orphans = new ArrayList<>();
        try (PrivateBus bus = PrivateBus.start(lab.dir)) {
            lab.bus = bus.address;
            DaemonProcess first = DaemonProcess.start(lab, "first");
            try (first) {
                first.awaitNotification("READY=1", 60);
                assertEquals(first.pid() + " daemon\n", Files.readString(lock));
                long dbStarts = lab.count(db, "start");
                long webStarts = lab.count(web, "start");
                assertEquals(1, dbStarts);

                // A second daemon: refused at once, naming the first, before it starts anything.
                long before = System.nanoTime();
                try (DaemonProcess second = DaemonProcess.start(lab, "second")) {
                    int status = second.awaitExit(60);
                    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
                    assertEquals(LOCKED, status, second.output());
                    assertTrue(took < PROMPT_MS, "the second daemon took " + took + " ms to give up");
                    assertTrue(second.output().contains("lxc-auto: another lxc-auto daemon (PID " + first.pid()
                            + ") holds " + lock + "; it is already supervising the containers"), second.output());
                    assertFalse(second.output().contains("boot:"), "the second daemon booted nothing: " + second.output());
                    assertTrue(second.notifications().isEmpty(), "nor told systemd anything: " + second.notifications());
                }

                // A boot or a shutdown beside the daemon: refused at once, saying what to do instead.
                before = System.nanoTime();
                Commands.Result boot = lab.agent("boot");
                long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
                assertEquals(LOCKED, boot.exitCode(), boot.all());
                assertTrue(took < PROMPT_MS, "the boot took " + took + " ms to give up");
                assertTrue(boot.stderr().contains("lxc-auto: the lxc-auto daemon (PID " + first.pid() + ") holds " + lock
                        + ": it has booted the containers and supervises them; run 'lxc-auto reload'"), boot.stderr());
                Commands.Result shutdown = lab.agent("shutdown");
                assertEquals(LOCKED, shutdown.exitCode(), shutdown.all());
                assertTrue(shutdown.stderr().contains("'kill -PWR " + first.pid() + "'"), shutdown.stderr());
                assertEquals("RUNNING", lab.state(db), "the refused shutdown stopped nothing");
                assertEquals(dbStarts, lab.count(db, "start"), "db was never started twice");
                assertEquals(webStarts, lab.count(web, "start"), "web was never started twice");

                // start and stop still go through the daemon, which holds its own lock meanwhile.
                Commands.Result stop = lab.agent("stop", web);
                assertEquals(0, stop.exitCode(), stop.all());
                assertEquals("STOPPED", lab.state(web));
                Commands.Result start = lab.agent("start", web);
                assertEquals(0, start.exitCode(), start.all());
                assertEquals("RUNNING", lab.state(web));
                assertTrue(first.output().contains(web + ": starting"), "the daemon did the work");

                // SIGKILL: the daemon cannot release anything; the kernel does. Its helpers
                // (lxc-monitor) outlive it, and are ended below.
                orphans.addAll(ProcessHandle.of(first.pid()).orElseThrow().children().toList());
                first.signal("KILL");
                first.awaitExit(30);
            }
            try (DaemonProcess third = DaemonProcess.start(lab, "third")) {
                third.awaitNotification("READY=1", 60);
                assertTrue(third.output().contains(db + ": already running, adopting it"), third.output());
                assertEquals(third.pid() + " daemon\n", Files.readString(lock));
                assertEquals(1, lab.count(db, "start"), "db was started once in all");

                // The daemon's own host shutdown runs under its own lock.
                third.signal("PWR");
                third.awaitNotification("Stopping containers: 2/2 stopped", 60);
                assertEquals("STOPPED", lab.state(db));
                third.signal("TERM");
                assertEquals(0, third.awaitExit(30), third.output());
            }
            assertEquals("", Files.readString(lock), "a daemon that left names no holder");
        } finally {
            orphans.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aBootWaitsForTheBootThatHoldsTheLockThenAdopts() throws Exception {
        String slow = lab.container("slow", "", Map.of("ready-after", "3"));
        lab.entry("slow", "[container]\nname = " + slow + "\nready = exec:test -f /ready\n");
        Path lock = lab.stateDir.resolve("lock");
        CompletableFuture<Commands.Result> first = CompletableFuture.supplyAsync(() -> lab.agent("boot"));
        long holder = awaitHolder(lock, "boot", first);

        Commands.Result second = lab.agent("boot");
        Commands.Result firstResult = first.join();
        assertEquals(0, firstResult.exitCode(), firstResult.all());
        assertEquals(0, second.exitCode(), second.all());
        assertTrue(second.stderr().startsWith("lxc-auto: waiting for 'lxc-auto boot' (PID " + holder
                + ") to finish: it holds " + lock + "\n"), second.stderr());
        assertEquals(1, second.stderr().split("waiting for", -1).length - 1, "said once: " + second.stderr());
        assertTrue(second.stderr().contains(slow + ": already running, adopting it"), second.stderr());
        assertEquals(1, lab.count(slow, "start"), "started once");
        // The second began only once the first had finished, not beside it.
        LocalTime firstDone = lastLogTime(firstResult.stderr());
        LocalTime secondBegan = firstLogTime(second.stderr());
        assertFalse(secondBegan.isBefore(firstDone), "second began " + secondBegan + ", first done " + firstDone);
    }

    @Test
    void aReadOnlyStateDirectoryIsAWarningAndTheBootGoesOn() throws Exception {
        Path readOnly = Files.createDirectory(lab.dir.resolve("ro"));
        Commands.ok("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", readOnly.toString());
        try {
            List<String> argv = new ArrayList<>(List.of(Lab.AGENT.toString(), "boot"));
            argv.addAll(lab.paths());
            argv.set(argv.indexOf(lab.stateDir.toString()), readOnly.resolve("state").toString());
            Commands.Result boot = Commands.run(argv, Map.of(), 120);
            assertEquals(0, boot.exitCode(), boot.all());
            assertTrue(boot.stderr().contains("lxc-auto: warning: cannot take the lock " + readOnly.resolve("state/lock")
                    + ": read-only file system; going on without it: another agent could act at the same time"),
                    boot.stderr());
            assertTrue(boot.stderr().contains("boot: 0 of 0 container(s) ready"), boot.stderr());
        } finally {
            Commands.ok("umount", readOnly.toString());
        }
    }

    /** The PID the lock file names once {@code kind} holds it; fails if {@code running} ends first. */
    private static long awaitHolder(Path lock, String kind, CompletableFuture<Commands.Result> running)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String line = Files.exists(lock) ? Files.readString(lock).strip() : "";
            if (line.endsWith(" " + kind)) {
                return Long.parseLong(line.split(" ")[0]);
            }
            if (running.isDone()) {
                throw new AssertionError("finished before it was seen holding " + lock + ": " + running.join().all());
            }
            Thread.sleep(20); // polling a file: nothing to wait on
        }
        throw new AssertionError(lock + " never named a '" + kind + "'");
    }

    private static LocalTime firstLogTime(String log) {
        return log.lines().filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*")).findFirst()
                .map(l -> LocalTime.parse(l.substring(0, 12))).orElseThrow(() -> new AssertionError("no log line: " + log));
    }

    private static LocalTime lastLogTime(String log) {
        return log.lines().filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*")).reduce((a, b) -> b)
                .map(l -> LocalTime.parse(l.substring(0, 12))).orElseThrow(() -> new AssertionError("no log line: " + log));
    }
}
