package org.lxcauto.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lxcauto.system.CommandException;
import org.lxcauto.system.FakeCommandRunner;

/** How a SIGTERM is told apart without systemd: runlevel(8), and a host that has none. */
class HostShutdownTest {

    @TempDir
    Path dir;
    private final FakeCommandRunner runner = new FakeCommandRunner();

    private HostShutdown withoutSystemd() {
        return new HostShutdown(runner, dir.resolve("no-systemd"));
    }

    @Test
    void runlevelZeroOrSixIsAShutdown() throws Exception {
        runner.on("runlevel").exits(0, "2 0\n", "");
        assertEquals("runlevel 0", withoutSystemd().reason());
    }

    @Test
    void runlevelTwoIsNoShutdown() throws Exception {
        runner.on("runlevel").exits(0, "N 2\n", "");
        assertNull(withoutSystemd().reason());
    }

    @Test
    void missingRunlevelProgramIsNoShutdownRatherThanACrash() throws Exception {
        runner.on("runlevel").does(argv -> {
            throw new CommandException("Failed to run 'runlevel'", null);
        });
        assertNull(withoutSystemd().reason());
    }
}
