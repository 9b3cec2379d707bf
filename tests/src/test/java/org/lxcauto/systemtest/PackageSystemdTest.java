package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.lxcauto.systemtest.SystemdJournal.Entry;

/**
 * Issue 5, the package under real systemd: the .deb built from this checkout (dpkg-buildpackage)
 * is installed with dpkg into a debootstrapped Debian 12 (the cached rootfs of {@link SystemdHost},
 * under an overlay), which is then booted with systemd-nspawn. Nothing but the package's own
 * files and maintainer scripts makes the agent run there: its unit in /lib/systemd/system,
 * enabled by postinst, the shipped /etc/lxc/lxc-auto.conf and /etc/default/lxc-auto unchanged.
 * The administrator's part is two entries in /etc/lxc/auto (db, and web after db) over two LXC
 * containers in /var/lib/lxc; then: the boot starts them with no manual step, web once db is
 * ready; {@code systemctl reload} reaches the daemon; {@code systemctl poweroff} stops them
 * cleanly, web first; and {@code systemd-analyze verify} has nothing to say about the unit,
 * inside the machine and on the tree.
 *
 * <p>How the Java dependency is met (dpkg --force-depends, the host's JDK bound in) is explained
 * in {@link PackagedMachine}.
 */
class PackageSystemdTest {

    private static final String UNIT = "/lib/systemd/system/lxc-auto.service";

    @Test
    void installedPackageBootsTheContainersWithNoManualStepAndStopsThemCleanlyAtPoweroff() throws Exception {
        PackageBuild build = PackagedMachine.sharedBuild();
        long installing = System.nanoTime();
        try (PackagedMachine machine = PackagedMachine.install(build.deb)) {
            long installed = System.nanoTime();
            SystemdHost host = machine.host;
            System.out.println("package-systemd: dpkg -i " + build.deb.getFileName() + " in the tree:\n"
                    + machine.dpkg.stdout() + machine.dpkg.stderr());

            // The install, as dpkg and the maintainer scripts left it (read from the tree, before any boot).
            assertEquals("install ok installed", machine.status("lxc-auto"), machine.dpkg.all());
            List<String> unmet = machine.dpkg.all().lines().map(String::strip)
                    .filter(l -> l.matches("lxc-auto (pre-)?depends on .*")).toList();
            assertTrue(unmet.size() == 1 && unmet.get(0).contains("java17-runtime-headless"),
                    "--force-depends may only overlook the Java runtime, which the machine gets by bind mount: " + unmet);
            Path wants = host.merged.resolve("etc/systemd/system/multi-user.target.wants/lxc-auto.service");
            assertTrue(Files.isSymbolicLink(wants), "postinst enabled the unit (deb-systemd-helper): no " + wants);
            assertEquals(Path.of(UNIT), Files.readSymbolicLink(wants));
            // The generator that orders the unit after the mounts entries need, where systemd looks for it.
            Path generator = host.merged.resolve("lib/systemd/system-generators/lxc-auto-generator");
            assertTrue(Files.isRegularFile(generator) && Files.isExecutable(generator), "no executable " + generator);
            assertEquals(Lab.read(Lab.ROOT.resolve("units/lxc-auto-generator")), Lab.read(generator));
            Path archive = host.merged.resolve("var/cache/lxc-auto/lxc-auto.jsa");
            assertTrue(Files.isRegularFile(archive) && Files.size(archive) > 0,
                    "postinst built the AppCDS archive with the machine's JVM:\n" + machine.dpkg.all());

            // systemd-analyze verify on the tree (host's systemd 252 = the machine's; man pages checked too),
            // asserted at the end so that a complaint does not hide how the boot and the poweroff went.
            Commands.Result onTree = machine.verifyOnTree(UNIT);

            // The administrator's part: two containers, and their entries in /etc/lxc/auto.
            String db = host.container("db", Map.of("ready-after", "0.3"));
            host.entry("db", "[container]\nname = " + db + "\nready = exec:test -f /ready\n");
            String web = host.container("web", Map.of());
            host.entry("web", "[container]\nname = " + web + "\nafter = " + db + "\n");
            List<String> both = List.of(db, web);

            // Boot. No systemctl start, no lxc-start: the boot alone must bring everything up.
            host.boot();
            assertEquals("running", host.awaitBootFinished(180), host.diagnostics());
            assertEquals("active", host.exec("systemctl", "is-active", "lxc-auto").stdout().strip(), host.diagnostics());
            assertEquals("enabled", host.exec("systemctl", "is-enabled", "lxc-auto").stdout().strip());
            assertEquals(UNIT, host.property("lxc-auto", "FragmentPath"), "the package's unit, nothing overriding it");
            for (String name : both) {
                assertEquals("RUNNING", host.state(name), name + "\n" + host.diagnostics());
                assertEquals(1, SystemdJournal.count(SystemdDaemonTest.events(host, name), "start"), name + " started once");
            }
            assertEquals("2/2 containers ready", host.property("lxc-auto", "StatusText"));
            double dbStarted = first(host, db, "start");
            double dbReady = first(host, db, "ready");
            double webStarted = first(host, web, "start");
            assertTrue(webStarted >= dbReady, "web started at " + webStarted + ", before db was ready at " + dbReady);

            // The daemon the boot started runs with the class-data archive postinst built.
            String pid = host.property("lxc-auto", "MainPID");
            String maps = host.ok("cat", "/proc/" + pid + "/maps");
            assertTrue(maps.contains("/var/cache/lxc-auto/lxc-auto.jsa"), "the daemon did not map the AppCDS archive");

            // systemctl reload: the unit's ExecReload sends SIGHUP, the daemon re-reads its configuration.
            Commands.Result reload = host.exec("systemctl", "reload", "lxc-auto");
            if (reload.exitCode() == 0) {
                SystemdDaemonTest.awaitJournal(host, pid, List.of("daemon: configuration reloaded"));
            }

            // systemd-analyze verify inside the booted machine. --man=no only because minbase has no
            // man-db (no 'man' to run); the man page reference was checked on the tree above.
            Commands.Result inside = host.exec("systemd-analyze", "verify", "--man=no", UNIT);

            long userspace = Long.parseLong(host.ok("systemctl", "show", "-p", "UserspaceTimestampMonotonic", "--value"));
            long finished = Long.parseLong(host.ok("systemctl", "show", "-p", "FinishTimestampMonotonic", "--value"));
            long execStart = Long.parseLong(host.property("lxc-auto", "ExecMainStartTimestampMonotonic"));
            long active = Long.parseLong(host.property("lxc-auto", "ActiveEnterTimestampMonotonic"));
            System.out.printf("package-systemd: dpkg -i (incl. AppCDS archive) and tree setup %d ms%n",
                    (installed - installing) / 1_000_000);
            System.out.printf("package-systemd: inside the machine: systemd start -> lxc-auto active %d ms"
                    + " (systemd start -> ExecStart %d ms, ExecStart -> READY=1 %d ms); boot finished %d ms%n",
                    (active - userspace) / 1000, (execStart - userspace) / 1000, (active - execStart) / 1000,
                    (finished - userspace) / 1000);
            String chain = host.exec("systemd-analyze", "critical-chain", "--no-pager", "lxc-auto.service").stdout();
            System.out.println("package-systemd: critical chain (@ active since systemd start, + start time):\n"
                    + chain.substring(chain.indexOf("\n\n") + 2).stripTrailing()); // without its two lines of legend
            double exec = SystemdJournal.boottime(execStart);
            System.out.printf("package-systemd: from ExecStart: db init started %.0f ms, db ready %.0f ms,"
                    + " web init started %.0f ms%n", ms(dbStarted - exec), ms(dbReady - exec), ms(webStarted - exec));

            // systemctl poweroff (through logind, whose delay lock the daemon holds).
            double requested = SystemdJournal.now();
            host.ok("systemctl", "poweroff");
            int exit = host.awaitPoweredOff(150);
            double off = SystemdJournal.now();
            assertEquals(0, exit, "systemd-nspawn's exit status after the poweroff");

            Map<String, Double> halted = new HashMap<>();
            for (String name : both) {
                Path stopped = host.containerFile(name, "stopped");
                assertTrue(Files.exists(stopped), name + " has no /stopped: its init never ran its halt");
                assertEquals("clean", Lab.read(stopped).strip(), name + " stopped cleanly");
                List<Double> halts = SystemdJournal.times(SystemdDaemonTest.events(host, name), "halt");
                assertEquals(1, halts.size(), name + " was asked to halt once: " + halts);
                assertTrue(halts.get(0) >= requested - 0.01, name + " halted before the poweroff?");
                halted.put(name, halts.get(0));
            }
            assertTrue(halted.get(web) <= halted.get(db), "web halts before db: " + halted);

            SystemdJournal journal = SystemdJournal.read(host.journalDir());
            Predicate<Entry> agent = SystemdJournal.agent(Integer.parseInt(pid));
            List<String> said = journal.since(requested, agent).stream().map(Entry::message).toList();
            assertTrue(SystemdDaemonTest.indexOf(said, web + ": stopped cleanly") < SystemdDaemonTest.indexOf(said, db + ": stopping"),
                    "web stopped before db was asked to: " + said);
            Entry allStopped = journal.first(requested, agent, "shutdown: 2 container(s) stopped in").orElseThrow(
                    () -> new AssertionError("the agent never reported the shutdown: " + said));
            assertTrue(allStopped.says("(0 forced)"), allStopped.message());
            double lastHalt = halted.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            System.out.printf("package-systemd: poweroff -> last container halted %.0f ms, -> all stopped (agent) %.0f ms,"
                    + " -> machine off %.0f ms%n", ms(lastHalt - requested), ms(allStopped.at() - requested),
                    ms(off - requested));

            // The reload worked, and systemd-analyze verify reports nothing on the unit and exits 0, on the
            // tree and in the machine; all three reported together.
            System.out.println("package-systemd: " + onTree.all() + "\npackage-systemd: (in the machine) " + inside.all());
            assertAll(
                    () -> assertEquals(0, reload.exitCode(), "systemctl reload lxc-auto: " + reload.all()),
                    () -> assertEquals("", onTree.stdout() + onTree.stderr(), "systemd-analyze verify --root: " + onTree.all()),
                    () -> assertEquals(0, onTree.exitCode(), onTree.all()),
                    () -> assertEquals("", inside.stdout() + inside.stderr(), "systemd-analyze verify in the machine: "
                            + inside.all()),
                    () -> assertEquals(0, inside.exitCode(), inside.all()));
        }
    }

    private static double first(SystemdHost host, String name, String event) throws IOException {
        List<Double> times = SystemdJournal.times(SystemdDaemonTest.events(host, name), event);
        assertTrue(!times.isEmpty(), name + " logged no '" + event + "'");
        return times.get(0);
    }

    private static double ms(double seconds) {
        return seconds * 1000;
    }
}
