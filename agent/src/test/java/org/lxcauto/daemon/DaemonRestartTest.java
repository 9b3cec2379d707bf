package org.lxcauto.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lxcauto.container.ContainerExit;
import org.lxcauto.container.ContainerState;
import org.lxcauto.container.FakeRuntime;

/**
 * The whole daemon around a restart and an operator's stop, on fakes, in fake time: which
 * containers are stopped and started, in which order, and what status says.
 */
@Timeout(10)
class DaemonRestartTest {

    @TempDir
    Path root;

    private DaemonFixture d;

    @BeforeEach
    void fixture() {
        d = new DaemonFixture(root);
    }

    /** It dies, and LXC's monitor says so. */
    private void dies(String name) {
        d.runtime.setState(d.ref(name), ContainerState.STOPPED);
        d.monitor.post(name, ContainerState.STOPPED);
    }

    /** The runtime's calls from the {@code from}th on, as "OP NAME". */
    private List<String> callsFrom(int from) {
        List<FakeRuntime.Call> calls = d.runtime.calls();
        return calls.subList(from, calls.size()).stream().map(c -> c.op() + " " + c.container().name()).toList();
    }

    @Test
    void aRestartStopsTheRunningHardDependentsFirstAndStartsThemAfterIt() throws Exception {
        d.container("db", "restart = always").container("app", "after = db", "restart = always")
                .container("web", "after = app").container("metrics", "wants = db");
        d.begin();
        int before = d.runtime.calls().size();

        dies("db");
        d.advance(Duration.ofSeconds(1)); // judged: its dependents go down now
        assertEquals(List.of("stop web", "stop app"), callsFrom(before), "dependents first; wants left alone");
        dies("web"); // LXC reports those stops too: they are no deaths
        dies("app");
        assertTrue(d.daemon.status().contains("stopped while 'db' restarts"), d.daemon.status());

        d.advance(Duration.ofMillis(500));
        assertEquals(List.of("stop web", "stop app", "start db", "start app", "start web"), callsFrom(before));
        assertEquals(ContainerState.RUNNING, d.runtime.stateOf(d.ref("web")));
        assertEquals(ContainerState.RUNNING, d.runtime.stateOf(d.ref("metrics")));

        d.advance(Duration.ofMinutes(1));
        assertEquals(List.of("stop web", "stop app", "start db", "start app", "start web"), callsFrom(before),
                "nothing more: app's stop was not a death to restart from");
        assertTrue(!d.daemon.status().contains("restarts (restart-dependents"), d.daemon.status());

        int after = d.runtime.calls().size();
        dies("app"); // watched again since it came back: its own policy acts
        d.advance(Duration.ofMillis(1500));
        assertEquals(List.of("stop web", "start db", "start app", "start web"), callsFrom(after),
                "app's own restart takes web down and back too (db, running, is adopted on the way)");
    }

    @Test
    void restartDependentsNoLeavesThemRunning() throws Exception {
        d.container("db", "restart = always", "restart-dependents = no").container("app", "after = db");
        d.begin();
        int before = d.runtime.calls().size();
        dies("db");
        d.advance(Duration.ofMillis(1500));
        assertEquals(List.of("start db"), callsFrom(before));
        assertEquals(ContainerState.RUNNING, d.runtime.stateOf(d.ref("app")));
    }

    @Test
    void anOperatorsStopHoldsUnderAlwaysThroughAReloadUntilStart() throws Exception {
        d.container("db", "restart = always").container("app", "after = db");
        d.begin();
        int before = d.runtime.calls().size();

        d.request(() -> d.daemon.stop("db"));
        d.turn();
        dies("app");
        dies("db");
        d.advance(Duration.ofMinutes(1));
        d.request(() -> d.daemon.reload());
        d.turn();
        assertEquals(List.of("stop app", "stop db"), callsFrom(before), "no restart, and the reload starts neither");
        assertTrue(d.daemon.status().contains("stopped by the operator; 'lxc-auto start db' brings it back"),
                d.daemon.status());

        d.request(() -> d.daemon.start("db"));
        d.turn();
        assertEquals(ContainerState.RUNNING, d.runtime.stateOf(d.ref("db")));
        assertTrue(!d.daemon.status().contains("stopped by the operator"), d.daemon.status());
        int started = d.runtime.calls().size();
        dies("db");
        d.advance(Duration.ofMillis(1500));
        assertEquals(List.of("start db"), callsFrom(started), "its policy acts again");
    }

    @Test
    void aCleanEndUnderOnFailureIsKeptAsTheOperatorsStopThroughAReload() throws Exception {
        d.container("web", "restart = on-failure");
        d.begin();
        int before = d.runtime.calls().size();
        d.runtime.exits("web", new ContainerExit(ContainerExit.Cause.POWEROFF, "Child 42 ended on signal Interrupt(2)"));
        dies("web");
        d.advance(Duration.ofSeconds(2));
        d.request(() -> d.daemon.reload());
        d.turn();
        assertEquals(List.of(), callsFrom(before), "neither restarted nor started by the reload");
        assertTrue(d.daemon.status().contains("stopped by the operator; 'lxc-auto start web' brings it back"),
                d.daemon.status());
    }
}
