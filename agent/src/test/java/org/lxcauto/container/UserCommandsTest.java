package org.lxcauto.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lxcauto.system.Accounts;
import org.lxcauto.system.FakeClock;
import org.lxcauto.system.FakeCommandRunner;

/**
 * A per-user container ({@code user = NAME}) through {@link LxcRuntime}: every lxc-* command as
 * the user under setpriv, the start as a delegated transient service of the user's systemd
 * manager, which is started first, and lxc-attach through that manager too; root's containers are
 * untouched.
 */
class UserCommandsTest {

    private static final Accounts.Account ALICE = new Accounts.Account("alice", 1000, 1001, Path.of("/home/alice"));
    private static final String P = "/home/alice/.local/share/lxc";
    private static final ContainerRef WEB = new ContainerRef.Lxc(Path.of(P), "web", Optional.of(ALICE));
    private static final List<String> AS_ALICE = List.of("setpriv", "--reuid=1000", "--regid=1001", "--init-groups",
            "--reset-env", "--", "env", "XDG_RUNTIME_DIR=/run/user/1000");

    @TempDir
    Path logs;

    private final FakeCommandRunner runner = new FakeCommandRunner();
    private LxcRuntime lxc;

    @BeforeEach
    void runtime() {
        lxc = new LxcRuntime(runner, new FakeClock(), logs);
    }

    private static List<String> asAlice(String... argv) {
        List<String> command = new ArrayList<>(AS_ALICE);
        command.addAll(List.of(argv));
        return command;
    }

    @Test
    void theStartRunsAsTheUserInADelegatedServiceOfTheUsersManager() throws Exception {
        runner.on("systemctl", "start", "user@1000.service").prints("");
        runner.on("setpriv").prints("");
        assertEquals(StartOutcome.STARTED, lxc.start(WEB));
        assertEquals(List.of(List.of("systemctl", "start", "user@1000.service"),
                asAlice("systemd-run", "--user", "--quiet", "--collect", "-p", "Delegate=yes", "-p", "Type=forking",
                        "--", "lxc-start", "-P", P, "-n", "web", "-d")), runner.argvs(),
                "no LXC log in root's state directory, which the user cannot write");
        assertEquals(ContainerExit.Cause.UNKNOWN, lxc.lastExit(WEB).cause());
    }

    @Test
    void aUserManagerThatCannotStartFailsTheStartSayingWhatToDo() throws Exception {
        runner.on("systemctl", "start", "user@1000.service").exits(1, "", "Job for user@1000.service failed.");
        ContainerException e = assertThrows(ContainerException.class, () -> lxc.start(WEB));
        assertTrue(e.getMessage().contains("the systemd user manager of 'alice' (user@1000.service), which runs web,"
                + " cannot be started: Job for user@1000.service failed.; check 'systemctl status user@1000.service'"
                + " and 'loginctl enable-linger alice'"), e.getMessage());
        assertEquals(1, runner.argvs().size(), "no lxc-start without the manager");
    }

    @Test
    void aFailedStartSaysWhereItsOutputWent() throws Exception {
        runner.on("systemctl", "start", "user@1000.service").prints("");
        runner.on("setpriv").exits(1, "", "Job for run-r1.service failed because the control process exited.");
        ContainerException e = assertThrows(ContainerException.class, () -> lxc.start(WEB));
        assertEquals("lxc-start failed: Job for run-r1.service failed because the control process exited. (its output is in"
                + " the journal: journalctl _UID=1000)", e.getMessage());
    }

    @Test
    void stateReadinessAndStopRunAsTheUser() throws Exception {
        runner.on("setpriv").prints("RUNNING\n");
        lxc.state(WEB);
        lxc.exec(WEB, List.of("test", "-f", "/ready"), Duration.ofSeconds(5));
        runner.on(asAlice("lxc-stop").toArray(String[]::new)).exits(0, "", "");
        assertEquals(StopOutcome.CLEAN, lxc.stop(WEB, Duration.ofSeconds(10)));
        assertEquals(List.of(asAlice("lxc-info", "-P", P, "-n", "web", "-s", "-H"),
                asAlice("systemd-run", "--user", "--wait", "--pipe", "--quiet", "--collect", "--",
                        "lxc-attach", "-P", P, "-n", "web", "--clear-env", "--", "test", "-f", "/ready"),
                asAlice("lxc-stop", "-P", P, "-n", "web", "--nokill", "-t", "1")), runner.argvs());
    }

    @Test
    void rootsContainersRunAsBefore() throws Exception {
        ContainerRef db = new ContainerRef.Lxc(Path.of("/srv/lxc"), "db");
        assertEquals(List.of("lxc-info", "-n", "db"), UserCommands.command(db, List.of("lxc-info", "-n", "db")));
        assertEquals(List.of("lxc-start", "-n", "db"), UserCommands.start(db, List.of("lxc-start", "-n", "db")));
        assertEquals(List.of("lxc-attach", "-n", "db"), UserCommands.attach(db, List.of("lxc-attach", "-n", "db")));
    }
}
