package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What restarts and what does not, on real containers: a restart by the policy takes the running
 * hard dependents down first and brings them back after it (unless {@code restart-dependents =
 * no}); an operator's stop is a state that outlives the daemon and ends with {@code lxc-auto
 * start}; an {@code lxc-stop} or a poweroff from inside is a clean end; and each entry's own
 * {@code on-boot} against a state directory written by a real {@code lxc-auto shutdown}.
 */
class RestartSemanticsTest extends LabTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRestartByThePolicyStopsTheRunningDependentsFirstAndStartsThemAfter() throws Exception {
        String db = lab.container("db", "", Map.of());
        lab.entry("db", "[container]\nname = " + db + "\nrestart = always\n");
        String app = lab.container("app", "", Map.of());
        lab.entry("app", "[container]\nname = " + app + "\nafter = " + db + "\n");
        String solo = lab.container("solo", "", Map.of());
        lab.entry("solo", "[container]\nname = " + solo + "\nrestart = always\nrestart-dependents = no\n");
        String stays = lab.container("stays", "", Map.of());
        lab.entry("stays", "[container]\nname = " + stays + "\nafter = " + solo + "\n");

        try (DaemonProcess daemon = DaemonProcess.start(lab, "daemon")) {
            daemon.awaitNotification("READY=1", 60);

            kill(db);
            daemon.awaitOutput(db + ": restarted, then its dependents [" + app + "]", 30);
            List<Double> dbStarts = times(db, "start");
            List<Double> appStarts = times(app, "start");
            List<Double> appHalts = times(app, "halt");
            assertEquals(2, dbStarts.size(), "db started, then restarted: " + dbStarts);
            assertEquals(2, appStarts.size(), "app started, then started again: " + appStarts);
            assertEquals(1, appHalts.size(), "app was halted cleanly once: " + appHalts);
            assertTrue(appHalts.get(0) < dbStarts.get(1), "app halted (" + appHalts + ") before db restarted ("
                    + dbStarts + ")");
            assertTrue(dbStarts.get(1) < appStarts.get(1), "app started again (" + appStarts + ") after db ("
                    + dbStarts + ")");
            System.out.printf("db killed; app halted %.2fs after db's first start, db restarted %.2fs after app's"
                    + " halt, app started %.2fs after db%n", appHalts.get(0) - dbStarts.get(0),
                    dbStarts.get(1) - appHalts.get(0), appStarts.get(1) - dbStarts.get(1));
            assertEquals("RUNNING", lab.state(db));
            assertEquals("RUNNING", lab.state(app));

            // restart-dependents = no: the dependent keeps running, the same init, while solo restarts.
            String staysPid = pid(stays);
            kill(solo);
            daemon.awaitOutput(solo + ": restarted", 30);
            assertEquals(2, lab.count(solo, "start"));
            assertEquals(staysPid, pid(stays));
            assertEquals(0, lab.count(stays, "halt"));

            daemon.signal("TERM");
            assertEquals(0, daemon.awaitExit(30));
        }
    }

    @Test
    void whenTheRestartIsGivenUpOnTheDependentsStayDownAndStatusSaysWhy() throws Exception {
        String db = lab.container("db", "", Map.of("die-after", "0.3"));
        lab.entry("db", "[container]\nname = " + db + "\nrestart = on-failure\n");
        String app = lab.container("app", "", Map.of());
        lab.entry("app", "[container]\nname = " + app + "\nafter = " + db + "\n");

        try (PrivateBus bus = PrivateBus.start(lab.dir)) {
            lab.bus = bus.address; // status asks the daemon, which alone knows why app is down
            try (DaemonProcess daemon = DaemonProcess.start(lab, "daemon")) {
                daemon.awaitNotification("READY=1", 60);
                daemon.awaitOutput(db + ": restart given up after 5 attempts", 90);
                assertEquals("STOPPED", lab.state(app));
                assertEquals(lab.count(app, "start"), lab.count(app, "halt"), "every start of app ended in a clean halt");
                assertTrue(lastError(app).contains("'" + db + "' gave up restarting; stopped with it"
                        + " (restart-dependents = yes), it stays down until 'lxc-auto start " + app + "'"), lastError(app));

                daemon.signal("TERM");
                assertEquals(0, daemon.awaitExit(30));
            }
        }
    }

    @Test
    void anOperatorsStopIsAStateThatOnlyStartEnds() throws Exception {
        String db = lab.container("db", "", Map.of());
        lab.entry("db", "[container]\nname = " + db + "\nrestart = always\n");
        String web = lab.container("web", "", Map.of());
        lab.entry("web", "[container]\nname = " + web + "\nrestart = on-failure\n");
        String svc = lab.container("svc", "", Map.of());
        lab.entry("svc", "[container]\nname = " + svc + "\nrestart = always\n");
        String quitting = lab.container("quitting", "", Map.of());
        lab.entry("quitting", "[container]\nname = " + quitting + "\nrestart = on-failure\n");

        try (PrivateBus bus = PrivateBus.start(lab.dir)) {
            lab.bus = bus.address; // stop, start and status go through the daemon
            try (DaemonProcess daemon = DaemonProcess.start(lab, "daemon")) {
                daemon.awaitNotification("READY=1", 60);

                // lxc-auto stop under restart = always: it stays down, past any backoff.
                assertEquals(0, lab.agent("stop", db).exitCode());
                Thread.sleep(5000); // nothing must happen: there is no event to wait for
                assertEquals("STOPPED", lab.state(db));
                assertEquals(1, lab.count(db, "start"));
                assertTrue(lastError(db).contains("stopped by the operator; 'lxc-auto start " + db + "' brings it back"),
                        lastError(db));

                // lxc-stop from outside under on-failure: a clean end, not restarted.
                lab.lxc("lxc-stop", "-P", lab.lxcpath.toString(), "-n", web);
                daemon.awaitOutput(web + ": stopped by itself", 30);
                assertEquals("STOPPED", lab.state(web));

                // lxc-stop from outside under always: LXC shows it as it shows a poweroff inside, so
                // it is restarted, as systemd restarts a Restart=always service that exited.
                lab.lxc("lxc-stop", "-P", lab.lxcpath.toString(), "-n", svc);
                daemon.awaitOutput(svc + ": restarted", 30);
                assertEquals("RUNNING", lab.state(svc));

                // A poweroff inside under on-failure: stays off.
                lab.lxc("lxc-attach", "-P", lab.lxcpath.toString(), "-n", quitting, "--", "poweroff", "-f");
                daemon.awaitOutput(quitting + ": stopped by itself", 30);
                assertEquals("STOPPED", lab.state(quitting));

                daemon.signal("TERM"); // not a host shutdown: the containers keep running
                assertEquals(0, daemon.awaitExit(30));
            }

            // A new daemon adopts what runs and leaves what the operator stopped: with lxc-auto stop,
            // and with lxc-stop or a poweroff inside under on-failure.
            try (DaemonProcess daemon = DaemonProcess.start(lab, "daemon2")) {
                daemon.awaitNotification("READY=1", 60);
                assertEquals("STOPPED", lab.state(db));
                assertEquals(1, lab.count(db, "start"));
                assertEquals("STOPPED", lab.state(web));
                assertEquals("STOPPED", lab.state(quitting));
                assertEquals(1, lab.count(web, "start"));
                assertTrue(lastError(web).contains("stopped by the operator"), lastError(web));

                // lxc-auto start ends it, and the policy acts again.
                assertEquals(0, lab.agent("start", db).exitCode());
                assertEquals("RUNNING", lab.state(db));
                assertEquals("", lastError(db));
                kill(db);
                daemon.awaitOutput(db + ": restarted", 30);
                assertEquals(3, lab.count(db, "start"));

                daemon.signal("TERM");
                assertEquals(0, daemon.awaitExit(30));
            }
        }
    }

    @Test
    void eachEntrysOnBootAgainstARealShutdownRecord() throws Exception {
        String plain = lab.container("plain", "", Map.of());
        lab.entry("plain", "[container]\nname = " + plain + "\n");
        String ignored = lab.container("ignored", "", Map.of());
        lab.entry("ignored", "[container]\nname = " + ignored + "\non-boot = ignore\n");
        String wasUp = lab.container("was-up", "", Map.of());
        lab.entry("was-up", "[container]\nname = " + wasUp + "\non-boot = restore\n");
        String wasDown = lab.container("was-down", "", Map.of());
        lab.entry("was-down", "[container]\nname = " + wasDown + "\non-boot = restore\n");

        // The last shutdown, for real: only was-up ran then.
        lab.lxc("lxc-start", "-P", lab.lxcpath.toString(), "-n", wasUp, "-d");
        assertEquals("RUNNING", lab.state(wasUp));
        assertEquals(0, lab.agent("shutdown").exitCode());
        assertEquals("STOPPED", lab.state(wasUp));

        String plan = lab.agent("plan").stdout();
        assertTrue(plan.contains(ignored + ": not selected (on-boot = ignore (entry))"), plan);
        assertTrue(plan.contains(wasDown + ": not selected (on-boot = restore (entry): not running at the last"
                + " shutdown)"), plan);

        assertEquals(0, lab.agent("boot").exitCode());
        assertEquals("RUNNING", lab.state(plain));
        assertEquals("RUNNING", lab.state(wasUp));
        assertEquals("STOPPED", lab.state(wasDown));
        assertEquals("STOPPED", lab.state(ignored));

        assertEquals(0, lab.agent("start", ignored).exitCode());
        assertEquals("RUNNING", lab.state(ignored));

        // The operator's stop without a daemon: recorded all the same, so a later boot leaves it down.
        assertEquals(0, lab.agent("stop", plain).exitCode());
        assertEquals(0, lab.agent("boot").exitCode());
        assertEquals("STOPPED", lab.state(plain));
        String status = lab.agent("status", "--full").stdout();
        assertTrue(status.contains("stopped by the operator; 'lxc-auto start " + plain + "' brings it back"), status);
        assertEquals(0, lab.agent("shutdown").exitCode());
        assertEquals("STOPPED", lab.state(ignored), "stopped at shutdown like any other");
        assertEquals(0, lab.agent("boot").exitCode());
        assertEquals("RUNNING", lab.state(plain), "a shutdown of everything ended the operator's stop");
    }

    private void kill(String container) {
        Commands.ok("kill", "-KILL", pid(container));
    }

    private String pid(String container) {
        return lab.lxc("lxc-info", "-P", lab.lxcpath.toString(), "-n", container, "-p", "-H").stdout().strip();
    }

    /** Every time (host uptime) the container's init logged {@code event}, in order. */
    private List<Double> times(String container, String event) throws IOException {
        Path log = lab.rootfs(container).resolve("events.log");
        List<Double> times = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            String[] parts = line.strip().split(" ", 2);
            if (parts.length == 2 && parts[1].equals(event)) {
                times.add(Double.parseDouble(parts[0]));
            }
        }
        return times;
    }

    private String lastError(String container) throws IOException {
        Commands.Result status = lab.agent("status", "--json");
        Map<String, JsonNode> rows = new HashMap<>();
        JSON.readTree(status.stdout()).get("containers").forEach(r -> rows.put(r.get("name").asText(), r));
        JsonNode error = rows.get(container).get("lastError");
        return error.isNull() ? "" : error.asText();
    }
}
