package org.lxcauto.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lxcauto.Agent1.Error.NotRunning;
import org.lxcauto.Agent1.Error.ShuttingDown;
import org.lxcauto.Agent1.Error.UnknownContainer;
import org.lxcauto.container.ContainerState;
import org.lxcauto.container.FakeRuntime;
import org.lxcauto.lifecycle.ExitCodes;

/**
 * The order in which the daemon's loop does what it is asked: requests one after the other, as
 * they came; a host shutdown before whatever is still queued; nothing started once the containers
 * are down for the host's shutdown. On fakes, in fake time, the loop turned by hand.
 */
@Timeout(10)
class DaemonOrderTest {

    @TempDir
    Path root;

    private DaemonFixture d;

    @BeforeEach
    void booted() throws Exception {
        d = new DaemonFixture(root);
        d.container("db").container("web", "after = db");
        d.begin();
        assertEquals(List.of("db", "web"), d.runtime.names(FakeRuntime.START));
    }

    @Test
    void twoRequestsRunOneAfterTheOtherInTheOrderTheyCame() throws Exception {
        CompletableFuture<Integer> stop = d.request(() -> d.daemon.stop("web"));
        CompletableFuture<Integer> start = d.request(() -> d.daemon.start("web"));
        d.turn();

        assertEquals(ExitCodes.OK, stop.get());
        assertEquals(ExitCodes.OK, start.get());
        assertEquals(List.of("stop web", "start db", "start web"), lastCalls(3), "db is adopted on the way");
        assertEquals(ContainerState.RUNNING, d.runtime.stateOf(d.ref("web")));

        d.request(() -> d.daemon.start("web"));
        d.request(() -> d.daemon.stop("db"));
        d.turn();
        assertEquals(ContainerState.STOPPED, d.runtime.stateOf(d.ref("db")), "the later request has the last word");
        assertEquals(ContainerState.STOPPED, d.runtime.stateOf(d.ref("web")), "web needs db: stopped first");
    }

    @Test
    void aHostShutdownGoesBeforeAStartStillQueuedWhichIsThenRefused() throws Exception {
        CompletableFuture<Integer> stop = d.request(() -> d.daemon.stop("web"));
        CompletableFuture<Integer> start = d.request(() -> d.daemon.start("web"));
        d.signals.raise("PWR");
        d.turn();

        assertEquals(List.of("web", "db"), d.runtime.names(FakeRuntime.STOP), "the shutdown ran first, dependents first");
        assertInstanceOf(NotRunning.class, DaemonFixture.failure(stop), "the stop found web stopped already");
        ShuttingDown refused = assertInstanceOf(ShuttingDown.class, DaemonFixture.failure(start));
        assertEquals("cannot start 'web': the daemon has stopped the containers for the host shutdown and starts none"
                + " until it runs again", refused.getMessage());
        assertEquals(List.of("db", "web"), d.runtime.names(FakeRuntime.START), "nothing started after the boot");
    }

    @Test
    void aReloadAskedForDuringAStopWaitsForIt() throws Exception {
        d.runtime.stopTakes("web", Duration.ofSeconds(10));
        d.container("extra"); // enabled meanwhile
        // SIGHUP arrives while web takes its ten seconds to halt.
        d.clock.schedule(Duration.ofSeconds(5), () -> d.signals.raise("HUP"));
        CompletableFuture<Integer> stop = d.request(() -> d.daemon.stop("web"));
        d.turn();

        assertEquals(ExitCodes.OK, stop.get());
        List<FakeRuntime.Call> calls = d.runtime.calls();
        List<String> last = lastCalls(3);
        assertEquals("stop web", last.get(0), last::toString);
        assertEquals(Set.of("start db", "start extra"), Set.copyOf(last.subList(1, 3)),
                "then the reload adopted db and started what does not run, but not web, which the operator stopped");
        assertTrue(calls.get(calls.size() - 1).at().isAfter(calls.get(calls.size() - 3).at().plusSeconds(9)),
                "the reload began only once the stop was done");
        assertTrue(Files.exists(d.stateDir.resolve("last-reload.json")));
    }

    @Test
    void noStartAndNoReloadOnceTheContainersAreDownForTheHostShutdown() throws Exception {
        d.bus.prepareForShutdown();
        d.turn();
        d.container("extra");
        CompletableFuture<Integer> reload = d.request(() -> d.daemon.reload());
        d.signals.raise("HUP");
        d.turn();

        assertInstanceOf(ShuttingDown.class, DaemonFixture.failure(reload));
        assertEquals(List.of("db", "web"), d.runtime.names(FakeRuntime.START), "neither the call nor SIGHUP started anything");
    }

    @Test
    void aStartOfANameWithoutAnEntryIsUnknownContainer() {
        CompletableFuture<Integer> start = d.request(() -> d.daemon.start("ghost"));
        d.turn();
        UnknownContainer unknown = assertInstanceOf(UnknownContainer.class, DaemonFixture.failure(start));
        assertEquals("'ghost' is not an autostart container in the configuration the daemon last read; enable it with"
                + " 'lxc-auto enable ghost' and run 'lxc-auto reload', or start it with lxc-start", unknown.getMessage());
    }

    @Test
    void aStopOfWhatDoesNotRunIsNotRunning() {
        d.runtime.setState(d.ref("web"), ContainerState.STOPPED);
        CompletableFuture<Integer> stop = d.request(() -> d.daemon.stop("web"));
        d.turn();
        assertEquals("'web' is not running", assertInstanceOf(NotRunning.class, DaemonFixture.failure(stop)).getMessage());
    }

    @Test
    void aBugInOneRequestIsThatRequestsFailureNotTheLoopsEnd() throws Exception {
        CompletableFuture<Integer> broken = d.request(() -> {
            throw new IllegalStateException("a bug");
        });
        d.daemon.loop().post(() -> {
            throw new IllegalStateException("another bug");
        });
        CompletableFuture<Integer> stop = d.request(() -> d.daemon.stop("web"));
        d.turn();
        assertInstanceOf(IllegalStateException.class, DaemonFixture.failure(broken));
        assertEquals(ExitCodes.OK, stop.get(), "the loop went on");
    }

    /** The last {@code n} runtime calls, as "OP NAME". */
    private List<String> lastCalls(int n) {
        List<FakeRuntime.Call> calls = d.runtime.calls();
        return calls.subList(calls.size() - n, calls.size()).stream().map(c -> c.op() + " " + c.container().name()).toList();
    }
}
