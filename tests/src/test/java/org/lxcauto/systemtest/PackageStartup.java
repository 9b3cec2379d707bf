package org.lxcauto.systemtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Measures how long the installed {@code /usr/bin/lxc-auto daemon} takes from exec to its first
 * {@code lxc-start}: the time a boot waits before the first container even begins to start.
 *
 * <p>A fake {@code lxc-start} first on PATH (only here, in the measuring runs) records the clock
 * and sends SIGTERM to its parent, the daemon, and fails, so that the daemon finishes its boot at
 * once (one failed container), then exits cleanly: no container runs, nothing is left behind.
 * Both instants come from {@code date +%s%N} (the same realtime clock); the exec side is taken
 * by a shell that then execs the launcher, so the launcher's own shell counts too.
 */
final class PackageStartup {

    private final Path dir;
    private final List<String> daemonArgs;

    private PackageStartup(Path dir, List<String> daemonArgs) {
        this.dir = dir;
        this.daemonArgs = daemonArgs;
    }

    /**
     * A private world in {@code dir} with one autostart entry for {@code container} (which exists in
     * {@code lxcpath}), and the fake lxc-start.
     */
    static PackageStartup in(Path dir, Path lxcpath, String container) throws IOException {
        Path auto = Files.createDirectories(dir.resolve("auto"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Lab.write(dir.resolve("lxc-auto.conf"), "[agent]\n");
        Lab.write(auto.resolve(container + ".conf"), "[container]\nname = " + container + "\n");
        Path fake = bin.resolve("lxc-start");
        Files.writeString(fake, "#!/bin/sh\n"
                + "# Stands in for lxc-start while start-up is measured: when, then stop the daemon.\n"
                + "date +%s%N > \"$LXC_AUTO_TEST_MARK\"\n"
                + "kill -TERM \"$PPID\"\n"
                + "exit 1\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new PackageStartup(dir, List.of("--config", dir.resolve("lxc-auto.conf").toString(), "--auto-dir",
                auto.toString(), "--lxcpath", lxcpath.toString(), "--state-dir", dir.resolve("state").toString(),
                "--bus", "unix:path=" + dir.resolve("no-bus")));
    }

    /** One run: milliseconds from exec to the first lxc-start. */
    double measure() throws IOException {
        Path started = dir.resolve("exec-time");
        Path mark = dir.resolve("lxc-start-time");
        Files.deleteIfExists(mark);
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "date +%s%N > \"$0\"; exec /usr/bin/lxc-auto \"$@\"",
                started.toString()));
        argv.addAll(daemonArgs);
        argv.add("daemon");
        Map<String, String> env = Map.of("PATH", dir.resolve("bin") + ":/usr/sbin:/usr/bin:/sbin:/bin",
                "LXC_AUTO_TEST_MARK", mark.toString());
        Commands.Result run = Commands.run(argv, env, 120);
        if (run.exitCode() != 0 || !Files.exists(mark)) {
            throw new AssertionError("the daemon did not reach lxc-start and exit cleanly: " + run.all());
        }
        long from = Long.parseLong(Files.readString(started).strip());
        long to = Long.parseLong(Files.readString(mark).strip());
        return (to - from) / 1e6;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
