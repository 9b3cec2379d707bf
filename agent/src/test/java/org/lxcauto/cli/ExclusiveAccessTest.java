package org.lxcauto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lxcauto.system.AgentLock;
import org.lxcauto.system.FakeAgentLock;
import org.lxcauto.system.FakeClock;

/** Who waits for whom on the agent lock, and what each is told; the lock and the clock are fakes. */
class ExclusiveAccessTest {

    private final FakeClock clock = new FakeClock();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private ExclusiveAccess access(FakeAgentLock lock) {
        return new ExclusiveAccess(lock, clock, new PrintStream(err, true, StandardCharsets.UTF_8), ExclusiveAccess.WAIT);
    }

    private List<String> said() {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void freeLockIsTakenAtOnceInSilence() throws Exception {
        FakeAgentLock lock = new FakeAgentLock();
        AgentLock.Attempt free = lock.free();
        lock.then(free);
        try (AgentLock.Held held = access(lock).acquire("boot")) {
            assertSame(free, held);
            assertTrue(lock.held());
        }
        assertFalse(lock.held(), "released at the end of the command");
        assertEquals(List.of("boot"), lock.asked());
        assertEquals(List.of(), said());
        assertEquals(Duration.ZERO, clock.elapsed());
    }

    @Test
    void aSecondDaemonIsRefusedAtOnceNamingTheFirst() {
        FakeAgentLock lock = new FakeAgentLock(FakeAgentLock.busy(1234, "daemon"));
        LockRefusedException refused = assertThrows(LockRefusedException.class, () -> access(lock).acquire("daemon"));
        assertEquals("another lxc-auto daemon (PID 1234) holds /var/lib/lxc-auto/lock; it is already supervising the"
                + " containers (stop it first: 'systemctl stop lxc-auto', 'service lxc-auto stop', or 'kill 1234' if it"
                + " was started by hand)", refused.getMessage());
        assertEquals(Duration.ZERO, clock.elapsed(), "no wait for a daemon, which never finishes");
        assertEquals(List.of(), said());
    }

    @Test
    void bootAndShutdownBesideADaemonAreRefusedWithWhatToDoInstead() {
        FakeAgentLock lock = new FakeAgentLock(FakeAgentLock.busy(99, "daemon"));
        String boot = assertThrows(LockRefusedException.class, () -> access(lock).acquire("boot")).getMessage();
        assertTrue(boot.startsWith("the lxc-auto daemon (PID 99) holds /var/lib/lxc-auto/lock"), boot);
        assertTrue(boot.contains("'lxc-auto reload'"), boot);
        String shutdown = assertThrows(LockRefusedException.class, () -> access(lock).acquire("shutdown")).getMessage();
        assertTrue(shutdown.contains("'kill -PWR 99'"), shutdown);
        String start = assertThrows(LockRefusedException.class, () -> access(lock).acquire("start web")).getMessage();
        assertTrue(start.contains("does not answer on the system bus, so it cannot start 'web'"), start);
        String reload = assertThrows(LockRefusedException.class, () -> access(lock).acquire("reload")).getMessage();
        assertTrue(reload.contains("'kill -HUP 99'"), reload);
        assertEquals(Duration.ZERO, clock.elapsed());
    }

    @Test
    void aShortCommandIsWaitedForAndNamedOnce() throws Exception {
        FakeAgentLock lock = new FakeAgentLock();
        AgentLock.Attempt free = lock.free();
        AgentLock.Attempt boot = FakeAgentLock.busy(1234, "boot");
        lock.then(boot, boot, boot, boot, free);
        try (AgentLock.Held held = access(lock).acquire("start web")) {
            assertSame(free, held);
        }
        assertEquals(List.of("lxc-auto: waiting for 'lxc-auto boot' (PID 1234) to finish: it holds /var/lib/lxc-auto/lock"),
                said());
        assertEquals(5, lock.asked().size());
        assertEquals(List.of(ExclusiveAccess.POLL, ExclusiveAccess.POLL, ExclusiveAccess.POLL, ExclusiveAccess.POLL),
                clock.sleeps());
    }

    @Test
    void theDaemonWaitsForAShortCommandToo() throws Exception {
        FakeAgentLock lock = new FakeAgentLock();
        AgentLock.Attempt free = lock.free();
        lock.then(FakeAgentLock.busy(7, "stop db"), free);
        try (AgentLock.Held held = access(lock).acquire("daemon")) {
            assertSame(free, held);
        }
        assertEquals(List.of("lxc-auto: waiting for 'lxc-auto stop db' (PID 7) to finish: it holds /var/lib/lxc-auto/lock"),
                said());
    }

    @Test
    void theWaitIsBoundedAndEndsInARefusal() {
        FakeAgentLock lock = new FakeAgentLock(FakeAgentLock.busy(1234, "shutdown"));
        LockRefusedException refused = assertThrows(LockRefusedException.class, () -> access(lock).acquire("boot"));
        assertEquals(ExclusiveAccess.WAIT, clock.elapsed(), "waited exactly the bound");
        assertEquals("gave up after 5 min waiting for 'lxc-auto shutdown' (PID 1234) to finish: it still holds"
                + " /var/lib/lxc-auto/lock; try again once it has finished, or end it ('kill 1234')", refused.getMessage());
        assertEquals(1, said().size(), "the wait is announced once: " + said());
    }

    @Test
    void aHolderThatTurnsIntoADaemonEndsTheWait() {
        FakeAgentLock lock = new FakeAgentLock(FakeAgentLock.busy(5, "boot"), FakeAgentLock.busy(6, "daemon"));
        LockRefusedException refused = assertThrows(LockRefusedException.class, () -> access(lock).acquire("boot"));
        assertTrue(refused.getMessage().startsWith("the lxc-auto daemon (PID 6)"), refused.getMessage());
        assertEquals(ExclusiveAccess.POLL, clock.elapsed());
    }

    @Test
    void anUnnamedHolderIsGivenAMomentToWriteItsLine() throws Exception {
        FakeAgentLock daemonSoon = new FakeAgentLock(FakeAgentLock.unnamed(), FakeAgentLock.busy(3, "daemon"));
        assertThrows(LockRefusedException.class, () -> access(daemonSoon).acquire("daemon"));
        assertEquals(List.of(), said(), "a holder about to write its line is not announced as unnamed");

        FakeAgentLock silent = new FakeAgentLock(FakeAgentLock.unnamed());
        assertThrows(LockRefusedException.class, () -> access(silent).acquire("boot"));
        assertEquals(List.of("lxc-auto: waiting for the lock /var/lib/lxc-auto/lock: another process holds it and does"
                + " not say which"), said());
    }

    @Test
    void noLockToBeHadIsAWarningAndTheCommandGoesOn() throws Exception {
        FakeAgentLock lock = new FakeAgentLock(new AgentLock.Unavailable("read-only file system"));
        try (AgentLock.Held held = access(lock).acquire("boot")) {
            assertTrue(held != null);
        }
        assertEquals(List.of("lxc-auto: warning: cannot take the lock /var/lib/lxc-auto/lock: read-only file system;"
                + " going on without it: another agent could act at the same time"), said());
        assertEquals(Duration.ZERO, clock.elapsed());
    }
}
