package org.lxcauto.systemtest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Debian 12 container that {@code tests/debian-container} makes with LXC's own {@code debian}
 * template (systemd as init, postfix greeting on port 25) and caches, held for one test.
 *
 * <p>While held, the script keeps the cache's lock shared, so that no rebuild replaces the tree
 * under the test's containers. Each container of the test is the cached configuration with a
 * name, a network and an overlay rootfs of its own in the lab: the cached tree is only ever the
 * overlay's lower layer and is never written to. What a container writes lands in its
 * {@link #upper upper directory}, where the test reads it (its journal, for one).
 */
final class DebianImage implements AutoCloseable {

    static final Path CACHE = Path.of("/var/cache/lxc-auto-tests/debian12-postfix");
    private static final Path SCRIPT = Lab.ROOT.resolve("tests/debian-container");
    /** Building it from nothing takes one to three minutes; a cached one is there at once. */
    private static final int BUILD_SECONDS = 1200;

    private final Process holder;
    private final Path dir;
    private final Path log;

    private DebianImage(Process holder, Path dir, Path log) {
        this.holder = holder;
        this.dir = dir;
        this.log = log;
    }

    /** Builds the container if needed, and holds it until {@link #close}. */
    static DebianImage hold() throws IOException, InterruptedException {
        Path log = Files.createTempFile("lxc-auto-debian-container-", ".log");
        Process holder = new ProcessBuilder(SCRIPT.toString(), "--hold", CACHE.toString())
                .redirectError(log.toFile()).start();
        CompletableFuture<String> printed = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = printed.get(BUILD_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            line = null;
        }
        if (line == null || !Path.of(line).equals(CACHE) || !Files.isRegularFile(CACHE.resolve(".complete"))) {
            holder.destroyForcibly().waitFor();
            String output = Lab.read(log);
            Files.delete(log);
            throw new AssertionError("cannot build the Debian container with " + SCRIPT + ":\n" + output);
        }
        return new DebianImage(holder, CACHE, log);
    }

    /**
     * Creates container {@code lab.name(shortName)} in the lab's lxcpath: the cached configuration,
     * named so, with its overlay rootfs, its host name, a veth on {@code bridge} with a fixed MAC
     * address and the static IPv4 {@code address}/24, and {@code files} (path in the rootfs to content) put in its upper
     * directory before its first start.
     */
    String container(Lab lab, String shortName, String bridge, String address, Map<String, String> files)
            throws IOException {
        String name = lab.name(shortName);
        Path container = Files.createDirectory(lab.lxcpath.resolve(name));
        Path upper = Files.createDirectory(container.resolve("delta0"));
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("config"))) {
            if (!line.startsWith("lxc.rootfs.path") && !line.startsWith("lxc.uts.name") && !line.startsWith("lxc.net.")) {
                lines.add(line);
            }
        }
        lines.add("lxc.rootfs.path = overlay:" + dir.resolve("rootfs") + ":" + upper);
        lines.add("lxc.uts.name = " + name);
        lines.add("lxc.net.0.type = veth");
        lines.add("lxc.net.0.link = " + bridge);
        lines.add("lxc.net.0.flags = up");
        // A MAC address of its own that stays across restarts, as the template gives a container with one
        // veth: with a new one at each start, the host would send to the old one until its ARP entry aged.
        ThreadLocalRandom random = ThreadLocalRandom.current();
        lines.add(String.format("lxc.net.0.hwaddr = 00:16:3e:%02x:%02x:%02x", random.nextInt(256), random.nextInt(256),
                random.nextInt(256)));
        lines.add("lxc.net.0.ipv4.address = " + address + "/24 " + address.substring(0, address.lastIndexOf('.')) + ".255");
        Files.write(container.resolve("config"), lines);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = upper.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        return name;
    }

    /** Where what container {@code name} wrote lands (its overlay's upper directory). */
    static Path upper(Lab lab, String name) {
        return lab.lxcpath.resolve(name).resolve("delta0");
    }

    /** Lets go of the cache: the script, which held its lock, ends when its standard input closes. */
    @Override
    public void close() throws IOException {
        holder.getOutputStream().close();
        try {
            if (!holder.waitFor(10, TimeUnit.SECONDS)) {
                holder.destroyForcibly();
            }
        } catch (InterruptedException e) {
            holder.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(log);
    }
}
