package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.lxcauto.systemtest.SystemdJournal.Entry;

/**
 * The daemon as systemd runs it (issue 4): {@code units/lxc-auto.service} enabled in a Debian 12
 * booted by systemd-nspawn, with the real logind and system bus, over db ← web (web after db, db
 * ready once /ready exists) and one independent container. Covers the boot (READY=1 and STATUS=
 * seen by systemd), a service restart that adopts the containers, a daemon killed in the middle of
 * a boot, and a poweroff through logind whose delay lock holds the shutdown back until every
 * container stopped cleanly, dependents first. {@link SystemdRestoreTest} covers on-boot = restore.
 */
class SystemdDaemonTest {

    /** The three test containers of a {@link SystemdHost}: db ← web, and extra on its own. */
    record Graph(String db, String web, String extra) {
        List<String> all() {
            return List.of(db, web, extra);
        }
    }

    /** Creates the graph: db becomes ready {@code dbReadyAfter} seconds after its init started. */
    static Graph graph(SystemdHost host, String dbReadyAfter) throws IOException {
        String db = host.container("db", Map.of("ready-after", dbReadyAfter));
        host.entry("db", "[container]\nname = " + db + "\nready = exec:test -f /ready\n");
        String web = host.container("web", Map.of());
        host.entry("web", "[container]\nname = " + web + "\nafter = " + db + "\n");
        String extra = host.container("extra", Map.of());
        host.entry("extra", "[container]\nname = " + extra + "\n");
        return new Graph(db, web, extra);
    }

    @Test
    void bootsAtStartAdoptsOnRestartAndStopsEverythingBeforeLogindLetsThePoweroffGo() throws Exception {
        try (SystemdHost host = SystemdHost.create()) {
            Graph graph = graph(host, "0.3");
            host.boot();

            // (a) The unit is enabled: the boot starts it, and it is active only once every container is up.
            String booted = host.awaitBootFinished(180);
            assertEquals("running", booted, host.diagnostics());
            assertEquals("active", host.exec("systemctl", "is-active", "lxc-auto").stdout().strip(), host.diagnostics());
            for (String name : graph.all()) {
                assertEquals("RUNNING", host.state(name), name + "\n" + host.diagnostics());
            }
            assertEquals("3/3 containers ready", host.property("lxc-auto", "StatusText"));
            assertTrue(first(host, graph.web(), "start") >= first(host, graph.db(), "ready"), "web starts once db is ready");
            // The containers live in LXC's own cgroups, outside the unit's, so that neither KillMode=mixed
            // nor the unit's stop can kill them behind the agent's back.
            String unitCgroup = host.property("lxc-auto", "ControlGroup");
            assertEquals("/system.slice/lxc-auto.service", unitCgroup);
            for (String name : graph.all()) {
                String cgroups = host.ok("cat", "/proc/" + host.ok("lxc-info", "-n", name, "-p", "-H") + "/cgroup");
                assertTrue(cgroups.contains("0::/lxc.payload." + name) && !cgroups.contains(unitCgroup), cgroups);
            }
            long execStart = Long.parseLong(host.property("lxc-auto", "ExecMainStartTimestampMonotonic"));
            long activeEnter = Long.parseLong(host.property("lxc-auto", "ActiveEnterTimestampMonotonic"));
            assertTrue(activeEnter > execStart, execStart + " " + activeEnter);
            System.out.printf("systemd: READY latency (ExecMainStart -> active) %d ms%n", (activeEnter - execStart) / 1000);

            // (b) A restart of the service is not a host shutdown: the containers keep running and are adopted.
            String firstPid = host.property("lxc-auto", "MainPID");
            host.ok("systemctl", "restart", "lxc-auto");
            String pid = host.property("lxc-auto", "MainPID");
            assertNotEquals(firstPid, pid);
            assertEquals("active", host.exec("systemctl", "is-active", "lxc-auto").stdout().strip());
            for (String name : graph.all()) {
                assertEquals("RUNNING", host.state(name), name);
                assertEquals(1, SystemdJournal.count(events(host, name), "start"), name + " started once");
            }
            awaitJournal(host, pid, graph.all().stream().map(n -> n + ": already running, adopting it").toList());

            // (f) The new daemon holds logind's delay lock on shutdown.
            String inhibitors = host.ok("systemd-inhibit", "--list", "--no-pager");
            assertTrue(inhibitors.lines().anyMatch(l -> l.startsWith("lxc-auto") && l.contains("shutdown") && l.contains("delay")),
                    inhibitors);

            // (d) systemctl poweroff asks logind, which announces PrepareForShutdown and waits for the lock.
            double requested = SystemdJournal.now();
            host.ok("systemctl", "poweroff");
            host.awaitPoweredOff(150);
            double off = SystemdJournal.now();

            Map<String, Double> halted = new HashMap<>();
            for (String name : graph.all()) {
                assertEquals("clean", Lab.read(host.containerFile(name, "stopped")).strip(), name + " stopped cleanly");
                List<Double> halts = SystemdJournal.times(events(host, name), "halt");
                assertEquals(1, halts.size(), name + " was asked to halt once: " + halts);
                assertTrue(halts.get(0) >= requested - 0.01, name + " halted before the poweroff?");
                halted.put(name, halts.get(0));
            }
            assertTrue(halted.get(graph.web()) <= halted.get(graph.db()), "web halts before db: " + halted);

            SystemdJournal journal = SystemdJournal.read(host.journalDir());
            Predicate<Entry> agent = SystemdJournal.agent(Integer.parseInt(pid));
            List<String> said = journal.since(requested, agent).stream().map(Entry::message).toList();
            int announced = indexOf(said, "daemon: host shutdown (logind PrepareForShutdown): stopping the containers");
            int released = indexOf(said, "daemon: logind delay lock released");
            int webStopped = indexOf(said, graph.web() + ": stopped cleanly");
            assertTrue(webStopped < indexOf(said, graph.db() + ": stopping"), "web stopped before db was asked: " + said);
            for (String name : graph.all()) {
                int stopped = indexOf(said, name + ": stopped cleanly");
                assertTrue(announced < stopped && stopped < released, name + " stopped while the lock was held: " + said);
            }
            Entry allStopped = journal.first(requested, agent, "shutdown: 3 container(s) stopped in").orElseThrow();
            journal.since(requested, e -> agent.test(e) || e.pid() == 1 && e.says("lxc-auto") || e.identifier().equals("systemd-logind"))
                    .forEach(e -> System.out.printf("systemd: poweroff timeline %+.3fs %s%n", e.at() - requested, e.message()));
            assertTrue(allStopped.says("(0 forced)"), allStopped.message());

            // (f) logind held the poweroff back until the lock went: systemd began to stop units (the
            // agent among them) only after every container had halted, and the agent exited after that.
            double lastHalt = halted.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            Entry poweringDown = journal.first(requested, SystemdJournal.identifier("systemd-logind"),
                    "System is powering down").orElseThrow(() -> new AssertionError("logind never let the poweroff go"));
            Entry stoppingAgent = journal.first(requested, SystemdJournal.manager(), "Stopping lxc-auto.service").orElseThrow();
            Entry agentGone = journal.first(requested, SystemdJournal.manager(), "lxc-auto.service: Deactivated")
                    .orElseThrow();
            assertTrue(lastHalt < poweringDown.at(), "halted " + halted + ", logind went on at " + poweringDown.at());
            assertTrue(lastHalt < stoppingAgent.at(), "halted " + halted + ", agent stop began at " + stoppingAgent.at());
            assertTrue(allStopped.at() < agentGone.at(), "all stopped at " + allStopped.at() + ", agent gone at " + agentGone.at());

            System.out.printf("systemd: poweroff -> last container halted %.0f ms, -> all stopped (agent) %.0f ms,"
                    + " -> lock released (logind goes on) %.0f ms, -> agent exited %.0f ms, -> machine off %.0f ms%n",
                    ms(lastHalt - requested), ms(allStopped.at() - requested), ms(poweringDown.at() - requested),
                    ms(agentGone.at() - requested), ms(off - requested));
        }
    }

    @Test
    void aDaemonKilledInTheMiddleOfTheBootIsRestartedAndStartsNothingTwice() throws Exception {
        try (SystemdHost host = SystemdHost.create()) {
            Graph graph = graph(host, "3");
            host.boot();

            // The boot is under way: extra is up, db has started but is not ready for 3 s, web waits for it.
            awaitUnitJournal(host, List.of(graph.extra() + ": ready in", graph.db() + ": starting"), 180);
            assertEquals("activating", host.exec("systemctl", "is-active", "lxc-auto").stdout().strip());
            assertTrue(SystemdJournal.times(events(host, graph.db()), "ready").isEmpty(),
                    "db was ready before the kill; the machine is too slow for this test");
            assertEquals(0, SystemdJournal.count(events(host, graph.web()), "start"), "web must not be started yet");
            String killed = host.property("lxc-auto", "MainPID");
            long killedAt = System.nanoTime();
            host.ok("busybox", "kill", "-KILL", killed); // minbase has no procps

            // Restart=on-failure brings it back; it adopts what runs and finishes the boot.
            awaitActive(host, 120);
            long back = System.nanoTime();
            assertEquals("1", host.property("lxc-auto", "NRestarts"));
            String pid = host.property("lxc-auto", "MainPID");
            assertNotEquals(killed, pid);
            for (String name : graph.all()) {
                assertEquals("RUNNING", host.state(name), name + "\n" + host.diagnostics());
                assertEquals(1, SystemdJournal.count(events(host, name), "start"), name + " started exactly once");
            }
            assertTrue(first(host, graph.web(), "start") >= first(host, graph.db(), "ready"), "web starts once db is ready");
            assertEquals("3/3 containers ready", host.property("lxc-auto", "StatusText"));
            awaitJournal(host, pid, List.of(graph.db() + ": already running, adopting it",
                    graph.extra() + ": already running, adopting it", graph.web() + ": starting (after " + graph.db() + ")"));
            System.out.printf("systemd: kill -9 mid-boot -> restarted and active again in %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(back - killedAt));
        }
    }

    static java.nio.file.Path events(SystemdHost host, String name) {
        return host.containerFile(name, "events.log");
    }

    private static double first(SystemdHost host, String name, String event) throws IOException {
        List<Double> times = SystemdJournal.times(events(host, name), event);
        assertTrue(!times.isEmpty(), name + " logged no '" + event + "'");
        return times.get(0);
    }

    static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no line with '" + text + "' in " + String.join("\n", lines));
    }

    private static double ms(double seconds) {
        return seconds * 1000;
    }

    /** Waits until the journal of the agent with {@code pid} has every line of {@code texts} (journald lags a little). */
    static void awaitJournal(SystemdHost host, String pid, List<String> texts) throws InterruptedException {
        awaitLines(host, List.of("journalctl", "_PID=" + pid, "-o", "cat", "--no-pager"), texts, 20);
    }

    private static void awaitUnitJournal(SystemdHost host, List<String> texts, int seconds) throws InterruptedException {
        awaitJournalOf(host, "lxc-auto", texts, seconds);
    }

    /** Waits until the journal of {@code unit} has every line of {@code texts}. */
    static void awaitJournalOf(SystemdHost host, String unit, List<String> texts, int seconds) throws InterruptedException {
        awaitLines(host, List.of("journalctl", "-u", unit, "-o", "cat", "--no-pager"), texts, seconds);
    }

    private static void awaitLines(SystemdHost host, List<String> argv, List<String> texts, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String out = "";
        while (System.nanoTime() < deadline) {
            out = host.exec(argv.toArray(String[]::new)).stdout();
            String seen = out;
            if (texts.stream().allMatch(seen::contains)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("journal lacks " + texts + " after " + seconds + "s:\n" + out + "\n" + host.diagnostics());
    }

    /** Polls {@code systemctl is-active} until "active"; "failed" (no restart) ends the wait at once. */
    private static void awaitActive(SystemdHost host, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String state = "";
        while (System.nanoTime() < deadline) {
            state = host.exec("systemctl", "is-active", "lxc-auto").stdout().strip();
            if (state.equals("active") || state.equals("failed")) {
                break;
            }
            Thread.sleep(50);
        }
        assertEquals("active", state, host.diagnostics());
    }
}
