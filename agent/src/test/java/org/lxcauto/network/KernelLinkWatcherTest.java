package org.lxcauto.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.lxcauto.system.CommandException;
import org.lxcauto.system.FakeClock;
import org.lxcauto.system.FakeCommandRunner;

/**
 * The kernel link watcher's wait, on the fake clock and a scripted {@code ip monitor}: it never
 * waits in real time, and its monitor ends with the wait. (That it sees a real link appear is
 * shown by the system tests, which create one.)
 */
@Timeout(5)
class KernelLinkWatcherTest {

    private static final String ABSENT = "lxcauto-none0";

    private final FakeClock clock = new FakeClock();
    private final FakeCommandRunner runner = new FakeCommandRunner();
    private final KernelLinkWatcher links = new KernelLinkWatcher(runner, clock);

    @Test
    void anExistingLinkNeedsNoMonitor() throws Exception {
        assertTrue(links.awaitLink("lo", Duration.ofSeconds(30)));
        assertEquals(List.of(), runner.calls());
    }

    @Test
    void aLinkThatNeverComesIsWaitedForUntilTheTimeoutOnTheClock() throws Exception {
        runner.on("ip", "-o", "monitor", "link").prints("");
        // Events about other links, and the deletion of this one, are no reason to look again.
        clock.schedule(Duration.ofSeconds(1), () -> runner.followed().get(0).print("7: other0: <BROADCAST> mtu 1500"));
        clock.schedule(Duration.ofSeconds(2), () -> runner.followed().get(0).print("Deleted 8: " + ABSENT + ": <BROADCAST>"));

        assertFalse(links.awaitLink(ABSENT, Duration.ofMinutes(5)));

        assertEquals(Duration.ofMinutes(5), clock.elapsed());
        assertTrue(runner.followed().get(0).closed(), "the monitor ends with the wait");
    }

    @Test
    void aMentionOfALinkThatStillDoesNotExistKeepsWaiting() throws Exception {
        runner.on("ip", "-o", "monitor", "link").prints("");
        clock.schedule(Duration.ofSeconds(3), () -> runner.followed().get(0).print("9: " + ABSENT + "@if2: <UP> mtu 1500"));

        assertFalse(links.awaitLink(ABSENT, Duration.ofSeconds(10)));
        assertEquals(Duration.ofSeconds(10), clock.elapsed());
    }

    @Test
    void missingIpIsACommandException() {
        runner.on("ip").does(argv -> {
            throw new CommandException("Failed to run 'ip': No such file or directory; is it installed and on PATH?", null);
        });
        assertThrows(CommandException.class, () -> links.awaitLink(ABSENT, Duration.ofSeconds(1)));
    }
}
