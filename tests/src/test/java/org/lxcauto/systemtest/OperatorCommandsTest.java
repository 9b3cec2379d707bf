package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code enable}, {@code disable}, {@code start NAME} and {@code stop NAME} on real containers. */
class OperatorCommandsTest extends LabTest {

    @Test
    void enableStartStopDisable() throws Exception {
        String db = lab.container("db", "", Map.of("ready-after", "0.3"));
        String web = lab.container("web", "", Map.of());
        String idle = lab.container("idle", "", Map.of());

        assertEquals(0, lab.agent("enable", db).exitCode());
        Commands.Result enable = lab.agent("enable", web, "--after", db);
        assertEquals(0, enable.exitCode(), enable.all());
        Path entry = lab.autoDir.resolve(web + ".conf");
        assertTrue(Files.readString(entry).contains("after = " + db), Files.readString(entry));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(entry)));
        try (var leftovers = Files.list(lab.autoDir)) {
            assertEquals(2, leftovers.count(), "no temporary files left behind");
        }
        assertEquals(1, lab.agent("enable", web).exitCode(), "enabling twice is refused");
        assertEquals(1, lab.agent("enable", lab.name("nosuch")).exitCode(), "a missing container is refused");
        assertEquals(64, lab.agent("enable", "../evil").exitCode(), "an invalid name is a usage error");
        assertEquals(0, lab.agent("check").exitCode());

        // start NAME brings its dependencies first, and nothing else.
        Commands.Result start = lab.agent("start", web);
        assertEquals(0, start.exitCode(), start.all());
        assertEquals("RUNNING", lab.state(db));
        assertEquals("RUNNING", lab.state(web));
        assertEquals("STOPPED", lab.state(idle));
        assertTrue(lab.events(web).get("start") >= lab.events(db).get("start"));
        assertEquals(1, lab.agent("start", idle).exitCode(), "idle has no autostart entry");

        // stop NAME stops the running containers that need it first.
        Commands.Result stop = lab.agent("stop", db);
        assertEquals(0, stop.exitCode(), stop.all());
        assertEquals("STOPPED", lab.state(web));
        assertEquals("STOPPED", lab.state(db));
        assertTrue(lab.events(db).get("halt") >= lab.events(web).get("halt"), "web halts before db");
        assertEquals(1, lab.agent("stop", db).exitCode(), "db is not running any more");
        assertFalse(Files.exists(lab.stateDir.resolve("running.json")), "stopping one container is not a shutdown");

        Commands.Result disable = lab.agent("disable", web);
        assertEquals(0, disable.exitCode(), disable.all());
        assertFalse(Files.exists(entry));
        assertEquals(1, lab.agent("disable", web).exitCode());
        assertEquals(64, lab.agent("frobnicate").exitCode(), "an unknown command is a usage error");
        assertEquals(64, lab.agent("boot", "--no-such-option").exitCode());
    }
}
