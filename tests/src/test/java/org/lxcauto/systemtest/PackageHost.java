package org.lxcauto.systemtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The lxc-auto package installed on this very host for a test, and the host put back as it was
 * afterwards: the package purged (its daemon stopped first), and any file that was in the way of
 * the package before (an administrator's /etc/lxc/lxc-auto.conf, a state directory) moved aside
 * before the install and moved back after the purge.
 *
 * <p>It refuses to touch a host where lxc-auto is installed already: purging an administrator's
 * package is not a test's business. A run that was killed before it could clean up leaves the
 * package installed; 'dpkg --purge lxc-auto' then makes the host fit again.
 */
final class PackageHost implements AutoCloseable {

    static final String PACKAGE = "lxc-auto";
    static final Path PIDFILE = Path.of("/run/lxc-auto.pid");
    static final Path LOG = Path.of("/var/log/lxc-auto.log");
    static final Path DEFAULTS = Path.of("/etc/default/lxc-auto");
    static final Path CONFIG = Path.of("/etc/lxc/lxc-auto.conf");
    static final Path ARCHIVE = Path.of("/var/cache/lxc-auto/lxc-auto.jsa");

    /**
     * What the package makes that dpkg does not list: the state and cache directories, the LSB
     * script's log and pidfile, and what update-rc.d and deb-systemd-helper create (the rc*.d
     * links are found by {@link #rcLinks()}).
     */
    /** The metrics file at its default place, written where prometheus-node-exporter is installed. */
    static final Path METRICS = Path.of("/var/lib/prometheus/node-exporter/lxc-auto.prom");
    static final List<Path> UNLISTED = List.of(Path.of("/var/lib/lxc-auto"), Path.of("/var/cache/lxc-auto"), LOG,
            PIDFILE, Path.of("/etc/systemd/system/multi-user.target.wants/lxc-auto.service"),
            Path.of("/var/lib/systemd/deb-systemd-helper-enabled/lxc-auto.service.dsh-also"),
            Path.of("/var/lib/systemd/deb-systemd-helper-enabled/multi-user.target.wants/lxc-auto.service"),
            Path.of("/var/lib/systemd/deb-systemd-helper-masked/lxc-auto.service"), PackageHost.METRICS);

    private final Path backups;
    /** Original path to where it waits in {@link #backups}. */
    private final Map<Path, Path> movedAside = new LinkedHashMap<>();
    /** Directories of the package that existed before it (/etc, /etc/lxc...): purge leaves them. */
    private final Set<Path> preexisting = new LinkedHashSet<>();
    private boolean installed;

    private PackageHost(Path backups) {
        this.backups = backups;
    }

    /** Installs {@code build}'s .deb with dpkg -i, after moving aside whatever is in its way. */
    static PackageHost install(PackageBuild build, Path backups) throws IOException {
        String status = Commands.run("dpkg-query", "-W", "-f=${Status}", PACKAGE).stdout().strip();
        if (!status.isEmpty() && !status.endsWith("not-installed")) {
            throw new AssertionError("lxc-auto is installed on this host already (" + status + "); the package test"
                    + " installs and purges it, so it runs only where it is absent. If an interrupted run left it,"
                    + " remove it with 'dpkg --purge lxc-auto'.");
        }
        if (Files.exists(PIDFILE)) {
            throw new AssertionError(PIDFILE + " exists: an lxc-auto daemon seems to run; stop it first");
        }
        PackageHost host = new PackageHost(backups);
        List<Path> inTheWay = new ArrayList<>(build.contents());
        inTheWay.addAll(UNLISTED);
        inTheWay.addAll(rcLinks());
        for (Path path : inTheWay) {
            if (Files.isDirectory(path) && !UNLISTED.contains(path)) {
                host.preexisting.add(path);
            } else if (Files.exists(path) || Files.isSymbolicLink(path)) {
                host.moveAside(path);
            }
        }
        host.installed = true; // from here on, close() purges
        Commands.Result dpkg = Commands.run(List.of("dpkg", "-i", build.deb.toString()), Map.of(), 600);
        if (dpkg.exitCode() != 0) {
            host.close(); // the caller never gets this host to close
            throw new AssertionError("dpkg -i failed: " + dpkg.all());
        }
        return host;
    }

    private void moveAside(Path path) throws IOException {
        Path aside = backups.resolve(Path.of("/").relativize(path));
        Files.createDirectories(aside.getParent());
        Files.move(path, aside);
        movedAside.put(path, aside);
    }

    /** Runs {@code service lxc-auto ACTION} (the LSB script, as there is no systemd here). */
    static Commands.Result service(String action) {
        return Commands.run(List.of("service", PACKAGE, action), Map.of(), 300);
    }

    /** The files dpkg says the package owns. */
    static List<Path> listed() {
        return Commands.ok("dpkg", "-L", PACKAGE).stdout().lines().filter(l -> l.startsWith("/"))
                .map(l -> Path.of(l).normalize()).filter(p -> p.getNameCount() > 0).toList(); // "/." is the root
    }

    /** dpkg --purge; fails the test if dpkg does. */
    void purge() {
        Commands.Result purge = Commands.run(List.of("dpkg", "--purge", PACKAGE), Map.of(), 600);
        installed = false;
        if (purge.exitCode() != 0) {
            throw new AssertionError("dpkg --purge failed: " + purge.all());
        }
    }

    /** Of {@code listed} and what the package makes unlisted, what still exists (and was not there before). */
    List<Path> leftovers(List<Path> listed) throws IOException {
        List<Path> candidates = new ArrayList<>(listed);
        candidates.addAll(UNLISTED);
        candidates.addAll(rcLinks());
        List<Path> left = new ArrayList<>();
        for (Path path : candidates) {
            if ((Files.exists(path) || Files.isSymbolicLink(path)) && !preexisting.contains(path)
                    && !(Files.isDirectory(path) && isSharedDirectory(path))) {
                left.add(path);
            }
        }
        return left;
    }

    /** A directory that another package owns as well (dpkg rightly leaves it). */
    private static boolean isSharedDirectory(Path dir) {
        return Commands.run("dpkg-query", "-S", dir.toString()).exitCode() == 0;
    }

    /** update-rc.d's links to /etc/init.d/lxc-auto, whatever their sequence numbers. */
    static List<Path> rcLinks() throws IOException {
        List<Path> links = new ArrayList<>();
        for (String level : List.of("0", "1", "2", "3", "4", "5", "6", "S")) {
            Path dir = Path.of("/etc/rc" + level + ".d");
            if (Files.isDirectory(dir)) {
                try (Stream<Path> entries = Files.list(dir)) {
                    entries.filter(e -> e.getFileName().toString().matches("[SK][0-9]+lxc-auto")).forEach(links::add);
                }
            }
        }
        return links;
    }

    /** Stops the daemon if it runs, purges the package if it is installed, puts back what was moved aside. */
    @Override
    public void close() throws IOException {
        try {
            if (Files.exists(PIDFILE)) {
                service("stop");
            }
            if (installed) {
                purge();
            }
        } finally {
            for (Map.Entry<Path, Path> moved : movedAside.entrySet()) {
                if (!Files.exists(moved.getKey())) {
                    Files.createDirectories(moved.getKey().getParent());
                    Files.move(moved.getValue(), moved.getKey());
                }
            }
        }
    }
}
