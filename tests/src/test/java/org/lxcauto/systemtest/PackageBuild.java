package org.lxcauto.systemtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Debian package built from this checkout, the way an administrator or CI would build it
 * ({@code dpkg-buildpackage -us -uc -b}), but in a copy of the tree under {@code work}, so that
 * no build product (debian/lxc-auto/, debian/generated/, the .deb beside the tree) is ever left
 * in the checkout.
 *
 * <p>The copy takes the agent's jar that 'mvn package' already built, with its modification time:
 * debian/rules uses a jar newer than every source as it is, which keeps this quick; a stale or
 * missing one is rebuilt by Maven inside the copy.
 */
final class PackageBuild {

    final Path source;
    final Path deb;
    final Path changes;
    final String log;

    private PackageBuild(Path source, Path deb, Path changes, String log) {
        this.source = source;
        this.deb = deb;
        this.changes = changes;
        this.log = log;
    }

    /** Copies the checkout to {@code work/src} and builds there; the .deb lands in {@code work}. */
    static PackageBuild build(Path work) throws IOException {
        Path source = Files.createDirectory(work.resolve("src"));
        copyTree(source);
        Commands.Result build = Commands.run(List.of("env", "-C", source.toString(), "dpkg-buildpackage", "-us", "-uc", "-b"),
                Map.of(), 900);
        if (build.exitCode() != 0) {
            throw new AssertionError("dpkg-buildpackage failed in " + source + ":\n" + tail(build.stdout() + build.stderr()));
        }
        return new PackageBuild(source, only(work, "lxc-auto_", "_all.deb"), only(work, "lxc-auto_", ".changes"),
                build.stdout() + build.stderr());
    }

    /**
     * Everything the package build reads: the tree without .git and the system tests (only their
     * POM, which the reactor needs), and of the agent's build output only the jar and its
     * libraries. cp -a keeps modification times and debian/'s symlinks.
     */
    private static void copyTree(Path source) throws IOException {
        try (Stream<Path> top = Files.list(Lab.ROOT)) {
            for (Path entry : top.toList()) {
                String name = entry.getFileName().toString();
                if (name.equals(".git") || name.equals("tests") || name.equals("agent")) {
                    continue;
                }
                Commands.ok("cp", "-a", entry.toString(), source.toString());
            }
        }
        Path tests = Files.createDirectory(source.resolve("tests"));
        Commands.ok("cp", "-a", Lab.ROOT.resolve("tests/pom.xml").toString(), tests.toString());
        Path agent = Files.createDirectory(source.resolve("agent"));
        try (Stream<Path> entries = Files.list(Lab.ROOT.resolve("agent"))) {
            for (Path entry : entries.toList()) {
                if (!entry.getFileName().toString().equals("target")) {
                    Commands.ok("cp", "-a", entry.toString(), agent.toString());
                }
            }
        }
        Path built = Lab.ROOT.resolve("agent/target");
        if (Files.isRegularFile(built.resolve("lxc-auto.jar")) && Files.isDirectory(built.resolve("lib"))) {
            Path target = Files.createDirectory(agent.resolve("target"));
            Commands.ok("cp", "-a", built.resolve("lxc-auto.jar").toString(), built.resolve("lib").toString(),
                    target.toString());
        }
    }

    /**
     * Runs lintian on the .changes (the .deb and the .buildinfo); the caller fails on the errors
     * and warnings. Overrides are honoured, and each one in debian/lxc-auto.lintian-overrides
     * says why it is there. (Not --show-overrides: with it, lintian 2.116 exits 2 whenever an
     * override matched.)
     */
    Commands.Result lintian() {
        return Commands.run(List.of("lintian", "--fail-on", "error,warning", "--info", changes.toString()), Map.of(), 600);
    }

    /** Every path the .deb holds, directories included, as absolute paths ("/etc/init.d/lxc-auto"). */
    List<Path> contents() {
        List<Path> paths = new ArrayList<>();
        // "-rw-r--r-- root/root 151 2026-11-29 20:00 ./etc/default/lxc-auto", symlinks with " -> target"
        for (String line : Commands.ok("dpkg-deb", "--contents", deb.toString()).stdout().lines().toList()) {
            String[] fields = line.strip().split("\\s+");
            String path = fields[5].replaceFirst("^\\.", "");
            if (!path.equals("/")) {
                paths.add(Path.of(path));
            }
        }
        return paths;
    }

    private static Path only(Path dir, String prefix, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().startsWith(prefix)
                    && f.getFileName().toString().endsWith(suffix)).toList();
            if (found.size() != 1) {
                throw new AssertionError("expected one " + prefix + "*" + suffix + " in " + dir + ", found " + found);
            }
            return found.get(0);
        }
    }

    static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
