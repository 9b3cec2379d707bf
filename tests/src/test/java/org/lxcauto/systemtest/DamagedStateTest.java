package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Damaged state files on real LXC (docs/formats.md, state files): a truncated, empty, binary,
 * {@code null}, huge last-boot.json, or a directory or FIFO in its place. {@code status} shows the
 * live state of the real containers with a warning naming the file and the damage; {@code blame}
 * says the same and fails; {@code plot} draws the shutdown it can still read; none hangs or
 * prints a stack trace, and the next boot rewrites the file. A damaged running.json makes
 * {@code on-boot = restore} start every entry, and says so.
 */
class DamagedStateTest extends LabTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Each kind of damage, by name: how to make it, and the reason the agent must give for it. */
    static Map<String, Damage> damages() {
        Map<String, Damage> damages = new LinkedHashMap<>();
        damages.put("truncated", new Damage("unexpected end of JSON at line ", f -> {
            String whole = Files.readString(f);
            Files.writeString(f, whole.substring(0, whole.length() / 2));
        }));
        damages.put("empty", new Damage("empty file", f -> Files.write(f, new byte[0])));
        damages.put("binary", new Damage("invalid JSON at line 1, column ", f -> Files.write(f,
                new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, (byte) 0xff, 0x1b, '[', '2', 'J'})));
        damages.put("null", new Damage("the document is 'null', not a run record", f -> Files.writeString(f, "null\n")));
        damages.put("huge", new Damage("more than the 16 MiB a state file may hold", f -> {
            try (RandomAccessFile file = new RandomAccessFile(f.toFile(), "rw")) {
                file.setLength(64L << 20); // sparse
            }
        }));
        damages.put("directory", new Damage("a directory, not a file", f -> {
            Files.delete(f);
            Files.createDirectory(f);
        }));
        damages.put("fifo", new Damage("a FIFO, not a regular file", f -> {
            Files.delete(f);
            Commands.ok("mkfifo", f.toString());
        }));
        return damages;
    }

    @Test
    void statusBlameAndPlotNameTheDamagedRecordAndGoOn() throws Exception {
        String db = lab.container("db", "", Map.of());
        lab.entry("db", "[container]\nname = " + db + "\n");
        assertEquals(0, lab.agent("boot").exitCode());
        assertEquals(0, lab.agent("shutdown").exitCode());
        assertEquals(0, lab.agent("boot").exitCode());
        assertEquals("RUNNING", lab.state(db));
        Path record = lab.stateDir.resolve("last-boot.json");
        String good = Files.readString(record);

        for (Map.Entry<String, Damage> damage : damages().entrySet()) {
            String what = damage.getKey();
            Files.writeString(record, good);
            damage.getValue().maker().to(record);
            String named = record + ": damaged (";

            Commands.Result status = lab.agent("status");
            assertEquals(3, status.exitCode(), what + "\n" + status.all());
            assertTrue(status.stdout().contains(db) && status.stdout().contains("running"),
                    what + ": the live state is shown\n" + status.all());
            assertTrue(status.stdout().contains("last boot: unknown (its record is damaged"), what + "\n" + status.all());
            assertTrue(status.stderr().contains("lxc-auto: warning: " + named), what + "\n" + status.all());
            assertTrue(status.stderr().contains(damage.getValue().reason()), what + "\n" + status.all());
            assertTrue(status.stderr().contains("; showing the live state only"), what + "\n" + status.all());
            assertNoStackTrace(what, status);

            Commands.Result blame = lab.agent("blame");
            assertEquals(1, blame.exitCode(), what + "\n" + blame.all());
            assertTrue(blame.stderr().startsWith("lxc-auto: " + named), what + "\n" + blame.all());
            assertTrue(blame.stderr().contains(damage.getValue().reason()), what + "\n" + blame.all());
            assertNoStackTrace(what, blame);

            Commands.Result plot = lab.agent("plot");
            assertEquals(0, plot.exitCode(), what + "\n" + plot.all());
            assertTrue(plot.stdout().contains(">Shutdown "), what + ": the shutdown is still drawn\n" + plot.all());
            assertTrue(plot.stderr().contains("lxc-auto: warning: " + named), what + "\n" + plot.all());
            assertTrue(plot.stderr().contains("; plotting the shutdown only"), what + "\n" + plot.all());
            assertNoStackTrace(what, plot);

            Files.delete(record);
        }

        // The JSON status carries the warning too, and the next boot rewrites a damaged record.
        Files.writeString(record, good.substring(0, 200));
        JsonNode json = JSON.readTree(lab.agent("status", "--json").stdout());
        assertTrue(json.get("warning").asText().startsWith(record + ": damaged (unexpected end of JSON at line "), json.toString());
        assertEquals("running", json.get("containers").get(0).get("state").asText(), json.toString());
        Commands.Result again = lab.agent("boot");
        assertEquals(0, again.exitCode(), again.all());
        assertEquals(0, lab.agent("blame").exitCode(), "the boot rewrote the record");
        assertEquals(1, JSON.readTree(record.toFile()).get("containers").size());
    }

    @Test
    void restoreWithADamagedRunningListStartsEveryEntry() throws Exception {
        String a = lab.container("a", "", Map.of());
        String b = lab.container("b", "", Map.of());
        lab.entry("a", "[container]\nname = " + a + "\n");
        lab.entry("b", "[container]\nname = " + b + "\n");
        lab.agentConfig("on-boot = restore");
        Files.createDirectories(lab.stateDir);
        Path running = lab.stateDir.resolve("running.json");

        // With a good record, restore starts only what it lists: the damaged case below is a fallback, not the rule.
        Files.writeString(running, "{\"containers\" : [ \"" + a + "\" ]}\n");
        Commands.Result restore = lab.agent("boot");
        assertEquals(0, restore.exitCode(), restore.all());
        assertEquals("RUNNING", lab.state(a));
        assertEquals("STOPPED", lab.state(b));
        lab.lxc("lxc-stop", "-P", lab.lxcpath.toString(), "-n", a, "-k");

        Map<String, String> damaged = new LinkedHashMap<>();
        damaged.put("truncated", "unexpected end of JSON at line 1, column ");
        damaged.put("fifo", "a FIFO, not a regular file"); // a boot that opened it would hang for ever
        for (Map.Entry<String, String> damage : damaged.entrySet()) {
            Files.deleteIfExists(running);
            if (damage.getKey().equals("fifo")) {
                Commands.ok("mkfifo", running.toString());
            } else {
                Files.writeString(running, "{\"containers\" : [ \"" + a + "\"");
            }
            Commands.Result boot = lab.agent("boot");
            assertEquals(0, boot.exitCode(), boot.all());
            assertEquals("RUNNING", lab.state(a), damage.getKey() + "\n" + boot.all());
            assertEquals("RUNNING", lab.state(b), damage.getKey() + ": every entry starts\n" + boot.all());
            assertTrue(boot.stderr().contains("on-boot = restore, but " + running + ": damaged (" + damage.getValue()),
                    boot.all());
            assertTrue(boot.stderr().contains("; starting every entry, as on-boot = start would"), boot.all());
            assertNoStackTrace(damage.getKey(), boot);
            for (String name : new String[] {a, b}) {
                lab.lxc("lxc-stop", "-P", lab.lxcpath.toString(), "-n", name, "-k");
            }
        }
    }

    private static void assertNoStackTrace(String what, Commands.Result result) {
        assertFalse(result.stderr().contains("Exception") || result.stderr().contains("\tat "), what + "\n" + result.all());
    }

    /** A kind of damage, and the words the agent must use for it. */
    record Damage(String reason, Maker maker) {
    }

    /** Damages a state file that holds a good record. */
    @FunctionalInterface
    interface Maker {
        void to(Path file) throws IOException;
    }
}
