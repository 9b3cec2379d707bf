package org.lxcauto.systemtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link SystemdHost} whose tree holds what the Debian package installs, not the checkout's
 * agent: the overlay is put back to the pristine cached Debian 12 rootfs, and the .deb is
 * installed there with {@code dpkg -i}, run inside the tree by a one-shot {@code systemd-nspawn}
 * before the machine is ever booted (as on a system installed offline, or from an image build).
 * The package's maintainer scripts run for real: postinst enables the unit with
 * deb-systemd-helper, builds the AppCDS archive with the JVM the machine will boot with, and
 * update-rc.d adds the LSB links. Nothing else is put into the tree.
 *
 * <p>Closing it closes the host: the machine powered off, the overlay unmounted and removed.
 */
final class PackagedMachine implements AutoCloseable {

    /** Where the .deb is bound into the one-shot (read-only); it never lands in the tree. */
    static final String DEB_IN_MACHINE = "/tmp/lxc-auto.deb";
    /** The host's JDK, bound read-only as {@link SystemdHost} binds it when it boots the tree. */
    private static final List<String> JDK_BINDS = List.of("/usr/lib/jvm", "/etc/java-17-openjdk");
    private static PackageBuild sharedBuild;

    final SystemdHost host;
    /** What {@code dpkg -i} printed, and its exit status (0: the machine was not returned otherwise). */
    final Commands.Result dpkg;

    private PackagedMachine(SystemdHost host, Commands.Result dpkg) {
        this.host = host;
        this.dpkg = dpkg;
    }

    /**
     * The package built from this checkout by {@link PackageBuild}, once per JVM (test run), in a
     * temporary directory removed when the JVM exits.
     */
    static synchronized PackageBuild sharedBuild() throws IOException {
        if (sharedBuild == null) {
            Path work = Files.createTempDirectory("lxc-auto-package-shared-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> removeQuietly(work)));
            sharedBuild = PackageBuild.build(work);
        }
        return sharedBuild;
    }

    private static void removeQuietly(Path dir) {
        try {
            new ProcessBuilder("rm", "-rf", "--one-file-system", dir.toString()).inheritIO().start().waitFor();
        } catch (IOException e) {
            System.err.println("cannot remove " + dir + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A pristine Debian 12 tree with {@code deb} installed by dpkg; fails the test if dpkg does. */
    static PackagedMachine install(Path deb) throws IOException {
        SystemdHost host = SystemdHost.create();
        try {
            pristine(host);
            Commands.Result dpkg = dpkg(host, deb);
            if (dpkg.exitCode() != 0) {
                throw new AssertionError("dpkg -i in the machine's tree failed: " + dpkg.all());
            }
            return new PackagedMachine(host, dpkg);
        } catch (IOException | RuntimeException | Error e) {
            host.close();
            throw e;
        }
    }

    /**
     * SystemdHost.create() put the checkout's agent, its unit (in /etc/systemd/system, where it
     * would hide the package's), a launcher and a configuration into the overlay's upper layer.
     * The overlay is unmounted, its upper and work directories emptied, and mounted again as
     * SystemdHost mounts it: the tree is the cached rootfs as debootstrap left it. (A factory of
     * SystemdHost that installs no agent would make this unnecessary.)
     */
    private static void pristine(SystemdHost host) throws IOException {
        Path work = host.dir.resolve("work");
        Commands.ok("umount", host.merged.toString());
        Commands.ok("rm", "-rf", "--one-file-system", host.upper.toString(), work.toString());
        Files.createDirectory(host.upper);
        Files.createDirectory(work);
        Commands.ok("mount", "-t", "overlay", "overlay", "-o", "lowerdir=" + SystemdHost.CACHE + ",upperdir=" + host.upper
                + ",workdir=" + work, host.merged.toString());
        for (String path : List.of("usr/bin/lxc-auto", "usr/share/lxc-auto", "etc/systemd/system/lxc-auto.service",
                "etc/lxc/lxc-auto.conf", "usr/lib/systemd/system-generators/lxc-auto-generator")) {
            if (Files.exists(host.merged.resolve(path), LinkOption.NOFOLLOW_LINKS)) {
                throw new AssertionError("/" + path + " is in the tree before the package was installed");
            }
        }
    }

    /**
     * {@code dpkg -i --force-depends} inside the tree, with no network and the JDK bound in.
     *
     * <p>--force-depends, because the package's {@code Depends: default-jre-headless (>= 2:1.17)
     * | java17-runtime-headless} cannot be met inside: the machine has no network (no apt), and the
     * cached rootfs deliberately has no JRE package; the host's OpenJDK 17 is bound read-only at
     * /usr/lib/jvm (with /usr/bin/java pointing into it, as the JRE package would make it), both
     * here, where postinst runs java to build the AppCDS archive, and at every boot. The test
     * checks that this Java alternative is the only dependency dpkg had to overlook.
     *
     * <p>No policy-rc.d: as in any chroot, invoke-rc.d finds no runlevel and does not start the
     * LSB script, and there is no running systemd for deb-systemd-invoke to ask.
     */
    private static Commands.Result dpkg(SystemdHost host, Path deb) {
        List<String> argv = new ArrayList<>(List.of("systemd-nspawn", "--quiet", "-D", host.merged.toString(),
                "-M", host.prefix, "--register=no", "--keep-unit", "--private-network",
                "--setenv=DPKG_COLORS=never", "--setenv=DEBIAN_FRONTEND=noninteractive",
                "--bind-ro=" + deb.toAbsolutePath() + ":" + DEB_IN_MACHINE));
        JDK_BINDS.forEach(bind -> argv.add("--bind-ro=" + bind));
        argv.addAll(List.of("dpkg", "-i", "--force-depends", DEB_IN_MACHINE));
        return Commands.run(argv, Map.of(), 600);
    }

    /** dpkg's status of a package in the tree, read from the tree's dpkg database on the host. */
    String status(String pkg) {
        return Commands.run(List.of("dpkg-query", "--admindir=" + host.merged.resolve("var/lib/dpkg"), "-W",
                "-f=${Status}", pkg), Map.of(), 60).stdout().strip();
    }

    /**
     * {@code systemd-analyze verify --root=TREE UNIT} run on the host (the same systemd 252 as in
     * the machine): the unit, the executables it names and the units it refers to, all looked up in
     * the tree. The host's man-db checks Documentation=man:... against the tree's manual pages
     * (MANPATH), which the machine cannot do itself: minbase has no man-db.
     */
    Commands.Result verifyOnTree(String unitPath) {
        return Commands.run(List.of("systemd-analyze", "verify", "--root=" + host.merged, unitPath),
                Map.of("MANPATH", host.merged.resolve("usr/share/man").toString(), "SYSTEMD_PAGER", "",
                        "SYSTEMD_COLORS", "0", "LC_ALL", "C.UTF-8"), 120);
    }

    @Override
    public void close() {
        host.close();
    }
}
