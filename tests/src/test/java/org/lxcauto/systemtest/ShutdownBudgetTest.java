package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole shutdown fits its budget even when containers hang; {@code stop-unlisted} decides about the rest. */
class ShutdownBudgetTest extends LabTest {

    @Test
    void hungChainIsForcedWithinTheBudgetAndUnlistedContainersFollowTheSetting() throws Exception {
        String lower = lab.container("lower", "", Map.of("hang", "yes"));
        lab.entry("lower", "[container]\nname = " + lower + "\nstop-timeout = 10\n");
        String upper = lab.container("upper", "", Map.of("hang", "yes"));
        lab.entry("upper", "[container]\nname = " + upper + "\nafter = " + lower + "\nstop-timeout = 10\n");
        String stray = lab.container("stray", "", Map.of());
        lab.agentConfig("stop-unlisted = no\n");
        assertEquals(0, lab.agent("boot").exitCode());
        Commands.ok("lxc-start", "-P", lab.lxcpath.toString(), "-n", stray, "-d");

        Instant begin = Instant.now();
        Commands.Result shutdown = lab.agent("shutdown", "--timeout", "4");
        Duration took = Duration.between(begin, Instant.now());
        assertEquals(2, shutdown.exitCode(), shutdown.all());
        // Two hung containers of 10 s each, in a chain, must not take 20 s: the budget is 4 s
        // (plus the JVM's start-up).
        assertTrue(took.toMillis() < 4000 + 2500, "shutdown took " + took);
        JsonNode records = new ObjectMapper().readTree(lab.stateDir.resolve("last-shutdown.json").toFile()).get("containers");
        assertEquals(2, records.size(), records.toString());
        records.forEach(r -> assertEquals("FORCED", r.get("outcome").asText(), r.toString()));
        assertEquals("STOPPED", lab.state(lower));
        assertEquals("STOPPED", lab.state(upper));
        // upper got its halt signal and 3 s (4 s less the 1 s kept for killing); with the budget
        // spent, lower was killed at once, never before upper.
        Map<String, Double> lowerEvents = lab.events(lower);
        assertTrue(lab.events(upper).containsKey("halt"));
        assertTrue(!lowerEvents.containsKey("halt") || lowerEvents.get("halt") >= lab.events(upper).get("halt"));
        assertEquals("RUNNING", lab.state(stray), "stop-unlisted = no leaves other containers alone");

        lab.agentConfig("stop-unlisted = yes\n");
        Commands.Result again = lab.agent("shutdown");
        assertEquals(0, again.exitCode(), again.all());
        assertEquals("STOPPED", lab.state(stray));
        assertEquals("clean", Lab.read(lab.rootfs(stray).resolve("stopped")).strip());
    }
}
