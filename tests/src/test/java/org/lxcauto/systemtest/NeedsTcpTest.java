package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code needs = tcp:HOST:PORT} on real LXC and a real TCP server on "another host": the agent and
 * its containers run in a network namespace of the test's, the server in a second one, joined by a
 * veth pair made inside them. The host's own network is never touched, and is checked unchanged.
 */
class NeedsTcpTest extends LabTest {

    private static final int PORT = 5432;

    private String agentSide;
    private String serverSide;
    private String server;
    private String hostNetwork;
    private Process listener;
    private Thread cleanupAtExit;

    @BeforeEach
    void makeNetworks() {
        hostNetwork = hostNetwork();
        String id = "nd-" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36);
        agentSide = id + "a";
        serverSide = id + "b";
        cleanupAtExit = new Thread(this::removeNetworks);
        Runtime.getRuntime().addShutdownHook(cleanupAtExit);
        String subnet = Lab.freeSubnet();
        server = subnet + ".2";
        Commands.ok("ip", "netns", "add", agentSide);
        Commands.ok("ip", "netns", "add", serverSide);
        Commands.ok("ip", "-n", agentSide, "link", "add", agentSide, "type", "veth", "peer", "name", serverSide,
                "netns", serverSide);
        Commands.ok("ip", "-n", agentSide, "addr", "add", subnet + ".1/30", "dev", agentSide);
        Commands.ok("ip", "-n", serverSide, "addr", "add", server + "/30", "dev", serverSide);
        for (String ns : List.of(agentSide, serverSide)) {
            Commands.ok("ip", "-n", ns, "link", "set", "lo", "up");
            Commands.ok("ip", "-n", ns, "link", "set", ns, "up");
        }
        lab.netns = agentSide;
    }

    @AfterEach
    void removeNetworksAfterTheLab() {
        // The lab's containers are stopped from inside the namespace, so they go first.
        lab.close();
        lab = null;
        removeNetworks();
        Runtime.getRuntime().removeShutdownHook(cleanupAtExit);
        assertEquals(hostNetwork, hostNetwork(), "the host's network changed");
    }

    private void removeNetworks() {
        if (listener != null) {
            listener.destroyForcibly();
            try {
                listener.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String ns : new String[] {agentSide, serverSide}) {
            if (ns != null && Files.exists(Path.of("/run/netns", ns))) {
                Commands.run("ip", "netns", "del", ns);
            }
        }
    }

    private static String hostNetwork() {
        return Commands.ok("ip", "addr").stdout() + Commands.ok("ip", "route", "show", "table", "all").stdout();
    }

    /** A TCP server on the other side: busybox nc accepting connections for ever; its PID is the process's. */
    private void listen() throws Exception {
        listener = new ProcessBuilder("ip", "netns", "exec", serverSide, "busybox", "nc", "-ll", "-p", String.valueOf(PORT),
                "-e", "/bin/true").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static double uptime() {
        return Double.parseDouble(Lab.read(Path.of("/proc/uptime")).split(" ")[0]);
    }

    @Test
    void theContainerStartsOnlyOnceTheRemoteServerAccepts() throws Exception {
        String need = "tcp:" + server + ":" + PORT;
        String web = lab.container("web", "", Map.of());
        lab.entry("web", "[container]\nname = " + web + "\nneeds = " + need + "\nstart-timeout = 60\n");

        CompletableFuture<Commands.Result> boot = CompletableFuture.supplyAsync(() -> lab.agent("boot"));
        try {
            waitForStatus(web, "waiting for " + need);
            assertFalse(Files.exists(lab.rootfs(web).resolve("events.log")), web + " started before its server");
            double listeningAt = uptime();
            listen();

            Commands.Result result = boot.get(60, TimeUnit.SECONDS);
            assertEquals(0, result.exitCode(), result.all());
            double started = lab.events(web).get("start");
            System.out.printf("%s: started %.3f s after it was there%n", web, started - listeningAt);
            assertTrue(started >= listeningAt, web + " started at " + started + ", before the server at " + listeningAt);
            assertTrue(started - listeningAt < 5, "seen within a backoff or two: " + (started - listeningAt) + " s");
        } finally {
            boot.get(90, TimeUnit.SECONDS);
        }
        JsonNode needs = lab.records("last-boot.json").get("web").get("needs");
        assertEquals(need, needs.get("needs").get(0).get("need").asText());
        assertTrue(needs.get("needs").get(0).get("met").isTextual(), needs.toString());
    }

    @Test
    void withoutTheServerTheContainerFailsAloneNamingTheEndpoint() throws Exception {
        String need = "tcp:" + server + ":" + PORT;
        String web = lab.container("web", "", Map.of());
        Path entry = lab.entry("web", "[container]\nname = " + web + "\nstart-timeout = 3\nneeds = " + need + "\n");
        String app = lab.container("app", "", Map.of());
        lab.entry("app", "[container]\nname = " + app + "\nafter = " + web + "\n");
        String mail = lab.container("mail", "", Map.of());
        lab.entry("mail", "[container]\nname = " + mail + "\n");

        Commands.Result boot = lab.agent("boot");

        assertEquals(2, boot.exitCode(), boot.all());
        String message = "Cannot start '" + web + "': needs " + need + ", which did not accept a connection after 3s"
                + " (start-timeout); start the service there (or check the route and firewall to it), or fix the address"
                + " in " + entry + ":4";
        assertTrue(boot.stderr().contains(message), boot.stderr());
        Map<String, JsonNode> records = lab.records("last-boot.json");
        assertEquals("SKIPPED", records.get("app").get("outcome").asText());
        assertEquals("READY", records.get("mail").get("outcome").asText());
        assertFalse(Files.exists(lab.rootfs(web).resolve("events.log")), web + " was started");
        assertEquals("RUNNING", lab.state(mail));
    }

    private void waitForStatus(String name, String text) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "";
        while (System.nanoTime() < until) {
            Commands.Result status = lab.agent("status");
            last = status.all();
            if (status.stdout().lines().anyMatch(l -> l.startsWith(name + " ") && l.contains(text))) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("status never said '" + text + "' for " + name + ":\n" + last);
    }
}
