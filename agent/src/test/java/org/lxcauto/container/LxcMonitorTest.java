package org.lxcauto.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lxcauto.system.FakeCommandRunner;

/** What lxc-auto reads from lxc-monitor's lines, and that a watch ends its monitor. */
class LxcMonitorTest {

    private final FakeCommandRunner runner = new FakeCommandRunner();
    private final List<String> heard = new ArrayList<>();

    @Test
    void eachStateLineIsAChangeAndOtherLinesAreNot() {
        runner.on("lxc-monitor").prints("");
        ContainerMonitor.Watch watch = new LxcMonitor(runner).watch(Path.of("/srv/lxc"),
                (name, state) -> heard.add(name + " " + state));
        FakeCommandRunner.Followed monitor = runner.followed().get(0);
        assertEquals(List.of("lxc-monitor", "-P", "/srv/lxc", "-n", ".*"), monitor.argv());

        monitor.print("'web' changed state to [STARTING]");
        monitor.print("'web-2.x' changed state to [RUNNING]");
        monitor.print("'db' exited with status [0]");
        monitor.print("lxc-monitord: some message of its own");
        monitor.print("'db' changed state to [STOPPED]  ");
        assertEquals(List.of("web STARTING", "web-2.x RUNNING", "db STOPPED"), heard);

        watch.close();
        assertTrue(monitor.closed());
    }
}
