package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code start-delay}, {@code ephemeral = yes} and adoption of running containers, on real LXC. */
class StartOptionsTest extends LabTest {

    @Test
    void delayEphemeralAndAdoption() throws Exception {
        String db = lab.container("db", "", Map.of("ready-after", "0.2"));
        lab.entry("db", "[container]\nname = " + db + "\nready = exec:test -f /ready\nstart-delay = 1\n");
        String app = lab.container("app", "", Map.of());
        lab.entry("app", "[container]\nname = " + app + "\nafter = " + db + "\nephemeral = yes\n");

        Commands.Result boot = lab.agent("boot");
        assertEquals(0, boot.exitCode(), boot.all());
        String copy = app + "-ephemeral";
        assertEquals("RUNNING", lab.state(copy));
        assertEquals("STOPPED", lab.state(app), "the base of an ephemeral entry is not started");
        assertFalse(Files.exists(lab.rootfs(app).resolve("events.log")), "the base rootfs is untouched");
        double released = lab.events(db).get("ready") + 1.0;
        double started = lab.events(copy).get("start");
        assertTrue(started >= released - 0.02, "app started at " + started + ", before db's start-delay ended at " + released);

        // A second boot adopts what runs instead of starting it twice.
        Commands.Result again = lab.agent("boot");
        assertEquals(0, again.exitCode(), again.all());
        assertTrue(again.stderr().contains(db + ": already running, adopting it"), again.stderr());
        assertTrue(again.stderr().contains(app + ": already running, adopting it"), again.stderr());
        assertEquals(1, lab.events(db).entrySet().stream().filter(e -> e.getKey().equals("start")).count());

        Commands.Result shutdown = lab.agent("shutdown");
        assertEquals(0, shutdown.exitCode(), shutdown.all());
        assertFalse(Files.exists(lab.lxcpath.resolve(copy)), "the ephemeral copy is destroyed when it stops");
        assertTrue(Files.readString(lab.stateDir.resolve("running.json")).contains(app));
    }
}
