package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.lxcauto.need.DbusSystemdUnits;
import org.lxcauto.need.SystemdUnits;
import org.lxcauto.need.UnitsUnavailableException;

/**
 * {@link DbusSystemdUnits} against a real systemd: a Debian 12 booted by systemd-nspawn
 * ({@link SystemdHost}), whose system bus the test reaches from the host through the machine's
 * root ({@code /proc/LEADER/root/run/dbus/system_bus_socket}). Two units of its own, installed
 * but not started: one that succeeds (oneshot, RemainAfterExit) and one that fails. A watch must
 * call back when systemctl starts them, without polling, and the state read after the call must
 * be the new one; this holds although systemd unloads an inactive unit at any time.
 */
class SystemdUnitsTest {

    @Test
    void readsActiveStateAndCallsBackWhenAUnitStartsOrFails() throws Exception {
        try (SystemdHost host = SystemdHost.create()) {
            String gate = "un-gate-" + host.prefix + ".service";
            String failing = "un-fail-" + host.prefix + ".service";
            Path units = host.merged.resolve("etc/systemd/system");
            Lab.write(units.resolve(gate), "[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/true\n");
            Lab.write(units.resolve(failing), "[Service]\nType=oneshot\nExecStart=/bin/false\n");
            host.boot();
            host.awaitBootFinished(180);

            Path root = host.machineRoot();
            String address = "unix:path=" + root.resolve("run/dbus/system_bus_socket");
            try (SystemdUnits systemd = new DbusSystemdUnits(address, root.resolve("run/systemd/system"))) {
                assertTrue(systemd.booted(), "the machine runs systemd");
                assertEquals("inactive", systemd.activeState(gate));
                assertEquals("inactive", systemd.activeState("un-none-" + host.prefix + ".service"), "a unit that does not exist");

                assertEquals("active", startAndAwait(host, systemd, gate, "active"));
                assertEquals("active", host.exec("systemctl", "is-active", gate).stdout().strip());

                assertEquals("failed", startAndAwait(host, systemd, failing, "failed"));

                // A unit installed while it is watched (a package installed in the middle of the boot).
                String later = "un-later-" + host.prefix + ".service";
                assertEquals("inactive", systemd.activeState(later));
                Semaphore installed = new Semaphore(0);
                SystemdUnits.Subscription laterWatch = systemd.watch(later, installed::release);
                try {
                    Lab.write(units.resolve(later), "[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/true\n");
                    host.ok("systemctl", "daemon-reload");
                    installed.drainPermits();
                    host.ok("systemctl", "start", later);
                    assertTrue(installed.tryAcquire(10, TimeUnit.SECONDS), "no signal for " + later);
                    assertEquals("active", systemd.activeState(later));
                } finally {
                    laterWatch.close();
                }

                // A stop is seen too, and a closed watch calls no more.
                Semaphore changes = new Semaphore(0);
                SystemdUnits.Subscription watch = systemd.watch(gate, changes::release);
                host.ok("systemctl", "stop", gate);
                assertTrue(changes.tryAcquire(10, TimeUnit.SECONDS), "no signal for the stop");
                assertEquals("inactive", systemd.activeState(gate));
                watch.close();
                changes.drainPermits();
                host.ok("systemctl", "start", gate);
                assertEquals("active", systemd.activeState(gate));
                assertFalse(changes.tryAcquire(500, TimeUnit.MILLISECONDS), "a closed watch called back");
            }
        }
    }

    @Test
    void saysWhatIsMissingWhenThereIsNoBusOrNoSystemd() throws Exception {
        Path dir = Files.createTempDirectory("lxc-auto-units-");
        try {
            // Made without connecting: only a container with a unit: gate makes it connect.
            try (SystemdUnits none = new DbusSystemdUnits("unix:path=" + dir.resolve("no-bus"), dir.resolve("no-systemd"))) {
                assertFalse(none.booted());
                UnitsUnavailableException e = assertThrows(UnitsUnavailableException.class, () -> none.activeState("db.service"));
                assertTrue(e.getMessage().startsWith("cannot ask systemd about unit:db.service: the bus at unix:path="
                        + dir.resolve("no-bus") + " refused the connection ("), e.getMessage());
                assertTrue(e.getMessage().endsWith("is dbus running? ('systemctl status dbus')"), e.getMessage());
            }
            // A bus without systemd on it: the real dbus-daemon, nobody owns org.freedesktop.systemd1.
            try (PrivateBus bus = PrivateBus.start(dir);
                    SystemdUnits nobody = new DbusSystemdUnits(bus.address, dir.resolve("no-systemd"))) {
                UnitsUnavailableException e = assertThrows(UnitsUnavailableException.class, () -> nobody.watch("db.service", () -> { }));
                assertTrue(e.getMessage().contains("nobody owns org.freedesktop.systemd1 on the bus at " + bus.address), e.getMessage());
                assertTrue(e.getMessage().endsWith("is the host booted with systemd? ('systemctl is-system-running')"), e.getMessage());
            }
        } finally {
            Commands.run("rm", "-rf", dir.toString());
        }
    }

    /**
     * Watches {@code unit}, starts it with systemctl, and waits for the watch to call back; then
     * follows further calls until its ActiveState is {@code expected}. Returns the state read.
     * systemctl returns only once the start is done, so the first call back must come from the
     * signals sent meanwhile: it proves them, reading the state alone would not.
     */
    private static String startAndAwait(SystemdHost host, SystemdUnits systemd, String unit, String expected)
            throws Exception {
        Semaphore changes = new Semaphore(0);
        SystemdUnits.Subscription watch = systemd.watch(unit, changes::release);
        try {
            assertEquals("inactive", systemd.activeState(unit));
            host.exec("systemctl", "start", unit); // the failing one exits non-zero: its state tells
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String state = "(no call back)";
            do {
                long left = deadline - System.nanoTime();
                assertTrue(left > 0 && changes.tryAcquire(left, TimeUnit.NANOSECONDS), "no change of " + unit
                        + " signalled; ActiveState now '" + systemd.activeState(unit) + "' (last read after a call back: '"
                        + state + "'), systemctl says " + host.exec("systemctl", "is-active", unit).stdout().strip());
                state = systemd.activeState(unit);
            } while (!state.equals(expected));
            return state;
        } finally {
            watch.close();
        }
    }
}
