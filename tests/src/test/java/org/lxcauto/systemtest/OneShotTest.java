package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One-shot containers ({@code ready = exited}) on real LXC: a test init that runs a short job and
 * exits with 0 or 3, judged by the exit status LXC logged, and the containers' own clocks.
 */
class OneShotTest extends LabTest {

    @Test
    void dependentsWaitForTheJobsExitAndAFailedJobSkipsThem() throws Exception {
        String migrate = lab.container("migrate", "", Map.of("job", "0.5 0\n"));
        lab.entry("migrate", "[container]\nname = " + migrate + "\nready = exited\nstart-timeout = 20\n");
        String app = lab.container("app", "", Map.of());
        lab.entry("app", "[container]\nname = " + app + "\nafter = " + migrate + "\n");
        String fetch = lab.container("fetch", "", Map.of("job", "0.3 3\n"));
        lab.entry("fetch", "[container]\nname = " + fetch + "\nready = exited\nstart-timeout = 20\n");
        String web = lab.container("web", "", Map.of());
        lab.entry("web", "[container]\nname = " + web + "\nafter = " + fetch + "\n");

        Commands.Result boot = lab.agent("boot");
        assertEquals(2, boot.exitCode(), "one job failed, the other and its dependent are ready\n" + boot.all());

        // The dependent started only after the job's end, on the host's uptime both containers read.
        double jobEnd = lab.events(migrate).get("job-end");
        double appStart = lab.events(app).get("start");
        assertTrue(appStart >= jobEnd, app + " started at " + appStart + ", before the job ended at " + jobEnd);
        assertEquals("STOPPED", lab.state(migrate));
        assertEquals("RUNNING", lab.state(app));

        // The failed job: its status in the message, its dependent never started.
        assertTrue(lab.events(fetch).containsKey("job-end"), "the job ran");
        assertTrue(boot.stderr().contains("Cannot start '" + fetch + "': its job failed: exit status 3"), boot.stderr());
        assertFalse(Files.exists(lab.rootfs(web).resolve("events.log")), web + " was started");
        assertEquals("STOPPED", lab.state(web));
        Map<String, JsonNode> records = lab.records("last-boot.json");
        assertEquals("READY", records.get("migrate").get("outcome").asText());
        assertEquals("FAILED", records.get("fetch").get("outcome").asText());
        assertTrue(records.get("fetch").get("error").asText().contains("exit status 3"), records.get("fetch").toString());
        assertEquals("SKIPPED", records.get("web").get("outcome").asText());

        // status: both jobs stopped now; the failed one with its exit status, the other without an error.
        Commands.Result status = lab.agent("status");
        assertEquals(3, status.exitCode(), "no daemon runs, so status is LSB 'not running'\n" + status.all());
        String migrateRow = row(status.stdout(), migrate);
        assertTrue(migrateRow.matches(migrate + " +stopped .*") && !migrateRow.contains("Cannot"), migrateRow);
        String fetchRow = row(status.stdout(), fetch);
        assertTrue(fetchRow.matches(fetch + " +stopped .*exit status 3.*"), fetchRow);

        // A job that ran is nothing to stop: the shutdown plan holds only the dependent.
        Commands.Result plan = lab.agent("plan", "--shutdown", "--json");
        assertEquals(0, plan.exitCode(), plan.all());
        List<String> stops = new ArrayList<>();
        new ObjectMapper().readTree(plan.stdout()).get("steps").forEach(s -> stops.add(s.get("name").asText()));
        assertEquals(List.of(app), stops, plan.stdout());
        Commands.Result shutdown = lab.agent("shutdown");
        assertEquals(0, shutdown.exitCode(), shutdown.all());
        assertEquals("STOPPED", lab.state(app));
        assertEquals(1, lab.count(migrate, "start"), "the job ran once and was not restarted");
    }

    private static String row(String table, String name) {
        return table.lines().filter(l -> l.startsWith(name + " ")).findFirst().orElse("no row for " + name + " in\n" + table);
    }
}
