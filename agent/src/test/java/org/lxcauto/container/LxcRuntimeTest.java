package org.lxcauto.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lxcauto.system.CommandResult;
import org.lxcauto.system.FakeClock;
import org.lxcauto.system.FakeCommandRunner;

/** {@link LxcRuntime} with a scripted command runner: the exact argv it runs and how it reads the answers. */
class LxcRuntimeTest {

    private static final String P = "/srv/lxc";
    private static final ContainerRef WEB = new ContainerRef.Lxc(Path.of(P), "web");

    @TempDir
    Path logs;

    private final FakeCommandRunner runner = new FakeCommandRunner();
    private final FakeClock clock = new FakeClock();
    private LxcRuntime lxc;

    @org.junit.jupiter.api.BeforeEach
    void runtime() {
        lxc = new LxcRuntime(runner, clock, logs);
    }

    private FakeCommandRunner.Script stateQuery() {
        return runner.on("lxc-info", "-P", P, "-n", "web", "-s", "-H");
    }

    private FakeCommandRunner.Script cleanStop() {
        return runner.on("lxc-stop", "-P", P, "-n", "web", "--nokill");
    }

    private FakeCommandRunner.Script kill() {
        return runner.on("lxc-stop", "-P", P, "-n", "web", "-k");
    }

    /** An lxc-stop that waits out its -t, the container still running: exit 1. */
    private CommandResult waitsOut(List<String> argv) {
        clock.advance(Duration.ofSeconds(Long.parseLong(option(argv, "-t"))));
        return new CommandResult(argv, 1, "", "", false);
    }

    /** The -t of every lxc-stop --nokill run, in order. */
    private List<String> haltWaits() {
        return runner.argvs().stream().filter(a -> a.contains("--nokill")).map(a -> option(a, "-t")).toList();
    }

    /** The value after {@code option} in {@code argv}. */
    private static String option(List<String> argv, String option) {
        return argv.get(argv.indexOf(option) + 1);
    }

    @Test
    void startRunsLxcStartDaemonizedWithALogOfItsOwnInTheStateDirectory() throws Exception {
        Files.writeString(logs.resolve("web.log"), "lines of an earlier start\n");
        runner.on("lxc-start").prints("");
        assertEquals(StartOutcome.STARTED, lxc.start(WEB));

        List<String> argv = runner.argvs().get(0);
        assertEquals(List.of("lxc-start", "-P", P, "-n", "web", "-d", "-o", logs.resolve("web.log").toString()),
                argv.subList(0, 8));
        assertEquals(List.of("-l", "INFO"), argv.subList(8, 10));
        assertEquals(10, argv.size(), argv::toString);
        assertFalse(Files.exists(logs.resolve("web.log")), "only this start's lines are kept");
    }

    @Test
    void startGoesOnWithoutALogWhenTheLogCannotBeKept() throws Exception {
        Path notADirectory = Files.writeString(logs.resolve("file"), "");
        LxcRuntime unloggable = new LxcRuntime(runner, clock, notADirectory);
        runner.on("lxc-start").prints("");
        assertEquals(StartOutcome.STARTED, unloggable.start(WEB));
        assertEquals(List.of("lxc-start", "-P", P, "-n", "web", "-d"), runner.argvs().get(0),
                "lxc-start refuses to start when it cannot open its log");
        assertEquals(ContainerExit.Cause.UNKNOWN, unloggable.lastExit(WEB).cause());
    }

    @Test
    void containerRunningAlreadyIsReportedFromLxcStartsOwnWords() throws Exception {
        runner.on("lxc-start").exits(0, "", "lxc-start: web: ../src/lxc/tools/lxc_start.c: main: 256 Container is already running\n");
        assertEquals(StartOutcome.ALREADY_RUNNING, lxc.start(WEB));
        assertEquals(1, runner.calls().size(), "no state query before the start");
    }

    @Test
    void lastExitReadsHowLxcSaysTheInitEnded() throws Exception {
        Files.writeString(logs.resolve("web.log"), "lxc-start web 20260101 INFO error - error.c:34 - Child <28879> ended"
                + " on signal Interrupt(2)\n");
        assertEquals(ContainerExit.Cause.POWEROFF, lxc.lastExit(WEB).cause());
        Files.writeString(logs.resolve("web.log"), "lxc-start web 20260101 INFO error - error.c:34 - Child <28867> ended"
                + " on signal Killed(9)\n");
        assertEquals(ContainerExit.Cause.FAILED, lxc.lastExit(WEB).cause());
        assertTrue(lxc.lastExit(WEB).detail().contains("Killed(9)"));
        Files.writeString(logs.resolve("web.log"), "lxc-start web 20260101 INFO start - start.c:1 - Started\n");
        assertEquals(ContainerExit.Cause.EXITED, lxc.lastExit(WEB).cause());
        Files.delete(logs.resolve("web.log"));
        assertEquals(ContainerExit.Cause.UNKNOWN, lxc.lastExit(WEB).cause());
    }

    @Test
    void failedStartReportsTheFirstErrorOfLxcsLog() {
        runner.on("lxc-start").does(argv -> {
            write(Path.of(option(argv, "-o")), "lxc-start web 20260101000000.000 ERROR network - network.c:711 -"
                    + " No such device - Failed to attach \"vethA1\" to bridge \"br0\"\n"
                    + "lxc-start web 20260101000000.001 ERROR start - start.c:2000 - Failed to spawn container \"web\"\n");
            return new CommandResult(argv, 1, "", "lxc-start: web: The container failed to start\n", false);
        });
        ContainerException e = assertThrows(ContainerException.class, () -> lxc.start(WEB));
        assertEquals("lxc-start failed: No such device - Failed to attach \"vethA1\" to bridge \"br0\"", e.getMessage());
    }

    @Test
    void failedStartWithoutALogFallsBackToStderr() {
        runner.on("lxc-start").exits(1, "", "lxc-start: web: tools/lxc_start.c: main: 306 The container failed to start\n");
        ContainerException e = assertThrows(ContainerException.class, () -> lxc.start(WEB));
        assertEquals("lxc-start failed: lxc-start: web: tools/lxc_start.c: main: 306 The container failed to start",
                e.getMessage());
    }

    @Test
    void ephemeralStartCopiesTheBaseWithLxcCopy() throws Exception {
        runner.on("lxc-copy").prints("Created web-ephemeral as clone of web\n");
        lxc.startEphemeral(WEB, new ContainerRef.Lxc(Path.of(P), "web-ephemeral"), List.of());

        List<String> argv = runner.argvs().get(0);
        assertEquals(List.of("lxc-copy", "-P", P, "-n", "web", "-N", "web-ephemeral", "-e", "-o"), argv.subList(0, 9));
        assertEquals(List.of("-l", "INFO"), argv.subList(10, 12));
    }

    @Test
    void keptDirectoriesAreMadeFromTheBaseRootfsAndBindMountedIntoTheCopy(@TempDir Path tmp) throws Exception {
        Path rootfs = Files.createDirectories(tmp.resolve("web/rootfs"));
        Files.createDirectories(rootfs.resolve("var/spool/postfix"));
        Path keep = tmp.resolve("keep");
        LxcRuntime runtime = new LxcRuntime(runner, clock, logs, keep);
        runner.on("lxc-info", "-P", P, "-n", "web", "-c", "lxc.rootfs.path").prints("lxc.rootfs.path = dir:" + rootfs + "\n");
        runner.on("cp").does(argv -> {
            try {
                Files.createDirectories(Path.of(argv.get(argv.size() - 1)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new CommandResult(argv, 0, "", "", false);
        });
        runner.on("lxc-copy").prints("");

        runtime.startEphemeral(WEB, new ContainerRef.Lxc(Path.of(P), "web-ephemeral"),
                List.of(Path.of("/var/spool/postfix"), Path.of("/var/log")));

        List<String> copy = runner.argvs().get(runner.argvs().size() - 1);
        assertEquals(List.of("lxc-copy", "-P", P, "-n", "web", "-N", "web-ephemeral", "-e",
                "-m", "bind=" + keep.resolve("web/var/spool/postfix") + ":/var/spool/postfix",
                "-m", "bind=" + keep.resolve("web/var/log") + ":/var/log"), copy.subList(0, 12));
        assertEquals(1, runner.argvs().stream().filter(a -> a.contains("lxc.rootfs.path")).count(),
                "the rootfs is asked for once");
        assertTrue(Files.isDirectory(keep.resolve("web/var/log")));
    }

    @Test
    void aRootfsOnAnotherBackingStoreIsNoSourceForAKeptDirectory(@TempDir Path tmp) {
        LxcRuntime runtime = new LxcRuntime(runner, clock, logs, tmp.resolve("keep"));
        runner.on("lxc-info", "-P", P, "-n", "web", "-c", "lxc.rootfs.path").prints("lxc.rootfs.path = lvm:/dev/vg/web\n");
        ContainerException e = assertThrows(ContainerException.class, () -> runtime.startEphemeral(WEB,
                new ContainerRef.Lxc(Path.of(P), "web-ephemeral"), List.of(Path.of("/srv"))));
        assertTrue(e.getMessage().contains(": the rootfs of 'web' is 'lvm:/dev/vg/web', not a directory lxc-auto can"
                + " copy from; create " + tmp.resolve("keep/web/srv") + " yourself"), e.getMessage());
        assertTrue(runner.argvs().stream().noneMatch(a -> a.get(0).equals("lxc-copy")), "no start without it");
    }

    @Test
    void aLeftoverCopyLosesItsEphemeralFlagAndIsDestroyed(@TempDir Path lxcpath) throws Exception {
        ContainerRef copy = new ContainerRef.Lxc(lxcpath, "web-ephemeral");
        Path config = lxcpath.resolve("web-ephemeral/config");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "lxc.uts.name = web-ephemeral\nlxc.ephemeral = 1\nlxc.mount.entry = /k srv none bind 0 0\n");
        String p = lxcpath.toString();
        runner.on("lxc-info", "-P", p, "-n", "web-ephemeral", "-c", "lxc.ephemeral").prints("lxc.ephemeral = 1\n");
        runner.on("lxc-destroy").prints("Destroyed container web-ephemeral\n");
        runner.on("lxc-info", "-P", p, "-n", "web-ephemeral", "-s").exits(1, "", "web-ephemeral doesn't exist\n");

        lxc.destroyLeftoverCopy(copy);

        assertEquals("lxc.uts.name = web-ephemeral\nlxc.mount.entry = /k srv none bind 0 0\n", Files.readString(config),
                "lxc-destroy leaves a container flagged ephemeral in place");
        assertTrue(runner.argvs().contains(List.of("lxc-destroy", "-P", p, "-n", "web-ephemeral")));
    }

    @Test
    void aCopyLxcFinishesDestroyingMeanwhileIsNoError() throws Exception {
        runner.on("lxc-info", "-P", P, "-n", "web-ephemeral", "-c", "lxc.ephemeral").exits(1, "",
                "web-ephemeral doesn't exist\n");
        runner.on("lxc-info", "-P", P, "-n", "web-ephemeral", "-s").exits(1, "", "web-ephemeral doesn't exist\n");
        lxc.destroyLeftoverCopy(new ContainerRef.Lxc(Path.of(P), "web-ephemeral"));
        assertTrue(runner.argvs().stream().noneMatch(a -> a.get(0).equals("lxc-destroy")), runner.argvs()::toString);
    }

    @Test
    void aStoppedContainerNamedLikeACopyButNoCopyIsNeverDestroyed() {
        runner.on("lxc-info", "-P", P, "-n", "web-ephemeral", "-s").prints("STOPPED\n");
        runner.on("lxc-info", "-P", P, "-n", "web-ephemeral", "-c", "lxc.ephemeral").prints("lxc.ephemeral = 0\n");
        ContainerException e = assertThrows(ContainerException.class,
                () -> lxc.destroyLeftoverCopy(new ContainerRef.Lxc(Path.of(P), "web-ephemeral")));
        assertEquals("'web-ephemeral' exists, stopped, and is not an ephemeral copy (lxc.ephemeral is not 1), so"
                + " lxc-auto will not destroy it; rename or destroy it ('lxc-destroy -P /srv/lxc -n web-ephemeral')",
                e.getMessage());
        assertTrue(runner.argvs().stream().noneMatch(a -> a.get(0).equals("lxc-destroy")), runner.argvs()::toString);
    }

    @Test
    void aCopyThatLxcDestroyLeavesIsReported(@TempDir Path lxcpath) throws Exception {
        Path config = lxcpath.resolve("web-ephemeral/config");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "lxc.ephemeral = 1\n");
        String p = lxcpath.toString();
        runner.on("lxc-info", "-P", p, "-n", "web-ephemeral", "-c", "lxc.ephemeral").prints("lxc.ephemeral = 1\n");
        runner.on("lxc-destroy").prints("");
        runner.on("lxc-info", "-P", p, "-n", "web-ephemeral", "-s").prints("STOPPED\n");
        ContainerException e = assertThrows(ContainerException.class,
                () -> lxc.destroyLeftoverCopy(new ContainerRef.Lxc(lxcpath, "web-ephemeral")));
        assertEquals("cannot remove the leftover copy 'web-ephemeral': lxc-destroy left it in place; remove it with"
                + " 'lxc-destroy -P " + p + " -n web-ephemeral'", e.getMessage());
    }

    @Test
    void haltHeardAtOnceIsOneLxcStopWithNokillAndNoStateQuery() throws Exception {
        cleanStop().prints("");
        assertEquals(StopOutcome.CLEAN, lxc.stop(WEB, Duration.ofSeconds(30)));

        List<FakeCommandRunner.Call> calls = runner.calls();
        assertEquals(1, calls.size(), calls::toString);
        assertEquals(List.of("lxc-stop", "-P", P, "-n", "web", "--nokill", "-t", "1"), calls.get(0).argv());
        assertTrue(calls.get(0).timeout().compareTo(Duration.ofSeconds(1)) > 0,
                "the runner gives lxc-stop more than its own -t");
    }

    @Test
    void containerNotRunningIsToldByLxcStopsExitStatus() throws Exception {
        cleanStop().exits(2, "", "lxc-stop: web: tools/lxc_stop.c: main: 168 web is not running\n");
        assertEquals(StopOutcome.NOT_RUNNING, lxc.stop(WEB, Duration.ofSeconds(30)));
        assertEquals(1, runner.calls().size(), runner.argvs()::toString);
    }

    @Test
    void haltMissedTheFirstTimeIsSentAgainAfterASecondAndThenIsClean() throws Exception {
        cleanStop().does(this::waitsOut).prints("");
        assertEquals(StopOutcome.CLEAN, lxc.stop(WEB, Duration.ofSeconds(30)));
        assertEquals(List.of("1", "2"), haltWaits(), "sent again, once, after 1 s");
        assertEquals(Duration.ofSeconds(1), clock.elapsed(), "clean 1 s after the first halt, not at the timeout");
        assertTrue(runner.argvs().stream().noneMatch(a -> a.contains("-k")), "no kill");
    }

    @Test
    void haltIsSentAgainAfter1Then2Then4ThenEvery5SecondsUntilTheTimeoutThenKilled() throws Exception {
        List<Duration> sentAt = new java.util.ArrayList<>();
        cleanStop().does(argv -> {
            sentAt.add(clock.elapsed());
            return waitsOut(argv);
        });
        kill().prints("");
        assertEquals(StopOutcome.FORCED, lxc.stop(WEB, Duration.ofSeconds(30)));
        assertEquals(List.of("1", "2", "4", "5", "5", "5", "5", "3"), haltWaits(), "the last wait ends at the timeout");
        assertEquals(List.of(0, 1, 3, 7, 12, 17, 22, 27), sentAt.stream().map(d -> (int) d.toSeconds()).toList());
        assertEquals(Duration.ofSeconds(30), clock.elapsed(), "killed at stop-timeout, not before");
        assertEquals(List.of("lxc-stop", "-P", P, "-n", "web", "-k"), runner.argvs().get(runner.argvs().size() - 1));
    }

    @Test
    void containerThatStoppedBetweenTwoHaltsIsClean() throws Exception {
        cleanStop().does(this::waitsOut).exits(2, "", "lxc-stop: web: web is not running\n");
        assertEquals(StopOutcome.CLEAN, lxc.stop(WEB, Duration.ofSeconds(30)), "it was running at the first halt");
    }

    @Test
    void lxcStopThatFailsAtOnceIsRetriedOnTheClockNotInATightLoop() throws Exception {
        cleanStop().exits(1, "", "lxc-stop: web: Failed to send signal\n").prints("");
        assertEquals(StopOutcome.CLEAN, lxc.stop(WEB, Duration.ofSeconds(30)));
        assertEquals(List.of(Duration.ofSeconds(1)), clock.sleeps(), "the rest of the first wait, on the clock");
        assertEquals(List.of("1", "2"), haltWaits());
    }

    @Test
    void haltIgnoredIsKilledAndReportedForced() throws Exception {
        cleanStop().does(this::waitsOut);
        kill().prints("");
        assertEquals(StopOutcome.FORCED, lxc.stop(WEB, Duration.ofSeconds(10)));
        assertEquals(List.of("1", "2", "4", "3"), haltWaits());
        assertEquals(List.of("lxc-stop", "-P", P, "-n", "web", "-k"), runner.argvs().get(4));
    }

    @Test
    void containerThatStoppedJustAfterTheTimeoutIsClean() throws Exception {
        cleanStop().does(this::waitsOut);
        kill().exits(2, "", "lxc-stop: web: web is not running\n");
        assertEquals(StopOutcome.CLEAN, lxc.stop(WEB, Duration.ofSeconds(10)));
    }

    @Test
    void killThatFailsWhileStillRunningThrows() {
        cleanStop().does(this::waitsOut);
        kill().exits(1, "", "lxc-stop: web: Operation not permitted\n");
        stateQuery().prints("RUNNING\n");
        ContainerException e = assertThrows(ContainerException.class, () -> lxc.stop(WEB, Duration.ofSeconds(10)));
        assertEquals("lxc-stop -k failed: lxc-stop: web: Operation not permitted", e.getMessage());
    }

    @Test
    void lessThanASecondLeftKillsAtOnce() throws Exception {
        kill().prints("");
        assertEquals(StopOutcome.FORCED, lxc.stop(WEB, Duration.ZERO));
        assertTrue(runner.argvs().stream().noneMatch(a -> a.contains("--nokill")), runner.argvs()::toString);
    }

    @Test
    void missingContainerIsMissing() throws Exception {
        stateQuery().exits(1, "", "web doesn't exist\n");
        assertEquals(ContainerState.MISSING, lxc.state(WEB));
    }

    @Test
    void stateParsesLxcInfo() throws Exception {
        stateQuery().prints("RUNNING\n");
        assertEquals(ContainerState.RUNNING, lxc.state(WEB));
    }

    @Test
    void ipv4IsTheFirstIpv4AddressAmongIpv6Ones() throws Exception {
        runner.on("lxc-info", "-P", P, "-n", "web", "-i", "-H")
                .prints("fd42:4c2b:8a6f::17\nfe80::216:3eff:fe12:3456\n10.0.3.17\n172.17.0.1\n");
        assertEquals(Optional.of("10.0.3.17"), lxc.ipv4(WEB));
    }

    @Test
    void ipv4IsEmptyWithOnlyIpv6() throws Exception {
        runner.on("lxc-info", "-P", P, "-n", "web", "-i", "-H").prints("fe80::216:3eff:fe12:3456\n");
        assertEquals(Optional.empty(), lxc.ipv4(WEB));
    }

    @Test
    void execRunsLxcAttachWithAnArgumentVector() throws Exception {
        runner.on("lxc-attach").exits(3, "", "no response\n");
        CommandResult result = lxc.exec(WEB, List.of("pg_isready", "-h", "localhost; rm -rf /"), Duration.ofSeconds(2));
        assertEquals(3, result.exitCode());
        assertEquals("no response", result.lastErrorLine());
        assertEquals(List.of("lxc-attach", "-P", P, "-n", "web", "--clear-env", "--", "pg_isready", "-h",
                "localhost; rm -rf /"), runner.argvs().get(0));
        assertEquals(Duration.ofSeconds(2), runner.calls().get(0).timeout());
    }

    @Test
    void execThatTimesOutSaysSo() throws Exception {
        runner.on("lxc-attach").timesOut();
        assertTrue(lxc.exec(WEB, List.of("true"), Duration.ofSeconds(2)).timedOut());
    }

    @Test
    void runningListsOneNamePerLine(@TempDir Path lxcpath) throws Exception {
        runner.on("lxc-ls", "-P", lxcpath.toString(), "--running", "-1").prints("db\nweb\n\n");
        assertEquals(Set.of("db", "web"), lxc.running(lxcpath));
    }

    @Test
    void runningUnderAMissingLxcpathIsEmptyWithoutRunningLxcLs(@TempDir Path dir) throws Exception {
        assertEquals(Set.of(), lxc.running(dir.resolve("absent")));
        assertEquals(List.of(), runner.calls());
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
