package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A halt that lands on real LXC (docs/boot-and-shutdown.md, stopping one container): the halt is
 * sent again to an init that did not act on the first one, it is the container's own
 * {@code lxc.signal.halt}, and {@code stop-exec} runs inside before it, never holding it back.
 */
class HaltTest extends LabTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aHaltIgnoredOnceIsSentAgainWithTheContainersSignalAfterItsStopExec() throws Exception {
        // The test init ignores the first halt, as systemd does before it has set up its handlers.
        String late = lab.container("late", "lxc.signal.halt = SIGRTMIN+3", Map.of("hang-once", "yes"));
        lab.entry("late", "[container]\nname = " + late + "\nstop-timeout = 30\n"
                + "stop-exec = /sbin/testinit event stop-exec\n");
        assertEquals(0, lab.agent("boot").exitCode());

        JsonNode step = JSON.readTree(lab.agent("plan", "--shutdown", "--json").stdout()).get("steps").get(0);
        assertEquals("SIGRTMIN+3", step.get("haltSignal").asText(), step.toString());
        assertEquals("[\"/sbin/testinit\",\"event\",\"stop-exec\"]", step.get("stopExec").toString());
        JsonNode row = JSON.readTree(lab.agent("status", "--json").stdout()).get("containers").get(0);
        assertEquals("SIGRTMIN+3", row.get("haltSignal").asText(), row.toString());

        Instant begin = Instant.now();
        Commands.Result shutdown = lab.agent("shutdown");
        Duration took = Duration.between(begin, Instant.now());
        assertEquals(0, shutdown.exitCode(), shutdown.all());
        assertEquals("CLEAN", lab.records("last-shutdown.json").get("late").get("outcome").asText());
        // Sent again after 1 s: clean in about a second (plus the JVM), not at the 30 s stop-timeout.
        assertTrue(took.toMillis() < 8000, "shutdown took " + took + "\n" + shutdown.all());
        assertEquals("clean", Lab.read(lab.rootfs(late).resolve("stopped")).strip());

        List<String> log = events(late);
        assertEquals(List.of("stop-exec", "halt", "signal RTMIN+3", "ignoring once", "halt", "signal RTMIN+3"),
                log.subList(log.indexOf("stop-exec"), log.size()), "the stop-exec first, then the container's own"
                + " signal, twice: " + log);
        Map<String, Double> at = lab.events(late);
        assertTrue(at.get("stop-exec") <= at.get("halt"), at.toString());
    }

    @Test
    void aFailingOrHangingStopExecIsLoggedAndTheHaltStillGoesOn() throws Exception {
        String failing = lab.container("failing", "", Map.of());
        lab.entry("failing", "[container]\nname = " + failing + "\nstop-exec = /bin/false\n");
        // stop-timeout 8: the stop-exec gets half, 4 s, and the halt the rest.
        String hanging = lab.container("hanging", "", Map.of());
        lab.entry("hanging", "[container]\nname = " + hanging + "\nstop-timeout = 8\nstop-exec = /bin/sleep 600\n");
        assertEquals(0, lab.agent("boot").exitCode());

        Instant begin = Instant.now();
        Commands.Result shutdown = lab.agent("shutdown");
        Duration took = Duration.between(begin, Instant.now());
        assertEquals(0, shutdown.exitCode(), shutdown.all());
        Map<String, JsonNode> records = lab.records("last-shutdown.json");
        assertEquals("CLEAN", records.get("failing").get("outcome").asText(), records.toString());
        assertEquals("CLEAN", records.get("hanging").get("outcome").asText(), records.toString());
        assertTrue(shutdown.all().contains(failing + ": stop-exec '/bin/false' exited with status 1"), shutdown.all());
        assertTrue(shutdown.all().contains(hanging + ": stop-exec '/bin/sleep 600' did not finish within 4000 ms"),
                shutdown.all());
        Duration hangingStop = Duration.between(Instant.parse(records.get("hanging").get("begin").asText()),
                Instant.parse(records.get("hanging").get("end").asText()));
        assertTrue(hangingStop.toMillis() >= 4000 && hangingStop.toMillis() < 6500,
                "halted once its stop-exec was ended, at 4 s: " + hangingStop);
        assertTrue(took.toMillis() < 8000 + 2500, "shutdown took " + took);
        assertEquals("clean", Lab.read(lab.rootfs(hanging).resolve("stopped")).strip());
    }

    /** The events the container's init logged, in order, without their times. */
    private List<String> events(String name) {
        return Lab.read(lab.rootfs(name).resolve("events.log")).lines()
                .map(line -> line.substring(line.indexOf(' ') + 1)).toList();
    }
}
