package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code lxc-auto start NAME} through the daemon for a container that takes longer to be ready
 * than a D-Bus reply timeout: the command waits for the daemon's answer and exits 0 once the
 * container is ready, instead of reporting a timeout while the daemon carries on. The CLI's reply
 * timeout is lowered to 2 s for the test (the agent's {@code lxcauto.reply-timeout-ms}), so that a
 * start of 6 s outlasts it three times. And a daemon that dies during the start ends the wait at
 * once, with an error.
 */
class DaemonLongStartTest extends LabTest {

    private static final int REPLY_TIMEOUT_MS = 2_000;
    private static final int READY_AFTER_S = 6;

    @Test
    void startWaitsForTheDaemonHoweverLongTheContainerTakes() throws Exception {
        String slow = lab.container("slow", "", Map.of("ready", ""));
        lab.entry("slow", "[container]\nname = " + slow + "\nready = exec:test -f /ready\nstart-timeout = 60\n");
        try (PrivateBus bus = PrivateBus.start(lab.dir)) {
            lab.bus = bus.address;
            try (DaemonProcess daemon = DaemonProcess.start(lab, "daemon")) {
                daemon.awaitNotification("READY=1", 60);
                assertEquals(0, agent("stop", slow).exitCode());
                Files.delete(lab.rootfs(slow).resolve("ready"));
                Files.writeString(lab.rootfs(slow).resolve("ready-after"), Integer.toString(READY_AFTER_S));

                long started = System.nanoTime();
                Commands.Result start = agent("start", slow);
                long millis = (System.nanoTime() - started) / 1_000_000;

                assertEquals(0, start.exitCode(), start.all() + "\n" + daemon.output());
                assertFalse(start.all().toLowerCase().contains("timeout") || start.all().contains("No reply"), start.all());
                assertTrue(millis >= READY_AFTER_S * 1000 - 500, "returned after " + millis + " ms, before it was ready");
                assertTrue(Files.exists(lab.rootfs(slow).resolve("ready")), "returned before the container was ready");
                assertEquals("RUNNING", lab.state(slow));
                assertTrue(daemon.output().contains(slow + ": starting"), "the daemon did the start: " + daemon.output());

                // No reply timeout, but no waiting for ever either: a daemon that dies ends the wait.
                assertEquals(0, agent("stop", slow).exitCode());
                Files.delete(lab.rootfs(slow).resolve("ready"));
                Files.writeString(lab.rootfs(slow).resolve("ready-after"), "60");
                CompletableFuture<Commands.Result> waiting = CompletableFuture.supplyAsync(() -> agent("start", slow));
                assertEquals(0, lab.lxc("lxc-wait", "-P", lab.lxcpath.toString(), "-n", slow, "-s", "RUNNING", "-t", "20")
                        .exitCode());
                assertFalse(waiting.isDone(), "start returned before the container was ready");
                // Status reads only: it is answered while the start is still waited for.
                long asked = System.nanoTime();
                Commands.Result status = agent("status", "--json");
                long statusMillis = (System.nanoTime() - asked) / 1_000_000;
                assertEquals(0, status.exitCode(), "status during a long start: " + status.all());
                assertTrue(status.stdout().contains("\"" + slow + "\""), status.all());
                assertFalse(waiting.isDone(), "status came after the start had ended; it proves nothing");
                assertTrue(statusMillis < REPLY_TIMEOUT_MS + 5_000, "status took " + statusMillis + " ms");
                daemon.signal("KILL");
                Commands.Result orphaned = waiting.get(10, TimeUnit.SECONDS);
                assertEquals(1, orphaned.exitCode(), orphaned.all());
                assertTrue(orphaned.stderr().contains("no answer from the daemon to start '" + slow + "'"), orphaned.all());
            }
        }
    }

    /** The agent with the lowered reply timeout. */
    private Commands.Result agent(String... args) {
        List<String> argv = new ArrayList<>(List.of(Lab.AGENT.toString()));
        argv.addAll(List.of(args));
        argv.addAll(lab.paths());
        return Commands.run(argv, Map.of("LXC_AUTO_JAVA_OPTS", "-Dlxcauto.reply-timeout-ms=" + REPLY_TIMEOUT_MS), 120);
    }
}
