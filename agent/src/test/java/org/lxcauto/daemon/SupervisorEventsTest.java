package org.lxcauto.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lxcauto.config.ContainerEntry;
import org.lxcauto.config.TempConfig;
import org.lxcauto.container.ContainerExit;
import org.lxcauto.container.ContainerRef;
import org.lxcauto.container.ContainerState;
import org.lxcauto.container.FakeContainerMonitor;
import org.lxcauto.container.FakeRuntime;
import org.lxcauto.event.ContainerEvent;
import org.lxcauto.system.FakeClock;

/** What the restart policy tells: each restart it decides on, and the container it gives up on. */
@Timeout(10)
class SupervisorEventsTest {

    @TempDir
    Path root;

    @Test
    void eachRestartIsToldAndTheLastDeathGivesUp() {
        TempConfig files = new TempConfig(root);
        FakeClock clock = new FakeClock();
        FakeRuntime runtime = new FakeRuntime(clock);
        FakeContainerMonitor monitor = new FakeContainerMonitor();
        List<ContainerEvent> heard = Collections.synchronizedList(new ArrayList<>());
        Supervisor.Restarter failing = new Supervisor.Restarter() {
            @Override
            public Set<String> stopDependents(String name) {
                return Set.of();
            }

            @Override
            public boolean restart(String name, Set<String> dependents) {
                return false;
            }

            @Override
            public void stoppedOnPurpose(String name) {
            }
        };
        Supervisor supervisor = new Supervisor(runtime, monitor, clock, Runnable::run, failing, new HashMap<>(), heard::add);
        supervisor.start(Set.of(files.lxcpath));
        files.container("web");
        files.entry("web.conf", "[container]", "restart = on-failure");
        ContainerEntry entry = TempConfig.entryNamed(files.load(), "web");
        ContainerRef web = new ContainerRef.Lxc(files.lxcpath, "web");
        runtime.addRunning(web);
        runtime.exits("web", new ContainerExit(ContainerExit.Cause.FAILED, "Child 42 ended on signal Killed(9)"));
        supervisor.watch(entry);

        runtime.setState(web, ContainerState.STOPPED);
        monitor.post("web", ContainerState.STOPPED);
        clock.advance(Duration.ofMinutes(10));

        List<String> kinds = heard.stream().map(e -> e.kind().journalName() + " " + e.container()).toList();
        assertEquals(List.of("restarting web", "restarting web", "restarting web", "restarting web", "restarting web",
                "gave-up web"), kinds);
        assertTrue(heard.get(0).message().startsWith("web: stopped (Child 42 ended on signal Killed(9)); restarting in 500 ms"),
                heard.get(0)::message);
        assertTrue(heard.get(5).message().contains("restart given up after 5 attempts"), heard.get(5)::message);
    }
}
