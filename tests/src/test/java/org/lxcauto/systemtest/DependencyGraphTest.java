package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Boot and shutdown of a 14-container graph on real LXC: a diamond, a chain, an independent
 * branch, soft dependencies, a container that fails to start, one that never becomes ready, and
 * containers that depend on those two. Orderings are asserted from the timestamps the containers'
 * own init writes, not from what the agent says.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DependencyGraphTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Lab lab;
    /** Container short name to its hard dependencies (short names). */
    private final Map<String, List<String>> after = new LinkedHashMap<>();
    private final Map<String, List<String>> wants = new LinkedHashMap<>();

    @BeforeAll
    void createContainers() throws IOException {
        lab = Lab.create();
        lab.agentConfig("max-parallel = 8\nstop-timeout = 10\n");
        ready("db", 0.5);
        ready("cache", 0.3, "db");
        ready("queue", 0.3, "db");
        ready("web", 0.2, "cache", "queue");
        ready("chain1", 0.3);
        ready("chain2", 0.3, "chain1");
        ready("chain3", 0.3, "chain2");
        lab.container("solo", "", Map.of("ready-after", "0.2", "hang", "yes"));
        entry("solo", List.of(), List.of(), "ready = exec:test -f /ready\nstop-timeout = 2\n");
        lab.container("metrics", "", Map.of("ready-after", "0.1"));
        entry("metrics", List.of(), List.of("db"), "ready = exec:test -f /ready\n");
        lab.container("broken", "lxc.rootfs.path = dir:/nonexistent/rootfs", Map.of());
        entry("broken", List.of(), List.of(), "");
        lab.container("report", "", Map.of());
        entry("report", List.of(), List.of("broken"), "");
        lab.container("needsbroken", "", Map.of());
        entry("needsbroken", List.of("broken"), List.of(), "");
        lab.container("stuck", "", Map.of());
        entry("stuck", List.of(), List.of(), "ready = exec:test -f /never\nstart-timeout = 3\n");
        lab.container("afterstuck", "", Map.of());
        entry("afterstuck", List.of("stuck"), List.of(), "");
    }

    private void ready(String name, double seconds, String... dependencies) throws IOException {
        lab.container(name, "", Map.of("ready-after", Double.toString(seconds)));
        entry(name, List.of(dependencies), List.of(), "ready = exec:test -f /ready\n");
    }

    private void entry(String name, List<String> hard, List<String> soft, String extra) throws IOException {
        after.put(name, hard);
        wants.put(name, soft);
        StringBuilder text = new StringBuilder("[container]\nname = " + lab.name(name) + "\n");
        if (!hard.isEmpty()) {
            text.append("after = ").append(String.join(" ", hard.stream().map(lab::name).toList())).append('\n');
        }
        if (!soft.isEmpty()) {
            text.append("wants = ").append(String.join(" ", soft.stream().map(lab::name).toList())).append('\n');
        }
        text.append(extra.contains("start-timeout") ? "" : "start-timeout = 20\n").append(extra);
        lab.entry(name, text.toString());
    }

    @AfterAll
    void cleanUp() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Order(1)
    void bootStartsInDependencyOrderAndReportsFailures() throws IOException {
        Instant begin = Instant.now();
        Commands.Result boot = lab.agent("boot");
        System.out.printf("14-container boot: %d ms, exit %d%n", Duration.between(begin, Instant.now()).toMillis(), boot.exitCode());
        assertEquals(2, boot.exitCode(), boot.all());

        // No container starts before each of its hard dependencies is ready.
        for (Map.Entry<String, List<String>> e : after.entrySet()) {
            Map<String, Double> events = events(e.getKey());
            if (!events.containsKey("start")) {
                continue;
            }
            for (String dependency : e.getValue()) {
                double ready = events(dependency).get("ready");
                assertTrue(events.get("start") >= ready, e.getKey() + " started at " + events.get("start")
                        + " before " + dependency + " was ready at " + ready);
            }
        }
        // A soft dependency orders too, when it is there.
        assertTrue(events("metrics").get("start") >= events("db").get("ready"), "metrics started before db was ready");

        // Independent branches overlap in time.
        Map<String, Double> chain1 = events("chain1");
        Map<String, Double> db = events("db");
        assertTrue(chain1.get("start") < db.get("ready") && db.get("start") < chain1.get("ready"),
                "chain1 " + chain1 + " and db " + db + " did not run in parallel");

        // Failures affect only themselves and what needs them.
        for (String running : List.of("db", "cache", "queue", "web", "chain1", "chain2", "chain3", "solo", "metrics", "report")) {
            assertEquals("RUNNING", lab.state(lab.name(running)), running + " should run\n" + boot.all());
        }
        for (String never : List.of("needsbroken", "afterstuck", "broken")) {
            assertFalse(events(never).containsKey("start"), never + " must not have been started");
            assertEquals("STOPPED", lab.state(lab.name(never)));
        }

        Map<String, JsonNode> records = lab.records("last-boot.json");
        assertEquals("FAILED", records.get("broken").get("outcome").asText());
        assertTrue(records.get("broken").get("error").asText().contains("/nonexistent"), records.get("broken").toString());
        assertEquals("FAILED", records.get("stuck").get("outcome").asText());
        assertTrue(records.get("stuck").get("error").asText().contains("not ready after 3s"), records.get("stuck").toString());
        assertEquals("SKIPPED", records.get("needsbroken").get("outcome").asText());
        assertTrue(records.get("needsbroken").get("error").asText().contains(lab.name("broken")));
        assertEquals("SKIPPED", records.get("afterstuck").get("outcome").asText());
        assertTrue(records.get("afterstuck").get("error").asText().contains(lab.name("stuck")));
        assertTrue(boot.stderr().contains("Cannot start '" + lab.name("broken") + "'"), boot.stderr());
        assertTrue(boot.stderr().contains(lab.name("needsbroken") + ": not started: needs '" + lab.name("broken") + "'"),
                boot.stderr());
    }

    @Test
    @Order(2)
    void reportsDescribeTheBoot() throws IOException {
        Commands.Result status = lab.agent("status", "--json");
        assertEquals(3, status.exitCode(), "no daemon runs, so status is LSB 'not running'\n" + status.all());
        JsonNode rows = JSON.readTree(status.stdout()).get("containers");
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        rows.forEach(r -> byName.put(r.get("name").asText(), r));
        assertEquals("running", byName.get(lab.name("web")).get("state").asText());
        assertEquals("ready", byName.get(lab.name("web")).get("outcome").asText());
        assertTrue(byName.get(lab.name("stuck")).get("lastError").asText().contains("not ready"));

        Commands.Result blame = lab.agent("blame");
        assertEquals(0, blame.exitCode(), blame.all());
        // The longest chain to the last ready container runs through the diamond: db, then cache or queue, then web.
        assertTrue(blame.stdout().contains(lab.name("web")) && blame.stdout().contains(lab.name("db")), blame.stdout());

        Commands.Result plot = lab.agent("plot");
        assertEquals(0, plot.exitCode(), plot.all());
        assertTrue(plot.stdout().startsWith("<?xml") || plot.stdout().startsWith("<svg"), plot.stdout());
        assertTrue(plot.stdout().contains(lab.name("chain3")));
    }

    @Test
    @Order(3)
    void shutdownPlanPutsDependentsFirst() throws IOException {
        Commands.Result plan = lab.agent("plan", "--shutdown", "--json");
        assertEquals(0, plan.exitCode(), plan.all());
        List<String> order = new java.util.ArrayList<>();
        JSON.readTree(plan.stdout()).get("steps").forEach(s -> order.add(s.get("name").asText().substring(lab.prefix.length() + 1)));
        assertTrue(order.indexOf("web") < order.indexOf("cache") && order.indexOf("cache") < order.indexOf("db"), order.toString());
        assertTrue(order.indexOf("chain3") < order.indexOf("chain2") && order.indexOf("chain2") < order.indexOf("chain1"),
                order.toString());
        assertTrue(order.indexOf("metrics") < order.indexOf("db"), "a soft dependent stops first too: " + order);
        assertFalse(order.contains("needsbroken"), "what is not running is not in the stop plan: " + order);
        assertEquals("RUNNING", lab.state(lab.name("web")), "plan changes nothing");
    }

    @Test
    @Order(4)
    void shutdownStopsDependentsFirstAndForcesOnlyTheHungContainer() throws IOException {
        Instant begin = Instant.now();
        Commands.Result shutdown = lab.agent("shutdown");
        System.out.printf("14-container shutdown: %d ms, exit %d%n", Duration.between(begin, Instant.now()).toMillis(),
                shutdown.exitCode());
        assertEquals(2, shutdown.exitCode(), shutdown.all());

        // Each dependent halted before what it depends on (hard or soft), by the containers' own clocks.
        for (String name : after.keySet()) {
            Map<String, Double> events = events(name);
            if (!events.containsKey("halt")) {
                continue;
            }
            for (String dependency : concat(after.get(name), wants.get(name))) {
                Map<String, Double> dep = events(dependency);
                if (dep.containsKey("halt")) {
                    assertTrue(dep.get("halt") >= events.get("halt"), dependency + " halted at " + dep.get("halt")
                            + " before its dependent " + name + " at " + events.get("halt"));
                }
            }
        }
        Map<String, JsonNode> records = lab.records("last-shutdown.json");
        double soloHalt = events("solo").get("halt");
        for (String clean : List.of("db", "cache", "queue", "web", "chain1", "chain2", "chain3", "metrics", "report", "stuck")) {
            assertEquals("clean", Lab.read(lab.rootfs(lab.name(clean)).resolve("stopped")).strip(), clean);
            assertEquals("CLEAN", records.get(clean).get("outcome").asText(), clean);
            // The others did not queue behind the hung one: they halted within its stop timeout.
            assertTrue(events(clean).get("halt") < soloHalt + 2.0, clean + " waited for the hung container");
        }
        assertTrue(events("solo").containsKey("ignoring"));
        assertFalse(Files.exists(lab.rootfs(lab.name("solo")).resolve("stopped")));
        JsonNode solo = records.get("solo");
        assertEquals("FORCED", solo.get("outcome").asText());
        Duration forcedAfter = Duration.between(Instant.parse(solo.get("begin").asText()), Instant.parse(solo.get("end").asText()));
        assertTrue(forcedAfter.toMillis() >= 2000 && forcedAfter.toMillis() < 6000, "forced after " + forcedAfter);
        assertTrue(shutdown.stderr().contains(lab.name("solo") + ": did not halt within 2s"), shutdown.stderr());
        for (String name : after.keySet()) {
            assertEquals("STOPPED", lab.state(lab.name(name)), name);
        }
    }

    private Map<String, Double> events(String shortName) throws IOException {
        return lab.events(lab.name(shortName));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
