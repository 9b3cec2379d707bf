package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * For containers configured only with LXC's own {@code lxc.start.*} keys, lxc-auto starts them in
 * the order the real {@code lxc-autostart -L -g GROUPS} prints on the same lxcpath: orders
 * (negative, ties broken by name), groups (several per container, and the empty group).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LxcAutostartConformanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private Lab lab;

    @BeforeAll
    void createContainers() throws IOException {
        lab = Lab.create();
        auto("alpha", "lxc.start.order = 5\nlxc.group = onboot");
        auto("bravo", "lxc.start.order = -3");
        auto("charlie", "lxc.start.order = 5\nlxc.group = web\nlxc.group = onboot");
        auto("delta", "lxc.group = web");
        auto("echo", "lxc.start.order = -3");
        auto("foxtrot", "lxc.start.order = 100\nlxc.group = db onboot");
        auto("golf", "lxc.start.order = -10\nlxc.group = db");
        auto("hotel", "lxc.start.order = 0");
        lab.container("india", "lxc.start.auto = 0\nlxc.start.order = -100", Map.of());
        lab.container("juliet", "", Map.of());
    }

    private void auto(String name, String keys) throws IOException {
        lab.container(name, "lxc.start.auto = 1\n" + keys, Map.of());
    }

    @AfterAll
    void cleanUp() {
        if (lab != null) {
            lab.close();
        }
    }

    @ParameterizedTest(name = "groups = \"{0}\"")
    @ValueSource(strings = {"onboot,", "onboot", "web,onboot", ",", "", "db,web,onboot,", "nosuchgroup"})
    void planOrderEqualsLxcAutostart(String groups) throws IOException {
        lab.agentConfig("groups = " + groups);
        assertEquals(lxcAutostartOrder(groups), planOrder());
    }

    /** Not only the plan: with one start at a time, the agent really starts them in that order. */
    @Test
    void bootStartsInLxcAutostartOrder() throws IOException {
        lab.agentConfig("groups = db,web,onboot,\nmax-parallel = 1");
        // lxc-autostart -L lists only containers that are not running yet: ask before the boot.
        List<String> expected = lxcAutostartOrder("db,web,onboot,");
        try {
            Commands.Result boot = lab.agent("boot");
            assertEquals(0, boot.exitCode(), boot.all());
            List<JsonNode> records = new ArrayList<>();
            JSON.readTree(lab.stateDir.resolve("last-boot.json").toFile()).get("containers").forEach(records::add);
            records.sort(Comparator.comparing(r -> Instant.parse(r.get("begin").asText())));
            List<String> started = records.stream().map(r -> r.get("name").asText()).toList();
            assertEquals(expected, started);
            for (String name : started) {
                assertEquals("RUNNING", lab.state(name), name);
            }
        } finally {
            assertEquals(0, lab.agent("shutdown").exitCode());
        }
    }

    private List<String> planOrder() throws IOException {
        Commands.Result plan = lab.agent("plan", "--json");
        assertEquals(0, plan.exitCode(), plan.all());
        List<String> names = new ArrayList<>();
        JSON.readTree(plan.stdout()).get("steps").forEach(s -> names.add(s.get("name").asText()));
        return names;
    }

    private List<String> lxcAutostartOrder(String groups) {
        List<String> argv = new ArrayList<>(List.of("lxc-autostart", "-P", lab.lxcpath.toString(), "-L"));
        if (!groups.isEmpty()) {
            argv.addAll(List.of("-g", groups));
        }
        Commands.Result listed = Commands.ok(argv.toArray(String[]::new));
        List<String> names = new ArrayList<>();
        for (String line : listed.stdout().split("\n")) {
            if (!line.isBlank()) {
                names.add(line.strip().split("\\s+")[0]);
            }
        }
        return names;
    }
}
