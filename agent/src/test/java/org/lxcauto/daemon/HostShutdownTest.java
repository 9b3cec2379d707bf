package org.lxcauto.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lxcauto.system.CommandException;
import org.lxcauto.system.FakeCommandRunner;

/**
 * How a SIGTERM is told apart: an announcement seen before (logind's PrepareForShutdown, SIGPWR),
 * under systemd a queued shutdown job, otherwise runlevel(8), and a host that has none of these.
 */
class HostShutdownTest {

    @TempDir
    Path dir;
    private final FakeCommandRunner runner = new FakeCommandRunner();

    private HostShutdown withoutSystemd() {
        return new HostShutdown(runner, dir.resolve("no-systemd"));
    }

    private HostShutdown underSystemd() throws Exception {
        return new HostShutdown(runner, Files.createDirectories(dir.resolve("run/systemd/system")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"logind PrepareForShutdown", "SIGPWR"})
    void anAnnouncedShutdownIsTheReasonAndNothingIsAsked(String how) throws Exception {
        HostShutdown shutdown = underSystemd();
        shutdown.announce(how);
        assertEquals(how, shutdown.reason());
        assertEquals(List.of(), runner.calls());
    }

    @Test
    void nothingAnnouncedAndNothingQueuedIsNoShutdown() throws Exception {
        runner.on("systemctl", "list-jobs").prints("");
        assertNull(underSystemd().reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"shutdown.target", "poweroff.target", "reboot.target", "halt.target", "kexec.target",
            "final.target"})
    void aQueuedStartOfAShutdownTargetIsAShutdown(String target) throws Exception {
        runner.on("systemctl", "list-jobs").prints("812 lxc-auto.service stop running\n815 " + target + " start waiting\n");
        assertEquals("systemd has queued " + target, underSystemd().reason());
        assertEquals(List.of("systemctl", "list-jobs", "--no-legend", "--no-pager"), runner.argvs().get(0));
    }

    @Test
    void otherJobsUnderSystemdAreNoShutdown() throws Exception {
        // A restart of the service; a stop job of a shutdown target is no shutdown either.
        runner.on("systemctl", "list-jobs").prints("812 lxc-auto.service stop running\n813 lxc-auto.service start waiting\n"
                + "814 reboot.target stop waiting\n");
        assertNull(underSystemd().reason());
    }

    @Test
    void systemdWithoutSystemctlIsNoShutdownRatherThanACrash() throws Exception {
        runner.on("systemctl").does(argv -> {
            throw new CommandException("Failed to run 'systemctl'", null);
        });
        assertNull(underSystemd().reason());
    }

    @Test
    void underSystemdRunlevelIsNotAsked() throws Exception {
        runner.on("systemctl", "list-jobs").prints("");
        runner.on("runlevel").exits(0, "2 0\n", "");
        assertNull(underSystemd().reason());
        assertEquals(1, runner.calls().size(), runner.argvs()::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "6"})
    void runlevelZeroOrSixIsAShutdown(String level) throws Exception {
        runner.on("runlevel").exits(0, "2 " + level + "\n", "");
        assertEquals("runlevel " + level, withoutSystemd().reason());
    }

    @Test
    void runlevelTwoIsNoShutdown() throws Exception {
        runner.on("runlevel").exits(0, "N 2\n", "");
        assertNull(withoutSystemd().reason());
    }

    @Test
    void anUnknownRunlevelIsNoShutdown() throws Exception {
        runner.on("runlevel").exits(1, "unknown\n", "");
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
