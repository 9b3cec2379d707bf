package org.lxcauto.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real NetworkManager confined to a network namespace of its own ({@code tests/nm-netns}),
 * reachable from the tests over its private bus socket, for one test class. The host's own
 * interfaces, addresses and resolv.conf are never visible to it. {@link #close} stops exactly the
 * daemons the harness started (by their recorded PIDs) and deletes the namespace; call it from
 * {@code @AfterAll}, which JUnit runs even when a test or {@code @BeforeAll} failed.
 */
final class NmNamespace implements AutoCloseable {

    static final Path HARNESS = Lab.ROOT.resolve("tests/nm-netns");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Network namespace name, {@code lxatNNN}. */
    final String name;
    /** The harness directory: bus socket, PID files, NetworkManager's log and state. */
    final Path dir;
    /** D-Bus address of the namespace's system bus, usable from the host. */
    final String busAddress;
    private final Map<String, String> busEnv;

    private NmNamespace(String name, Path dir) {
        this.name = name;
        this.dir = dir;
        this.busAddress = "unix:path=" + dir.resolve("bus.sock");
        this.busEnv = Map.of("DBUS_SYSTEM_BUS_ADDRESS", busAddress);
    }

    /** Creates the namespace and starts its bus and NetworkManager; cleans up itself if that fails. */
    static NmNamespace start() throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new AssertionError("the NetworkManager tests create a network namespace and must run as root");
        }
        String name = null;
        for (int tries = 0; tries < 100 && name == null; tries++) {
            String candidate = "lxat" + (100 + ThreadLocalRandom.current().nextInt(900));
            name = Files.exists(Path.of("/run/netns", candidate)) ? null : candidate;
        }
        if (name == null) {
            throw new AssertionError("no free lxatNNN network namespace name");
        }
        NmNamespace ns = new NmNamespace(name, Files.createTempDirectory("lxc-auto-nm-"));
        Commands.Result started = ns.harness("start");
        if (started.exitCode() != 0) {
            ns.close();
            throw new AssertionError("tests/nm-netns start failed:\n" + started.all());
        }
        return ns;
    }

    /** Kills NetworkManager (its bus stays); returns once it is gone. */
    void killNetworkManager() {
        check(harness("kill-nm"));
    }

    /** Starts NetworkManager again in the same namespaces; returns once it is online. */
    void startNetworkManager() {
        check(harness("start-nm"));
    }

    /** {@link #killNetworkManager} then {@link #startNetworkManager}. */
    void restartNetworkManager() {
        check(harness("restart-nm"));
    }

    /** Runs {@code nmcli ARGS} against this NetworkManager, inside the namespace. */
    Commands.Result nmcli(String... args) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", name, "nmcli"));
        argv.addAll(List.of(args));
        return Commands.run(argv, busEnv, 60);
    }

    /** Runs {@code ip -n NS ARGS}; fails the test unless it exits 0. */
    Commands.Result ip(String... args) {
        List<String> argv = new ArrayList<>(List.of("ip", "-n", name));
        argv.addAll(List.of(args));
        return check(Commands.run(argv, Map.of(), 60));
    }

    /** The one device of {@code ip -n NS -d -j ARGS}, e.g. ("link", "show", "dev", "br0"). */
    JsonNode json(String... args) {
        List<String> argv = new ArrayList<>(List.of("-d", "-j"));
        argv.addAll(List.of(args));
        try {
            JsonNode list = JSON.readTree(ip(argv.toArray(String[]::new)).stdout());
            if (list.size() != 1) {
                throw new AssertionError("expected one device from ip " + argv + ", got " + list);
            }
            return list.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A veth pair {@code a}/{@code b} inside the namespace, both up: a stand-in port with carrier. */
    void veth(String a, String b) {
        ip("link", "add", a, "type", "veth", "peer", "name", b);
        ip("link", "set", a, "up");
        ip("link", "set", b, "up");
    }

    /**
     * Starts watching the namespace's link events ({@code ip monitor link}) and returns once the
     * watch is live: it creates a marker veth and waits for its event, so an interface created
     * after this returns is certainly seen by {@link LineMonitor#await}.
     */
    LineMonitor monitorLinks(String marker) throws IOException {
        LineMonitor monitor = new LineMonitor(new ProcessBuilder("ip", "-n", name, "-o", "monitor", "link"));
        ip("link", "add", marker, "type", "veth", "peer", "name", marker + "x");
        // ip monitor may subscribe only after the link was added (a loaded machine): the marker is
        // toggled until an event of it shows, so the watch is proven live either way.
        Thread toggler = new Thread(() -> {
            try {
                for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                    Thread.sleep(200);
                    Commands.run("ip", "-n", name, "link", "set", marker, i % 2 == 0 ? "up" : "down");
                }
            } catch (InterruptedException | AssertionError e) {
                // the watch is live (interrupted, possibly inside Commands.run): done
            }
        });
        toggler.setDaemon(true);
        toggler.start();
        try {
            monitor.await(": " + marker + "@", 10);
        } finally {
            toggler.interrupt();
        }
        return monitor;
    }

    /**
     * Starts watching the method calls named {@code member} on the namespace's bus
     * ({@code dbus-monitor}), and returns once the monitor is registered (it has printed the
     * NameLost signal that ends its own registration): so a test can tell that the code under test
     * has made a call, and is now waiting, before it changes the world.
     */
    LineMonitor monitorCalls(String member) throws IOException {
        LineMonitor monitor = new LineMonitor(new ProcessBuilder("dbus-monitor", "--address", busAddress,
                "type='method_call',member='" + member + "'"));
        monitor.await("member=NameLost", 10);
        return monitor;
    }

    /** Lines printed by a monitoring process, read in order; close it to stop the process. */
    static final class LineMonitor implements AutoCloseable {

        private final Process process;
        private final BufferedReader lines;

        private LineMonitor(ProcessBuilder command) throws IOException {
            this.process = command.redirectErrorStream(true).start();
            this.lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** Blocks until a line contains {@code text}; fails after {@code seconds}. */
        void await(String text, int seconds) throws IOException {
            Thread watchdog = new Thread(() -> {
                try {
                    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                        process.destroy(); // ends readLine below with end of stream
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            watchdog.setDaemon(true);
            watchdog.start();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.contains(text)) {
                    watchdog.interrupt();
                    return;
                }
            }
            throw new AssertionError("no line with '" + text + "' from " + process.info().commandLine().orElse("monitor")
                    + " within " + seconds + "s");
        }

        @Override
        public void close() {
            process.destroy();
        }
    }

    /** The last lines of NetworkManager's log, for failure messages. */
    String log() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("nm.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no NetworkManager log: " + e.getMessage() + ")";
        }
    }

    /** Stops NetworkManager and the bus by their recorded PIDs, deletes the namespace and the directory. */
    @Override
    public void close() {
        Commands.Result stopped = harness("stop");
        if (stopped.exitCode() != 0) {
            System.err.println("tests/nm-netns stop failed; left " + dir + " for inspection\n" + stopped.all());
            return;
        }
        Commands.run("rm", "-rf", "--one-file-system", dir.toString());
    }

    private Commands.Result harness(String command) {
        return Commands.run(List.of(HARNESS.toString(), command, name, dir.toString()), Map.of(), 60);
    }

    private Commands.Result check(Commands.Result result) {
        if (result.exitCode() != 0) {
            throw new AssertionError("command failed: " + result.all() + "\nNetworkManager log:\n" + log());
        }
        return result;
    }
}
