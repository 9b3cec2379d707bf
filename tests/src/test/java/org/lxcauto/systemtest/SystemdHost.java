package org.lxcauto.systemtest;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real systemd host for one test: Debian 12 booted with {@code systemd-nspawn --boot} from an
 * overlayfs whose lower layer is the cached rootfs that {@code tests/systemd-rootfs} builds, so the
 * cache stays pristine and every test starts from the same tree. Into the overlay go the agent
 * (as a package would put it), {@code units/lxc-auto.service} (enabled), the D-Bus policy, the
 * agent configuration and busybox LXC containers running the test init; inside the booted system
 * they are managed by the real systemd, logind and D-Bus.
 *
 * <p>The tree can be booted several times (a reboot keeps what the previous boot wrote, as on a
 * real disk). There is no machinectl: commands run in the container's namespaces with
 * {@code nsenter}. At close the machine is powered off (killed by PID if it does not go), the
 * overlay unmounted and every file removed, whatever the test did.
 */
final class SystemdHost implements AutoCloseable {

    /** The cached rootfs; never written to, only used as the overlay's lower layer. */
    static final Path CACHE = Path.of("/var/cache/lxc-auto-tests/bookworm-systemd");
    private static final Path ROOTFS_SCRIPT = Lab.ROOT.resolve("tests/systemd-rootfs");
    /** The host's JDK, bound read-only into the machine; its conf/ links point into /etc/java-17-openjdk. */
    private static final List<String> JDK_BINDS = List.of("/usr/lib/jvm", "/etc/java-17-openjdk");
    /** SIGRTMIN+4 with glibc's SIGRTMIN (34): systemd as PID 1 powers off on it, without logind. */
    private static final int SIGRTMIN_PLUS_4 = 38;
    private static boolean rootfsChecked;

    final Path dir;
    final Path upper;
    final Path merged;
    /** The machine's /var/lib/lxc and /etc/lxc, seen from the host through the overlay. */
    final Path lxcpath;
    final Path autoDir;
    /** Unique per test: the machine name and the prefix of every container name. */
    final String prefix;
    private final List<String> log = new ArrayList<>();
    private Process nspawn;
    private long leader;
    private int boots;
    private String base;

    private SystemdHost() throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new AssertionError("the systemd tests mount an overlay and boot systemd-nspawn: they must run as root");
        }
        prefix = "s" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
        dir = Files.createTempDirectory("lxc-auto-systemd-");
        upper = Files.createDirectory(dir.resolve("upper"));
        merged = Files.createDirectory(dir.resolve("merged"));
        Files.createDirectory(dir.resolve("work"));
        lxcpath = merged.resolve("var/lib/lxc");
        autoDir = merged.resolve("etc/lxc/auto");
    }

    /** Builds the rootfs cache if needed (minutes, once per machine), mounts the overlay, installs the agent. */
    static SystemdHost create() throws IOException {
        ensureRootfs();
        SystemdHost host = new SystemdHost();
        try {
            Commands.ok("mount", "-t", "overlay", "overlay", "-o", "lowerdir=" + CACHE + ",upperdir=" + host.upper
                    + ",workdir=" + host.dir.resolve("work"), host.merged.toString());
            host.install();
            return host;
        } catch (IOException | RuntimeException | Error e) {
            host.close();
            throw e;
        }
    }

    private static synchronized void ensureRootfs() {
        if (rootfsChecked) {
            return;
        }
        Commands.Result built = Commands.run(List.of(ROOTFS_SCRIPT.toString(), CACHE.toString()), Map.of(), 1800);
        if (built.exitCode() != 0 || !Files.exists(CACHE.resolve(".complete"))) {
            throw new AssertionError("cannot build the systemd rootfs cache: " + built.all());
        }
        rootfsChecked = true;
    }

    /**
     * The agent as the Debian package lays it out, the unit enabled, its generator, the D-Bus
     * policy, an empty configuration.
     */
    private void install() throws IOException {
        // -Dlxcauto.agent.target=DIR tries another build (e.g. a patched copy) without touching the checkout's.
        Path target = Path.of(System.getProperty("lxcauto.agent.target", Lab.ROOT.resolve("agent/target").toString()));
        Path jar = target.resolve("lxc-auto.jar");
        Path lib = target.resolve("lib");
        if (!Files.exists(jar) || !Files.isDirectory(lib)) {
            throw new AssertionError(jar + " or " + lib + " missing; build the agent first: cd " + Lab.ROOT
                    + " && mvn -q -pl agent install -DskipTests");
        }
        Path share = Files.createDirectories(merged.resolve("usr/share/lxc-auto/lib"));
        Files.copy(jar, share.resolveSibling("lxc-auto.jar"));
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path each : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                Files.copy(each, share.resolve(each.getFileName()));
            }
        }
        Path launcher = merged.resolve("usr/bin/lxc-auto");
        Files.writeString(launcher, "#!/bin/sh\n# shellcheck disable=SC2086 # a list of JVM options\n"
                + "exec java ${LXC_AUTO_JAVA_OPTS:-} -jar /usr/share/lxc-auto/lxc-auto.jar \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        // Read by the unit's EnvironmentFile=; the flags of agent/bin/lxc-auto, for a quicker JVM start.
        Lab.write(merged.resolve("etc/default/lxc-auto"),
                "LXC_AUTO_JAVA_OPTS=\"-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto\"\n");

        Path unit = merged.resolve("etc/systemd/system/lxc-auto.service");
        Files.copy(Lab.ROOT.resolve("units/lxc-auto.service"), unit);
        Path wants = Files.createDirectories(merged.resolve("etc/systemd/system/multi-user.target.wants"));
        Files.createSymbolicLink(wants.resolve("lxc-auto.service"), Path.of("/etc/systemd/system/lxc-auto.service"));
        // The package's generator, which orders the unit after the mounts that entries need.
        Path generator = Files.createDirectories(merged.resolve("usr/lib/systemd/system-generators")).resolve("lxc-auto-generator");
        Files.copy(Lab.ROOT.resolve("units/lxc-auto-generator"), generator);
        Files.setPosixFilePermissions(generator, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(Lab.ROOT.resolve("config/dbus/org.lxcauto.Agent1.conf"),
                Files.createDirectories(merged.resolve("usr/share/dbus-1/system.d")).resolve("org.lxcauto.Agent1.conf"));
        Files.createDirectories(autoDir);
        agentConfig("");
    }

    /** Writes the machine's {@code /etc/lxc/lxc-auto.conf}: an [agent] section with {@code lines}. */
    void agentConfig(String lines) throws IOException {
        Lab.write(merged.resolve("etc/lxc/lxc-auto.conf"), "[agent]\n" + lines + (lines.isEmpty() ? "" : "\n"));
    }

    /** Writes an autostart entry, the machine's {@code /etc/lxc/auto/FILE.conf}. */
    void entry(String file, String text) throws IOException {
        Lab.write(autoDir.resolve(file + ".conf"), text);
    }

    /**
     * Creates container {@code PREFIX-shortName} in the machine's /var/lib/lxc, made as {@link Lab}
     * makes them: a copy of a busybox base with no network and the test init as PID 1, and
     * {@code files} in its rootfs ("ready-after", "hang"). The paths in its config are the ones
     * the machine sees.
     */
    String container(String shortName, Map<String, String> files) throws IOException {
        String name = prefix + "-" + shortName;
        Commands.ok("lxc-copy", "-P", lxcpath.toString(), "-n", base(), "-N", name);
        fixRootfsPath(name);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(lxcpath.resolve(name).resolve("rootfs").resolve(file.getKey()), file.getValue());
        }
        return name;
    }

    private String base() throws IOException {
        if (base == null) {
            base = prefix + "-base";
            Commands.ok("lxc-create", "-P", lxcpath.toString(), "-n", base, "-t", "busybox");
            Path conf = lxcpath.resolve(base).resolve("config");
            List<String> lines = new ArrayList<>(Files.readAllLines(conf));
            lines.removeIf(line -> line.startsWith("lxc.net."));
            lines.add("lxc.net.0.type = empty");
            lines.add("lxc.init.cmd = /sbin/testinit");
            Files.write(conf, lines); // its rootfs path stays the host's: lxc-copy reads it, nothing starts it
            Path init = lxcpath.resolve(base).resolve("rootfs/sbin/testinit");
            try (InputStream script = SystemdHost.class.getResourceAsStream("/testinit.sh")) {
                Files.copy(script, init);
            }
            Files.setPosixFilePermissions(init, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return base;
    }

    /**
     * Adds the login user {@code name} with uid and gid {@code uid} to the machine, lingering
     * ({@code loginctl enable-linger}), so that logind starts its systemd manager at boot.
     */
    void user(String name, int uid) throws IOException {
        Commands.ok("chroot", merged.toString(), "useradd", "-m", "-u", Integer.toString(uid), "-U", "-s", "/bin/sh", name);
        Files.createFile(Files.createDirectories(merged.resolve("var/lib/systemd/linger")).resolve(name));
    }

    /** {@code argv} as the machine's user {@code uid}, as lxc-auto runs a per-user container's commands. */
    Commands.Result asUser(int uid, String... argv) {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--init-groups",
                "--reset-env", "--", "env", "XDG_RUNTIME_DIR=/run/user/" + uid));
        command.addAll(List.of(argv));
        return exec(command.toArray(String[]::new));
    }

    /**
     * Creates, in the running machine and as the user {@code uid} itself, the user's unprivileged
     * container {@code PREFIX-shortName} in {@code ~/.local/share/lxc} with LXC's busybox template,
     * its root mapped to the user's own uid and gid (the machine has no newuidmap for wider ranges),
     * the test init as PID 1 and {@code files} in its rootfs. Returns its name.
     */
    String userContainer(String user, int uid, String shortName, Map<String, String> files) throws IOException {
        String name = prefix + "-" + shortName;
        Path home = merged.resolve("home").resolve(user);
        Path idmap = home.resolve(name + ".idmap.conf");
        Lab.write(idmap, "lxc.idmap = u 0 " + uid + " 1\nlxc.idmap = g 0 " + uid + " 1\nlxc.net.0.type = empty\n");
        Commands.Result created = asUser(uid, "lxc-create", "-n", name, "-t", "busybox", "-f", "/home/" + user + "/"
                + name + ".idmap.conf");
        if (created.exitCode() != 0) {
            throw new AssertionError("lxc-create as " + user + ": " + created.all());
        }
        Path conf = home.resolve(".local/share/lxc").resolve(name).resolve("config");
        List<String> lines = new ArrayList<>(Files.readAllLines(conf));
        // The template binds the host's library directories in; in a user namespace under this machine's
        // overlay root those bind mounts fail (EINVAL), and the static busybox and test init need none.
        lines.removeIf(line -> line.startsWith("lxc.mount.entry") && line.contains("lib"));
        lines.add("lxc.init.cmd = /sbin/testinit");
        Files.write(conf, lines);
        Path rootfs = conf.resolveSibling("rootfs");
        Path init = rootfs.resolve("sbin/testinit");
        try (InputStream script = SystemdHost.class.getResourceAsStream("/testinit.sh")) {
            Files.copy(script, init);
        }
        Files.setPosixFilePermissions(init, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(rootfs.resolve(file.getKey()), file.getValue());
        }
        Commands.ok("chown", "-R", uid + ":" + uid, init.toString(), rootfs.toString());
        return name;
    }

    /** lxc-create and lxc-copy wrote the host's path to the rootfs; the machine's is /var/lib/lxc/NAME/rootfs. */
    private void fixRootfsPath(String name) throws IOException {
        Path conf = lxcpath.resolve(name).resolve("config");
        List<String> lines = new ArrayList<>(Files.readAllLines(conf));
        lines.replaceAll(line -> line.startsWith("lxc.rootfs.path")
                ? "lxc.rootfs.path = dir:/var/lib/lxc/" + name + "/rootfs" : line);
        Files.write(conf, lines);
    }

    /** A file as the last boot left it, read from the overlay's upper layer (e.g. a container's /events.log). */
    Path upperFile(String pathInMachine) {
        return upper.resolve(pathInMachine.replaceFirst("^/", ""));
    }

    /** A file of container {@code name}'s rootfs, in the overlay's upper layer. */
    Path containerFile(String name, String file) {
        return upperFile("/var/lib/lxc/" + name + "/rootfs/" + file);
    }

    /** The machine's persistent journal directory, readable with {@code journalctl -D} once it is off. */
    Path journalDir() {
        return upperFile("/var/log/journal");
    }

    /** Boots the tree (again, if it ran before) and returns once PID 1 of the machine is known. */
    void boot() throws IOException, InterruptedException {
        if (nspawn != null && nspawn.isAlive()) {
            throw new IllegalStateException("machine " + prefix + " is already running");
        }
        boots++;
        leader = 0;
        List<String> argv = new ArrayList<>(List.of("systemd-nspawn", "--boot", "-D", merged.toString(), "-M", prefix,
                "--register=no", "--keep-unit", "--private-network", "--capability=all", "--console=read-only"));
        JDK_BINDS.forEach(bind -> argv.add("--bind-ro=" + bind));
        Path console = dir.resolve("console-" + boots + ".log");
        log.add(console.toString());
        nspawn = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(console.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        leader = awaitLeader(30);
    }

    /** The nspawn child whose PID in its own namespace is 1: the machine's systemd. */
    private long awaitLeader(int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long pid = nspawn.pid();
        while (System.nanoTime() < deadline && nspawn.isAlive()) {
            for (String child : Lab.read(Path.of("/proc", "" + pid, "task", "" + pid, "children")).split("\\s+")) {
                if (!child.isBlank() && isNamespaceInit(child)) {
                    return Long.parseLong(child);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("systemd-nspawn " + pid + " started no PID 1 within " + seconds + "s\n" + console());
    }

    private static boolean isNamespaceInit(String pid) {
        try {
            return Files.readAllLines(Path.of("/proc", pid, "status")).stream()
                    .anyMatch(l -> l.startsWith("NSpid:") && l.strip().endsWith("\t1") && l.strip().split("\\s+").length > 2);
        } catch (IOException e) {
            return false; // gone meanwhile
        }
    }

    /**
     * The running machine's root directory seen from the host, {@code /proc/LEADER/root}: through
     * it the host reaches files of the machine's own mounts, such as its system bus's socket
     * {@code run/dbus/system_bus_socket} (a tmpfs the overlay does not show).
     */
    Path machineRoot() {
        if (leader <= 0 || !running()) {
            throw new IllegalStateException("machine " + prefix + " is not running");
        }
        return Path.of("/proc", Long.toString(leader), "root");
    }

    /** Runs {@code argv} in the machine's namespaces (mount, UTS, IPC, network, PID, cgroup). */
    Commands.Result exec(String... argv) {
        return execWithin(120, argv);
    }

    Commands.Result execWithin(int seconds, String... argv) {
        List<String> command = new ArrayList<>(List.of("nsenter", "-t", Long.toString(leader), "-m", "-u", "-i", "-n",
                "-p", "-C"));
        command.addAll(List.of(argv));
        return Commands.run(command, Map.of("SYSTEMD_PAGER", "", "SYSTEMD_COLORS", "0", "LC_ALL", "C.UTF-8"), seconds);
    }

    /** Like {@link #exec} but fails the test unless the command exits 0; its stdout, stripped. */
    String ok(String... argv) {
        Commands.Result result = exec(argv);
        if (result.exitCode() != 0) {
            throw new AssertionError("in machine " + prefix + ": " + result.all() + "\n" + diagnostics());
        }
        return result.stdout().strip();
    }

    /** One property of a unit, {@code systemctl show -p NAME --value}. */
    String property(String unit, String name) {
        return ok("systemctl", "show", "-p", name, "--value", unit);
    }

    /**
     * Waits until the boot transaction is over ({@code systemctl is-system-running --wait}) and
     * returns the state: "running", or "degraded" when a unit failed. Before the machine's systemd
     * listens, systemctl fails at once; that is retried.
     */
    String awaitBootFinished(int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String state = "";
        while (System.nanoTime() < deadline && nspawn.isAlive()) {
            int left = (int) Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime()));
            state = execWithin(left, "systemctl", "is-system-running", "--wait").stdout().strip();
            if (state.equals("running") || state.equals("degraded")) {
                return state;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("machine " + prefix + " not booted within " + seconds + "s (state '" + state + "')\n"
                + diagnostics());
    }

    /** The LXC state of a container inside the machine, e.g. RUNNING. */
    String state(String name) {
        return exec("lxc-info", "-n", name, "-s", "-H").stdout().strip();
    }

    /** Powers off the way systemd's SIGRTMIN+4 does: poweroff.target started by PID 1, logind not asked. */
    void signalPoweroff() {
        if (leader <= 0) {
            throw new IllegalStateException("machine " + prefix + " has no known PID 1"); // never 'kill 0'
        }
        Commands.run("kill", "-" + SIGRTMIN_PLUS_4, Long.toString(leader));
    }

    /** Waits for systemd-nspawn to exit after a poweroff; its exit status. */
    int awaitPoweredOff(int seconds) throws InterruptedException {
        if (!nspawn.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("machine " + prefix + " still up " + seconds + "s after the poweroff\n" + diagnostics());
        }
        return nspawn.exitValue();
    }

    boolean running() {
        return nspawn != null && nspawn.isAlive();
    }

    /** What helps to understand a failure: the agent's journal (while up) and the end of the console. */
    String diagnostics() {
        StringBuilder text = new StringBuilder();
        if (running()) {
            text.append(exec("journalctl", "-u", "lxc-auto", "--no-pager", "-n", "60", "-o", "short-monotonic").stdout());
            text.append(exec("systemctl", "--failed", "--no-pager").stdout());
        }
        return text.append(console()).toString();
    }

    private String console() {
        if (log.isEmpty()) {
            return "";
        }
        String text = Lab.read(Path.of(log.get(log.size() - 1)));
        return "--- console (last 3000 chars) ---\n" + text.substring(Math.max(0, text.length() - 3000));
    }

    /**
     * Powers the machine off if it still runs (SIGRTMIN+4, then SIGKILL to its PID 1, which ends its
     * whole PID namespace, then to systemd-nspawn), unmounts the overlay and removes every file.
     */
    @Override
    public void close() {
        try {
            if (running() && leader > 0) {
                signalPoweroff();
                if (!nspawn.waitFor(30, TimeUnit.SECONDS)) {
                    Commands.run("kill", "-KILL", Long.toString(leader));
                    nspawn.waitFor(10, TimeUnit.SECONDS);
                }
            }
            if (running()) {
                nspawn.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL to systemd-nspawn's own PID
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            unmount();
            Commands.run("rm", "-rf", "--one-file-system", dir.toString());
        }
    }

    private void unmount() {
        if (Commands.run("mountpoint", "-q", merged.toString()).exitCode() != 0) {
            return; // never mounted, or already gone
        }
        for (int tries = 0; tries < 50; tries++) {
            if (Commands.run("umount", merged.toString()).exitCode() == 0) {
                return;
            }
            try {
                Thread.sleep(100); // a process of the machine may still hold it for a moment
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Commands.run("umount", "-l", merged.toString());
    }
}
