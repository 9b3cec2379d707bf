package org.lxcauto.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lxcauto.config.Entries.config;
import static org.lxcauto.config.Entries.e;
import static org.lxcauto.lifecycle.Lookups.ref;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lxcauto.container.ContainerState;
import org.lxcauto.container.FakePortProbe;
import org.lxcauto.container.FakeRuntime;
import org.lxcauto.network.FakeLinkWatcher;
import org.lxcauto.network.FakeNetworkManager;
import org.lxcauto.plan.Selection;
import org.lxcauto.state.StateStore;
import org.lxcauto.system.FakeClock;

/**
 * A state directory that cannot be written does not fail a boot or a shutdown: the containers
 * start and stop, the exit status is theirs, and the log says which record was lost and what the
 * reports will show instead. (Read-only and full file systems are in the system tests; here a
 * directory in the way makes the write fail.)
 */
@Timeout(10)
class UnrecordedRunTest {

    @TempDir
    Path stateDir;

    private final FakeClock clock = new FakeClock();
    private final FakeRuntime runtime = new FakeRuntime(clock);

    private Host host() {
        return FakeHosts.host(runtime, new FakeLinkWatcher(), new FakePortProbe(), clock, new FakeNetworkManager(false));
    }

    @Test
    void bootStartsEverythingAndSaysWhatItCouldNotRecord() throws Exception {
        runtime.add(ref("db"));
        Path record = Files.createDirectory(stateDir.resolve("last-boot.json"));
        int exit;
        String log;
        try (LogCapture capture = new LogCapture(Boot.class)) {
            exit = new Boot(host(), new StateStore(stateDir)).run(config(e("db")), Selection.all(), "boot").exitCode();
            log = capture.all();
        }
        assertEquals(ExitCodes.OK, exit);
        assertEquals(ContainerState.RUNNING, runtime.stateOf(ref("db")));
        assertTrue(log.contains("WARN Cannot record the boot in " + record
                + ": is a directory; status, blame and plot will show the previous boot"), log);
    }

    @Test
    void shutdownStopsEverythingAndForgetsARunningListItCouldNotReplace() throws Exception {
        runtime.addRunning(ref("db"));
        Files.createDirectory(stateDir.resolve("running.json"));
        Path record = Files.createDirectory(stateDir.resolve("last-shutdown.json"));
        int exit;
        String log;
        try (LogCapture capture = new LogCapture(Shutdown.class)) {
            exit = new Shutdown(host(), new StateStore(stateDir)).run(config(e("db")), Selection.all(),
                    Duration.ofSeconds(60), "shutdown").exitCode();
            log = capture.all();
        }
        assertEquals(ExitCodes.OK, exit);
        assertEquals(ContainerState.STOPPED, runtime.stateOf(ref("db")));
        assertTrue(log.contains("WARN Cannot record the running containers in " + stateDir.resolve("running.json")
                + ": is a directory; on-boot = restore will start every entry"), log);
        assertFalse(Files.exists(stateDir.resolve("running.json")), "no record left for restore to trust");
        assertTrue(log.contains("WARN Cannot record the shutdown in " + record
                + ": is a directory; plot will show the previous shutdown"), log);
    }

    @Test
    void otherRunsSayTheirFileKeepsThePreviousOne() throws IOException, InterruptedException {
        runtime.add(ref("db"));
        Files.createDirectory(stateDir.resolve("last-start.json"));
        try (LogCapture capture = new LogCapture(Boot.class)) {
            new Boot(host(), new StateStore(stateDir)).run(config(e("db")), Selection.all(), "start");
            assertTrue(capture.all().contains(": is a directory; it keeps the previous start"), capture.all());
        }
    }
}
