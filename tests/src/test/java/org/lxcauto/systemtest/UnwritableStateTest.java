package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A state directory that cannot be written (docs/formats.md, state files): read-only (the
 * directory bound onto itself and remounted read-only) or full (a 64 KiB tmpfs, filled). Boot and
 * shutdown still start and stop the real containers with their usual exit status, say which
 * record they could not write and why, and leave the previous records whole.
 */
class UnwritableStateTest extends LabTest {

    private String db;
    private String web;

    private void twoContainers() throws IOException {
        db = lab.container("db", "", Map.of());
        web = lab.container("web", "", Map.of());
        lab.entry("db", "[container]\nname = " + db + "\n");
        lab.entry("web", "[container]\nname = " + web + "\nafter = " + db + "\n");
    }

    /** A first boot and shutdown on a writable directory: the records the later runs must keep. */
    private void recordABootAndAShutdown() {
        Commands.Result boot = lab.agent("boot");
        assertEquals(0, boot.exitCode(), boot.all());
        Commands.Result shutdown = lab.agent("shutdown");
        assertEquals(0, shutdown.exitCode(), shutdown.all());
        assertEquals("STOPPED", lab.state(db));
        for (String record : List.of("last-boot.json", "last-shutdown.json", "running.json")) {
            assertTrue(Files.exists(lab.stateDir.resolve(record)), record + " was written\n" + boot.all() + shutdown.all());
        }
    }

    private String file(String name) {
        return Lab.read(lab.stateDir.resolve(name));
    }

    @Test
    void readOnlyStateDirectory() throws Exception {
        twoContainers();
        Files.createDirectories(lab.stateDir);
        recordABootAndAShutdown();
        lab.lxc("lxc-start", "-P", lab.lxcpath.toString(), "-n", db, "-d"); // so that running.json changes
        String lastBoot = file("last-boot.json");
        String lastShutdown = file("last-shutdown.json");
        Files.writeString(lab.stateDir.resolve("running.json"), "{\"containers\" : [ \"" + db + "\" ]}\n");
        String running = file("running.json");

        try (StateMount mount = StateMount.readOnly(lab.stateDir)) {
            assertThrows(IOException.class, () -> Files.writeString(mount.dir().resolve("probe"), "x"),
                    "the state directory is read-only");

            Commands.Result boot = lab.agent("boot");
            assertEquals(0, boot.exitCode(), boot.all());
            assertEquals("RUNNING", lab.state(db));
            assertEquals("RUNNING", lab.state(web), "a read-only state directory does not keep containers down");
            assertTrue(boot.stderr().contains("Cannot record the boot in " + lab.stateDir.resolve("last-boot.json")
                    + ": read-only file system; status, blame and plot will show the previous boot"), boot.all());
            assertTrue(boot.stderr().contains("Cannot keep the LXC log of '" + web + "'"), boot.all());
            assertNoStackTrace(boot);
            assertEquals(lastBoot, file("last-boot.json"));

            Commands.Result blame = lab.agent("blame");
            assertEquals(0, blame.exitCode(), blame.all());

            Commands.Result shutdown = lab.agent("shutdown");
            assertEquals(0, shutdown.exitCode(), shutdown.all());
            assertEquals("STOPPED", lab.state(db));
            assertEquals("STOPPED", lab.state(web));
            assertTrue(shutdown.stderr().contains("Cannot record the running containers in "
                    + lab.stateDir.resolve("running.json") + ": read-only file system; on-boot = restore will use the"
                    + " record of an earlier shutdown"), shutdown.all());
            assertTrue(shutdown.stderr().contains("Cannot record the shutdown in " + lab.stateDir.resolve("last-shutdown.json")
                    + ": read-only file system; plot will show the previous shutdown"), shutdown.all());
            assertNoStackTrace(shutdown);
            assertEquals(lastShutdown, file("last-shutdown.json"));
            assertEquals(running, file("running.json"));
            assertEquals(List.of(), temporaries());
        }
    }

    @Test
    void fullStateDirectory() throws Exception {
        twoContainers();
        Files.createDirectories(lab.stateDir);
        // Room for the records, the lock and the LXC logs of the first runs, a page each; then filled.
        try (StateMount mount = StateMount.tmpfs(lab.stateDir, "64k")) {
            recordABootAndAShutdown();
            String lastBoot = file("last-boot.json");
            mount.fill();

            Commands.Result boot = lab.agent("boot");
            assertEquals(0, boot.exitCode(), boot.all());
            assertEquals("RUNNING", lab.state(db));
            assertEquals("RUNNING", lab.state(web), "a full state directory does not keep containers down");
            assertTrue(boot.stderr().contains("Cannot record the boot in " + lab.stateDir.resolve("last-boot.json")
                    + ": no space left on device; status, blame and plot will show the previous boot"), boot.all());
            assertNoStackTrace(boot);
            assertEquals(lastBoot, file("last-boot.json"), "the previous record is whole");
            assertEquals(List.of(), temporaries(), "the failed write took its temporary file away");

            Commands.Result shutdown = lab.agent("shutdown");
            assertEquals(0, shutdown.exitCode(), shutdown.all());
            assertEquals("STOPPED", lab.state(db));
            assertEquals("STOPPED", lab.state(web));
            assertTrue(shutdown.stderr().contains("Cannot record the running containers in "
                    + lab.stateDir.resolve("running.json") + ": no space left on device; on-boot = restore will start"
                    + " every entry"), shutdown.all());
            assertFalse(Files.exists(lab.stateDir.resolve("running.json")), "no stale list for on-boot = restore");
            assertNoStackTrace(shutdown);
            // Removing running.json freed a page, so the shutdown record may have fitted; whole either way.
            assertEquals("shutdown", new ObjectMapper().readTree(file("last-shutdown.json")).get("kind").asText());
            assertEquals(List.of(), temporaries());
        }
    }

    private static void assertNoStackTrace(Commands.Result result) {
        assertFalse(result.stderr().contains("Exception") || result.stderr().contains("\tat "), result.all());
    }

    private List<Path> temporaries() throws IOException {
        try (Stream<Path> files = Files.list(lab.stateDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
