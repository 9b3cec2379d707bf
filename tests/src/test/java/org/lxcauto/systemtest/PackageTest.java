package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Debian package, for real: built from this checkout with dpkg-buildpackage, checked by
 * lintian, installed on this host with dpkg -i, run through its LSB init script with 'service'
 * (this host has no systemd) against real containers, measured, and purged without a trace.
 *
 * <p>The daemon is pointed at the lab's private lxcpath and autostart directory through
 * /etc/default/lxc-auto (LXC_AUTO_OPTS), as an administrator would, never at the host's own
 * /var/lib/lxc or /etc/lxc/auto. Whatever happens, {@link #cleanUp} stops the daemon, purges the
 * package, removes the lab's containers and puts back any file the package was in the way of.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackageTest {

    private static final int RUNS = 7;
    /** Every command (docs/commands.md). */
    private static final List<String> COMMANDS = List.of("check", "plan", "boot", "shutdown", "daemon", "status",
            "blame", "plot", "start", "stop", "enable", "disable", "reload");

    private Path work;
    private PackageBuild build;
    private PackageHost host;
    private Lab lab;

    @BeforeAll
    void buildAndInstall() throws IOException {
        lab = Lab.create();
        work = Files.createTempDirectory("lxc-auto-package-");
        build = PackageBuild.build(work);
        build.log.lines().filter(l -> l.startsWith("debian/rules:") || l.startsWith("dpkg-deb:")).forEach(System.out::println);
        host = PackageHost.install(build, Files.createDirectory(work.resolve("moved-aside")));
    }

    @AfterAll
    void cleanUp() throws IOException {
        try {
            if (host != null) {
                host.close();
            }
        } finally {
            if (lab != null) {
                lab.close();
            }
            if (work != null) {
                Commands.run("rm", "-rf", "--one-file-system", work.toString());
            }
        }
    }

    @Test
    @Order(1)
    void lintianReportsNoErrorsOrWarnings() {
        Commands.Result lintian = build.lintian();
        System.out.println("lintian " + build.changes.getFileName() + " (exit " + lintian.exitCode() + "):\n"
                + lintian.stdout() + lintian.stderr());
        List<String> tags = lintian.stdout().lines().filter(l -> l.startsWith("E: ") || l.startsWith("W: ")).toList();
        assertEquals(List.of(), tags, "lintian errors and warnings; fix them, or override with a comment saying why");
        assertEquals(0, lintian.exitCode(), lintian.all());
    }

    @Test
    @Order(2)
    void manPageAndBashCompletionCoverEveryCommand() {
        Commands.Result man = Commands.run(List.of("man", "--warnings", "-l", "/usr/share/man/man1/lxc-auto.1.gz"),
                Map.of("MANWIDTH", "100", "MANPAGER", "cat", "LC_ALL", "C.UTF-8"), 60);
        assertEquals(0, man.exitCode(), man.all());
        assertEquals("", man.stderr(), "groff has no complaint about the generated page");
        String completion = "/usr/share/bash-completion/completions/lxc-auto";
        for (String command : COMMANDS) {
            assertTrue(man.stdout().contains("lxc-auto " + command), "man lxc-auto describes '" + command + "'");
            Commands.Result complete = Commands.run(List.of("bash", "-c", ". \"$0\"; COMP_WORDS=(lxc-auto \"$1\");"
                    + " COMP_CWORD=1; COMP_LINE=\"lxc-auto $1\"; COMP_POINT=${#COMP_LINE}; _complete_lxc-auto 2>/dev/null;"
                    + " printf '%s\\n' \"${COMPREPLY[@]}\"", completion, command.substring(0, 2)), Map.of(), 30);
            assertTrue(complete.stdout().lines().anyMatch(command::equals),
                    "bash completes '" + command.substring(0, 2) + "' to '" + command + "': " + complete.all());
        }
    }

    @Test
    @Order(3)
    void serviceStartsRestartsReloadsAndStopsRealContainers() throws Exception {
        String db = lab.container("db", "", Map.of());
        String web = lab.container("web", "", Map.of());
        String cache = lab.container("cache", "", Map.of());
        lab.entry(db, "[container]\nname = " + db + "\n");
        lab.entry(web, "[container]\nname = " + web + "\nafter = " + db + "\n");
        Lab.write(PackageHost.DEFAULTS, "LXC_AUTO_OPTS=\"--auto-dir " + lab.autoDir + " --lxcpath " + lab.lxcpath
                + " --bus " + lab.bus + "\"\n");

        assertEquals(3, PackageHost.service("status").exitCode(), "status before any start must be 3 (LSB: not running)");
        Commands.Result start = PackageHost.service("start");
        assertEquals(0, start.exitCode(), start.all());
        awaitRunning(db, web);
        awaitLog("daemon: ready", 1);
        assertEquals(0, PackageHost.service("status").exitCode(), "status of a running daemon");
        assertTrue(lab.events(web).get("start") >= lab.events(db).get("start"), "web starts after db, which it needs");
        assertTrue(Files.isRegularFile(Path.of("/var/lib/lxc-auto/last-boot.json")), "the boot is recorded in the state dir");
        if (Files.isDirectory(PackageHost.METRICS.getParent())) { // prometheus-node-exporter is installed (install-deps all)
            for (int waited = 0; waited < 50 && !Files.exists(PackageHost.METRICS); waited++) {
                Thread.sleep(100); // written right after READY=1, which the log line above tells
            }
            String metrics = Files.readString(PackageHost.METRICS);
            assertTrue(metrics.contains("lxc_auto_container_up{name=\"" + web + "\"} 1\n"), "the shipped configuration writes"
                    + " the metrics file where node-exporter reads it:\n" + metrics);
        }

        // A restart (as in a package upgrade) is no host shutdown: the containers stay, and the new daemon adopts them.
        Commands.Result restart = PackageHost.service("restart");
        assertEquals(0, restart.exitCode(), restart.all());
        awaitLog("daemon: ready", 2);
        assertEquals("RUNNING", lab.state(db));
        assertEquals(1, lab.count(db, "start"), "db was adopted, not started twice");
        assertEquals(1, lab.count(web, "start"), "web was adopted, not started twice");

        // reload (SIGHUP) starts what became enabled.
        lab.entry(cache, "[container]\nname = " + cache + "\n");
        Commands.Result reload = PackageHost.service("reload");
        assertEquals(0, reload.exitCode(), reload.all());
        awaitRunning(cache);

        // stop with the shipped on-agent-stop = host-shutdown: the daemon goes, the containers stay.
        Commands.Result stop = PackageHost.service("stop");
        assertEquals(0, stop.exitCode(), stop.all());
        assertEquals(3, PackageHost.service("status").exitCode(), "status after stop must be 3");
        assertEquals("RUNNING", lab.state(web), "a service stop that is no host shutdown leaves the containers running");

        // With on-agent-stop = always, stop stops the containers: dependents first, each cleanly.
        String config = Files.readString(PackageHost.CONFIG);
        assertTrue(config.contains("on-agent-stop = host-shutdown"), "the shipped configuration:\n" + config);
        Lab.write(PackageHost.CONFIG, config.replace("on-agent-stop = host-shutdown", "on-agent-stop = always"));
        assertEquals(0, PackageHost.service("start").exitCode());
        awaitLog("daemon: ready", 3);
        stop = PackageHost.service("stop");
        assertEquals(0, stop.exitCode(), stop.all());
        assertEquals(3, PackageHost.service("status").exitCode());
        for (String name : List.of(db, web, cache)) {
            assertEquals("STOPPED", lab.state(name), name + " after 'service lxc-auto stop' with on-agent-stop = always");
            assertTrue(Files.exists(lab.rootfs(name).resolve("stopped")), name + " was stopped cleanly (its init ran its halt)");
        }
        assertTrue(lab.events(web).get("halt") <= lab.events(db).get("halt"), "web, which needs db, stops first");
    }

    @Test
    @Order(4)
    void classDataArchiveIsUsedFallsBackSilentlyAndIsMeasured() throws IOException {
        assertTrue(Files.isRegularFile(PackageHost.ARCHIVE), "postinst builds " + PackageHost.ARCHIVE);
        Path jar = Path.of("/usr/share/lxc-auto/lxc-auto.jar");
        assertTrue(sharedClasses() > 100, "the launcher maps the archive and loads the agent's classes from it");

        // A stale archive (this jar is not the one it was made for) is ignored, silently.
        FileTime original = Files.getLastModifiedTime(jar);
        Files.setLastModifiedTime(jar, FileTime.from(original.toInstant().plus(Duration.ofMinutes(1))));
        try {
            Commands.Result version = Commands.run("/usr/bin/lxc-auto", "--version");
            assertEquals(0, version.exitCode(), version.all());
            assertEquals("", version.stderr(), "no warning about the stale archive");
            assertTrue(version.stdout().matches("lxc-auto \\S+\n"), "only the version on stdout: " + version.stdout());
            assertEquals(0, sharedClasses(), "a stale archive is not used");
        } finally {
            Files.setLastModifiedTime(jar, original);
        }

        // exec -> first lxc-start, with and without the archive, runs interleaved so that the
        // machine's load (other builds) falls on both alike.
        String container = lab.container("startup", "", Map.of());
        PackageStartup startup = PackageStartup.in(Files.createDirectory(lab.dir.resolve("startup")), lab.lxcpath, container);
        Path aside = work.resolve("lxc-auto.jsa");
        List<Double> with = new ArrayList<>();
        List<Double> without = new ArrayList<>();
        startup.measure(); // warms the page cache for both
        for (int i = 0; i < RUNS; i++) {
            with.add(startup.measure());
            Files.move(PackageHost.ARCHIVE, aside);
            try {
                without.add(startup.measure()); // the launcher works without it
            } finally {
                Files.move(aside, PackageHost.ARCHIVE);
            }
        }
        System.out.printf("lxc-auto daemon, exec -> first lxc-start, %d runs each (ms):%n"
                + "  with the AppCDS archive:    median %.0f, min %.0f, all %s%n"
                + "  without (JDK's CDS only):   median %.0f, min %.0f, all %s%n",
                RUNS, PackageStartup.median(with), min(with), rounded(with),
                PackageStartup.median(without), min(without), rounded(without));
    }

    @Test
    @Order(5)
    void purgeLeavesNoFilesBehind() throws IOException {
        if (Files.exists(PackageHost.PIDFILE)) {
            PackageHost.service("stop");
        }
        List<Path> listed = PackageHost.listed();
        assertTrue(listed.contains(Path.of("/usr/bin/lxc-auto")), "dpkg -L lxc-auto: " + listed);
        Path generator = Path.of("/lib/systemd/system-generators/lxc-auto-generator");
        assertTrue(listed.contains(generator) && Files.isExecutable(generator), "the systemd generator: " + listed);
        host.purge();
        assertEquals(List.of(), host.leftovers(listed), "files left behind by dpkg --purge lxc-auto");
        assertTrue(!Files.exists(Path.of("/var/lib/lxc-auto")) && !Files.exists(PackageHost.CONFIG));
    }

    /** How many classes /usr/bin/lxc-auto --version loads from the archive ("shared objects file (top)"). */
    private static long sharedClasses() {
        Commands.Result run = Commands.run(List.of("/usr/bin/lxc-auto", "--version"),
                Map.of("LXC_AUTO_JAVA_OPTS", "-Xlog:class+load=info"), 60);
        return run.stdout().lines().filter(l -> l.contains("source: shared objects file (top)")).count();
    }

    private void awaitRunning(String... names) {
        for (String name : names) {
            Commands.Result wait = lab.lxc("lxc-wait", "-P", lab.lxcpath.toString(), "-n", name, "-s", "RUNNING", "-t", "60");
            assertEquals(0, wait.exitCode(), name + " never ran; daemon log:\n" + log());
        }
    }

    /**
     * Waits until the daemon's log (the LSB script's --output file) holds {@code text} {@code
     * times} times: 'service start' returns once the daemon runs, and this is when it has booted
     * and handles SIGHUP and SIGTERM. Polled, as a file has no event to wait on, with a deadline.
     */
    private static void awaitLog(String text, int times) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (log().lines().filter(l -> l.contains(text)).count() >= times) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("'" + text + "' not logged " + times + " times in 90 s:\n" + log());
    }

    private static String log() {
        return Files.exists(PackageHost.LOG) ? Lab.read(PackageHost.LOG) : "(no " + PackageHost.LOG + ")";
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static List<Long> rounded(List<Double> values) {
        return values.stream().map(Math::round).toList();
    }
}
