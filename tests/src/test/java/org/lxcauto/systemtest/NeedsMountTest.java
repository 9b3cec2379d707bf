package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code needs = mount:PATH} on real LXC and a real mount: a container is not started until a
 * tmpfs is mounted on its path mid-boot, and fails alone, naming the path, when nothing is.
 */
class NeedsMountTest extends LabTest {

    /** A directory of this test's own under /run, the tmpfs is mounted on its {@code data}. */
    private Path top;
    private Path data;
    private Thread unmountAtExit;

    @BeforeEach
    void makeMountPoint() throws Exception {
        top = Files.createDirectory(Path.of("/run/lxc-auto-nd-" + Integer.toString(
                ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36)));
        data = Files.createDirectory(top.resolve("data"));
        // Killed tests leave no mount behind either.
        unmountAtExit = new Thread(this::unmountAndRemove);
        Runtime.getRuntime().addShutdownHook(unmountAtExit);
    }

    @AfterEach
    void removeMountPoint() {
        unmountAndRemove();
        Runtime.getRuntime().removeShutdownHook(unmountAtExit);
    }

    private void unmountAndRemove() {
        if (data != null && mounted()) {
            Commands.run("umount", data.toString());
        }
        if (top != null && !mounted()) {
            Commands.run("rm", "-rf", "--one-file-system", top.toString());
        }
    }

    private boolean mounted() {
        return Lab.read(Path.of("/proc/self/mountinfo")).lines().anyMatch(l -> l.split(" ")[4].equals(data.toString()));
    }

    /** The host's uptime in seconds: the clock the test init stamps its events with. */
    private static double uptime() {
        return Double.parseDouble(Lab.read(Path.of("/proc/uptime")).split(" ")[0]);
    }

    @Test
    void theContainerStartsOnlyOnceItsStorageIsMounted() throws Exception {
        String web = lab.container("web", "", Map.of());
        lab.entry("web", "[container]\nname = " + web + "\nneeds = mount:" + data + "\nstart-timeout = 60\n");
        String app = lab.container("app", "", Map.of());
        lab.entry("app", "[container]\nname = " + app + "\nafter = " + web + "\n");

        Commands.Result plan = lab.agent("plan");
        assertTrue(plan.stdout().contains("  needs mount:" + data + "\n"), plan.all());
        JsonNode planned = new ObjectMapper().readTree(lab.agent("plan", "--json").stdout()).get("steps").get(0);
        assertEquals("[\"mount:" + data + "\"]", planned.get("needs").toString(), planned.toString());

        CompletableFuture<Commands.Result> boot = CompletableFuture.supplyAsync(() -> lab.agent("boot"));
        try {
            // status, run by another process, says what the boot waits for.
            String row = waitForRow(web, "waiting for mount:" + data);
            assertTrue(row.matches(web + " +waiting .*waiting for mount:" + data), row);
            JsonNode status = new ObjectMapper().readTree(lab.agent("status", "--json").stdout());
            JsonNode waiting = null;
            for (JsonNode c : status.get("containers")) {
                waiting = c.get("name").asText().equals(web) ? c : waiting;
            }
            assertNotNull(waiting, status.toString());
            assertEquals("[\"mount:" + data + "\"]", waiting.get("waitingFor").toString(), waiting.toString());
            assertFalse(Files.exists(lab.rootfs(web).resolve("events.log")), web + " started before its storage");

            Thread.sleep(1000); // the boot keeps waiting: a second more, not yet mounted
            assertFalse(Files.exists(lab.rootfs(web).resolve("events.log")), web + " started before its storage");
            double mountedAt = uptime();
            Commands.ok("mount", "-t", "tmpfs", "-o", "size=1m,mode=0755", "nd-data", data.toString());

            Commands.Result result = boot.get(60, TimeUnit.SECONDS);
            assertEquals(0, result.exitCode(), result.all());
            double started = lab.events(web).get("start");
            System.out.printf("%s: started %.3f s after it was there%n", web, started - mountedAt);
            assertTrue(started >= mountedAt, web + " started at " + started + ", before the mount at " + mountedAt);
            assertTrue(started - mountedAt < 3, "seen within a poll or two of the mount: " + (started - mountedAt) + " s");
            // Its dependent too (against web's own stamp it may race: web counts as ready once RUNNING).
            assertTrue(lab.events(app).get("start") >= mountedAt, app + " started before the mount");
        } finally {
            boot.get(90, TimeUnit.SECONDS);
        }

        JsonNode record = lab.records("last-boot.json").get("web");
        assertEquals("READY", record.get("outcome").asText());
        JsonNode needs = record.get("needs");
        assertEquals("mount:" + data, needs.get("needs").get(0).get("need").asText());
        assertNotNull(needs.get("needs").get(0).get("met").textValue(), record.toString());

        Commands.Result blame = lab.agent("blame");
        assertEquals(0, blame.exitCode(), blame.all());
        assertTrue(blame.stdout().lines().anyMatch(l -> l.matches(" *[0-9.]+s " + web + " \\([0-9.]+s waiting for mount:" + data + "\\)")),
                blame.stdout());
        Commands.Result plot = lab.agent("plot");
        assertEquals(0, plot.exitCode(), plot.all());
        assertTrue(plot.stdout().contains("class=\"needs\""), "the wait is a segment of its own");
        assertTrue(plot.stdout().contains(web + ": waited "), plot.stdout());
    }

    @Test
    void withoutTheMountTheContainerFailsAloneNamingThePath() throws Exception {
        String web = lab.container("web", "", Map.of());
        Path entry = lab.entry("web", "[container]\nname = " + web + "\nstart-timeout = 3\nneeds = mount:" + data + "\n");
        String app = lab.container("app", "", Map.of());
        lab.entry("app", "[container]\nname = " + app + "\nafter = " + web + "\n");
        String mail = lab.container("mail", "", Map.of());
        lab.entry("mail", "[container]\nname = " + mail + "\n");

        long began = System.nanoTime();
        Commands.Result boot = lab.agent("boot");
        double took = (System.nanoTime() - began) / 1e9;

        assertEquals(2, boot.exitCode(), boot.all());
        String message = "Cannot start '" + web + "': needs mount:" + data + ", which is not a mount point after 3s"
                + " (start-timeout); mount it (or have it mounted earlier in the boot), or fix the path in " + entry + ":4";
        assertTrue(boot.stderr().contains(message), boot.stderr());
        Map<String, JsonNode> records = lab.records("last-boot.json");
        assertEquals(message, records.get("web").get("error").asText());
        assertEquals("SKIPPED", records.get("app").get("outcome").asText());
        assertEquals("READY", records.get("mail").get("outcome").asText());
        assertFalse(Files.exists(lab.rootfs(web).resolve("events.log")), web + " was started");
        assertFalse(Files.exists(lab.rootfs(app).resolve("events.log")), app + " was started");
        assertTrue(took < 20, "failed within its start-timeout, not later: " + took + " s");
    }

    private String waitForRow(String name, String text) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "";
        while (System.nanoTime() < until) {
            Commands.Result status = lab.agent("status");
            last = status.all();
            String row = status.stdout().lines().filter(l -> l.startsWith(name + " ")).findFirst().orElse("");
            if (row.contains(text)) {
                return row;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("status never said '" + text + "' for " + name + ":\n" + last);
    }
}
