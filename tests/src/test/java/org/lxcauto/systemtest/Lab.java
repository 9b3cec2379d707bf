package org.lxcauto.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A private LXC world for one test class: its own lxcpath, autostart directory, agent
 * configuration and state directory under /tmp, a busybox base container, unique names, and
 * cleanup of everything it made (containers, bridges, files) even when the test fails.
 */
final class Lab implements AutoCloseable {

    static final Path ROOT = Path.of(System.getProperty("lxcauto.root", "..")).toAbsolutePath().normalize();
    static final Path AGENT = ROOT.resolve("agent/bin/lxc-auto");

    final Path dir;
    final Path lxcpath;
    final Path autoDir;
    final Path config;
    final Path stateDir;
    /** Prefix of every container and bridge name this lab makes, unique per run. */
    final String prefix;
    private final List<String> bridges = new ArrayList<>();
    private String base;

    private Lab() throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new AssertionError("the system tests drive real LXC containers and must run as root");
        }
        prefix = "t" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
        dir = Files.createTempDirectory("lxc-auto-test-");
        lxcpath = Files.createDirectory(dir.resolve("lxc"));
        autoDir = Files.createDirectory(dir.resolve("auto"));
        stateDir = dir.resolve("state");
        config = dir.resolve("lxc-auto.conf");
        bus = "unix:path=" + dir.resolve("no-bus.sock");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        agentConfig("");
    }

    static Lab create() throws IOException {
        return new Lab();
    }

    /** The unique name of container {@code name} in this lab. */
    String name(String name) {
        return prefix + "-" + name;
    }

    /**
     * Writes {@code /etc/lxc/lxc-auto.conf}: an [agent] section with {@code lines}, and, unless they
     * set one, no metrics file: the default is node-exporter's directory on the host, which no
     * test may write to.
     */
    void agentConfig(String lines) throws IOException {
        String text = lines.endsWith("\n") || lines.isEmpty() ? lines : lines + "\n";
        String metrics = lines.contains("metrics-file") ? "" : "metrics-file =\n";
        // After the [agent] lines, whose line numbers tests assert, and before any [bridge] section they go on with.
        Matcher section = Pattern.compile("(?m)^\\[").matcher(text);
        int end = section.find() ? section.start() : text.length();
        write(config, "[agent]\n" + text.substring(0, end) + metrics + text.substring(end));
    }

    /** Writes an autostart entry {@code AUTO_DIR/FILE.conf}. */
    Path entry(String file, String text) throws IOException {
        Path path = autoDir.resolve(file + ".conf");
        write(path, text);
        return path;
    }

    static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    /**
     * Creates container {@code name(shortName)} as a copy of the lab's busybox base, with the
     * test init as PID 1, no network unless {@code configLines} adds one, and {@code files}
     * written into its rootfs (steering the test init: "ready-after", "hang", "listen").
     */
    String container(String shortName, String configLines, Map<String, String> files) throws IOException {
        String name = name(shortName);
        Commands.ok("lxc-copy", "-P", lxcpath.toString(), "-n", base(), "-N", name);
        Path conf = lxcpath.resolve(name).resolve("config");
        List<String> lines = new ArrayList<>(Files.readAllLines(conf));
        if (configLines.contains("lxc.net.")) {
            lines.removeIf(line -> line.startsWith("lxc.net.")); // the test brings its own network
        }
        lines.add(configLines);
        Files.write(conf, lines);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(rootfs(name).resolve(file.getKey()), file.getValue());
        }
        return name;
    }

    /** The host ids an unprivileged lab container's root maps to ({@link SubordinateIds} grants them). */
    static final int UNPRIVILEGED_ROOT = 100000;

    /**
     * Creates the unprivileged container {@code name(shortName)} from LXC's busybox template
     * with {@code lxc.idmap} (root 0-65535 to host 100000-165535, which the template shifts the
     * rootfs to), the test init as PID 1 and {@code files} in its rootfs, owned by the container's
     * root. Needs {@link SubordinateIds#grant()} first.
     */
    String unprivileged(String shortName, String configLines, Map<String, String> files) throws IOException {
        String name = name(shortName);
        Path idmap = dir.resolve(name + ".idmap.conf");
        write(idmap, "lxc.idmap = u 0 " + UNPRIVILEGED_ROOT + " 65536\nlxc.idmap = g 0 " + UNPRIVILEGED_ROOT
                + " 65536\nlxc.net.0.type = empty\n");
        Commands.ok("lxc-create", "-P", lxcpath.toString(), "-n", name, "-t", "busybox", "-f", idmap.toString());
        Path conf = lxcpath.resolve(name).resolve("config");
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(conf)) {
            if (!(configLines.contains("lxc.net.") && line.startsWith("lxc.net."))) {
                lines.add(line);
            }
        }
        lines.add("lxc.init.cmd = /sbin/testinit");
        lines.add(configLines);
        Files.write(conf, lines);
        Path init = rootfs(name).resolve("sbin/testinit");
        try (InputStream script = Lab.class.getResourceAsStream("/testinit.sh")) {
            Files.copy(script, init);
        }
        Files.setPosixFilePermissions(init, PosixFilePermissions.fromString("rwxr-xr-x"));
        Commands.ok("chown", UNPRIVILEGED_ROOT + ":" + UNPRIVILEGED_ROOT, init.toString());
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = rootfs(name).resolve(file.getKey());
            Files.writeString(path, file.getValue());
            Commands.ok("chown", UNPRIVILEGED_ROOT + ":" + UNPRIVILEGED_ROOT, path.toString());
        }
        return name;
    }

    Path rootfs(String name) {
        return lxcpath.resolve(name).resolve("rootfs");
    }

    /** The busybox base container, made once per lab: no DHCP, no network, the test init. */
    private String base() throws IOException {
        if (base != null) {
            return base;
        }
        base = name("base");
        Commands.ok("lxc-create", "-P", lxcpath.toString(), "-n", base, "-t", "busybox");
        Path conf = lxcpath.resolve(base).resolve("config");
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(conf)) {
            if (!line.startsWith("lxc.net.")) {
                lines.add(line);
            }
        }
        lines.add("lxc.net.0.type = empty");
        lines.add("lxc.init.cmd = /sbin/testinit");
        Files.write(conf, lines);
        Path init = rootfs(base).resolve("sbin/testinit");
        try (InputStream script = Lab.class.getResourceAsStream("/testinit.sh")) {
            Files.copy(script, init);
        }
        Files.setPosixFilePermissions(init, PosixFilePermissions.fromString("rwxr-xr-x"));
        return base;
    }

    /** Events the container's init logged: event name to host uptime in seconds (first occurrence). */
    Map<String, Double> events(String name) throws IOException {
        Path log = rootfs(name).resolve("events.log");
        Path overlay = lxcpath.resolve(name).resolve("overlay/delta/events.log"); // an ephemeral copy writes here
        if (!Files.exists(log) && Files.exists(overlay)) {
            log = overlay;
        }
        return eventsIn(log);
    }

    /** The events a test init logged to {@code log} ("UPTIME EVENT" lines), first occurrence each. */
    static Map<String, Double> eventsIn(Path log) throws IOException {
        Map<String, Double> events = new HashMap<>();
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log)) {
                String[] parts = line.strip().split(" ", 2);
                if (parts.length == 2) {
                    events.putIfAbsent(parts[1], Double.parseDouble(parts[0]));
                }
            }
        }
        return events;
    }

    /** The containers of a saved run ({@code last-boot.json}, ...), by short name. */
    Map<String, JsonNode> records(String file) throws IOException {
        JsonNode run = new ObjectMapper().readTree(stateDir.resolve(file).toFile());
        Map<String, JsonNode> byName = new java.util.LinkedHashMap<>();
        run.get("containers").forEach(c -> byName.put(c.get("name").asText().substring(prefix.length() + 1), c));
        return byName;
    }

    /** How many times the container's init logged {@code event} (e.g. how often it started). */
    long count(String name, String event) throws IOException {
        Path log = rootfs(name).resolve("events.log");
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.endsWith(" " + event)).count() : 0;
    }

    String state(String name) {
        return lxc("lxc-info", "-P", lxcpath.toString(), "-n", name, "-s", "-H").stdout().strip();
    }

    /**
     * The system bus the agent is pointed at. By default a socket that does not exist, so that no
     * test ever talks to a NetworkManager of the host; tests of the NetworkManager path set the
     * bus of their own namespaced one.
     */
    String bus;

    /** Runs the agent with this lab's paths. */
    Commands.Result agent(String... args) {
        List<String> argv = new ArrayList<>(List.of(AGENT.toString()));
        argv.addAll(List.of(args));
        argv.addAll(paths());
        return Commands.run(inNamespace(argv), Map.of(), 300);
    }

    /** The global options that point the agent at this lab. */
    List<String> paths() {
        return List.of("--config", config.toString(), "--auto-dir", autoDir.toString(), "--lxcpath", lxcpath.toString(),
                "--state-dir", stateDir.toString(), "--bus", bus);
    }

    /**
     * The network namespace the lab's containers and agent run in, or null for the host's. LXC's
     * command socket is abstract, hence per network namespace: every lxc-* command that talks to
     * a running container has to run in the container's namespace.
     */
    String netns;

    /**
     * A container attached to {@code bridge} with the static IPv4 {@code address}/24 (and its
     * broadcast, which LXC would otherwise get wrong), with an autostart entry.
     */
    String attached(String shortName, String bridge, String address) throws IOException {
        String name = container(shortName, "lxc.net.0.type = veth\nlxc.net.0.link = " + bridge
                + "\nlxc.net.0.flags = up\nlxc.net.0.ipv4.address = " + address + "/24 "
                + address.substring(0, address.lastIndexOf('.')) + ".255", Map.of());
        entry(shortName, "[container]\nname = " + name + "\n");
        return name;
    }

    /** Fails the test unless {@code container} gets an answer from {@code address} (busybox ping). */
    void ping(String container, String address) {
        Commands.Result ping = lxc("lxc-attach", "-P", lxcpath.toString(), "-n", container, "--", "ping", "-c", "1",
                "-W", "3", address);
        if (ping.exitCode() != 0) {
            throw new AssertionError(container + " cannot reach " + address + "\n" + ping.all());
        }
    }

    /** Runs an lxc-* command in the lab's network namespace. */
    Commands.Result lxc(String... argv) {
        return Commands.run(inNamespace(List.of(argv)), Map.of(), 120);
    }

    private List<String> inNamespace(List<String> argv) {
        if (netns == null) {
            return argv;
        }
        List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", netns));
        wrapped.addAll(argv);
        return wrapped;
    }

    /** A 10.x.y.0/24 the host does not use, so that a test's traffic stays on its own bridge. */
    static String freeSubnet() {
        String used = Commands.ok("ip", "-4", "route", "show", "table", "all").stdout()
                + Commands.ok("ip", "-4", "addr").stdout();
        for (int tries = 0; tries < 100; tries++) {
            String subnet = "10." + (200 + ThreadLocalRandom.current().nextInt(50)) + "."
                    + ThreadLocalRandom.current().nextInt(250);
            if (!used.contains(subnet + ".")) {
                return subnet;
            }
        }
        throw new AssertionError("no free 10.x.y.0/24 subnet found");
    }

    /** A bridge with a unique name, removed at close. */
    String bridgeName(String shortName) {
        String name = (prefix + shortName).replaceAll("[^a-z0-9]", "");
        String bridge = name.substring(0, Math.min(15, name.length()));
        bridges.add(bridge);
        return bridge;
    }

    /** Everything this lab made goes: containers (killed first), bridges, files. */
    @Override
    public void close() {
        for (String name : lxc("lxc-ls", "-P", lxcpath.toString(), "-1").stdout().split("\\s+")) {
            if (!name.isBlank()) {
                lxc("lxc-stop", "-P", lxcpath.toString(), "-n", name, "-k");
                lxc("lxc-destroy", "-P", lxcpath.toString(), "-n", name, "-f");
            }
        }
        for (String bridge : bridges) {
            if (Files.exists(Path.of("/sys/class/net", bridge))) {
                Commands.run("ip", "link", "del", bridge);
            }
        }
        endMonitorDaemons();
        Commands.run("rm", "-rf", "--one-file-system", dir.toString());
    }

    /**
     * Ends the lxc-monitord that LXC forked off for this lab's lxcpath (a daemon's lxc-monitor
     * starts one, detached, which would otherwise linger some 30 s after the test), by its PID,
     * found by its command line naming this lxcpath.
     */
    private void endMonitorDaemons() {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> isMonitorDaemonOf(p.resolve("cmdline")))
                    .map(p -> Long.parseLong(p.getFileName().toString())).toList()
                    .forEach(Lab::endAndAwait);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM, then up to 5 s for it to be gone (it takes a moment), then SIGKILL. */
    private static void endAndAwait(long pid) {
        Commands.run("kill", "-TERM", Long.toString(pid));
        ProcessHandle.of(pid).ifPresent(process -> {
            try {
                process.onExit().get(5, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                Commands.run("kill", "-KILL", Long.toString(pid));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private boolean isMonitorDaemonOf(Path cmdline) {
        try {
            String[] argv = Files.readString(cmdline).split("\0");
            return argv.length > 1 && argv[0].endsWith("/lxc-monitord") && argv[1].equals(lxcpath.toString());
        } catch (IOException e) {
            return false; // ended meanwhile
        }
    }

    static Set<String> lines(String text) {
        return Set.of(text.split("\n"));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
