package org.lxcauto.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state files, byte for byte as docs/formats.md shows them and as earlier versions wrote them:
 * field order, spacing, {@code null}s, ISO-8601 times with their own precision, escapes and
 * non-ASCII text. A record written by an earlier version reads back whole.
 */
class RecordFormatTest {

    @TempDir
    Path dir;

    static RunRecord boot() {
        RunRecord before = bootBeforeNeeds();
        ContainerRecord db = before.containers().get(0);
        Instant waitBegan = Instant.parse("2026-12-04T21:14:01.2Z");
        NeedsRecord needs = new NeedsRecord(waitBegan, db.begin(), List.of(
                new NeedsRecord.Need("mount:/srv/data", Instant.parse("2026-12-04T21:14:01.5Z")),
                new NeedsRecord.Need("tcp:[2001:db8::5]:5432", db.begin())));
        List<ContainerRecord> containers = new java.util.ArrayList<>(before.containers());
        containers.set(0, new ContainerRecord(db.name(), db.outcome(), db.waitedFor(), db.begin(), db.end(), db.released(),
                db.ipv4(), db.error(), needs));
        return new RunRecord(before.kind(), before.started(), before.finished(), before.exitCode(), containers,
                before.excluded(), before.interfaces());
    }

    /** The record as versions without {@code needs} wrote it. */
    static RunRecord bootBeforeNeeds() {
        Instant t0 = Instant.parse("2026-12-04T21:14:01.564226336Z");
        Instant t1 = Instant.parse("2026-12-04T21:14:02.100Z");
        Instant t2 = Instant.parse("2026-12-04T21:14:03Z");
        Instant t3 = Instant.parse("2026-12-04T21:14:03.000001Z");
        return new RunRecord("boot", t0, t3, 2, List.of(
                new ContainerRecord("db", Outcome.READY, List.of(), t0, t1, t2, "10.0.3.11", null),
                new ContainerRecord("web", Outcome.FAILED, List.of("db", "cache"), t1, null, null, null,
                        "Cannot start 'web': lxc-start failed: \"bridge\" \\ missing\n\ttab \u0001 caf\u00e9 \u2603 </x>"),
                new ContainerRecord("mail", Outcome.SKIPPED, List.of("web"), null, null, null, null, "needs 'web'")),
                List.of(new RunRecord.Excluded("cache", "dependency cycle: cache -> cache", true),
                        new RunRecord.Excluded("old", "not selected", false)),
                List.of(new InterfaceRecord("lxcbr0", "kernel", true, null, t0, t1),
                        new InterfaceRecord("br1", "NetworkManager", false, "not up after 30s", t0, null)));
    }

    static RunRecord emptyShutdown() {
        Instant t0 = Instant.parse("2026-12-04T21:14:01.564226336Z");
        return new RunRecord("shutdown", t0, t0, 0, List.of(), List.of(), List.of());
    }

    @Test
    void runRecordsKeepTheirFormat() throws IOException {
        StateStore store = new StateStore(dir);
        store.saveRun(boot());
        store.saveRun(emptyShutdown());
        assertEquals(golden("last-boot.json"), Files.readString(store.runFile("boot")));
        assertEquals(golden("last-shutdown.json"), Files.readString(store.runFile("shutdown")));
    }

    @Test
    void runningListKeepsItsFormat() throws IOException {
        StateStore store = new StateStore(dir);
        store.saveRunning(List.of("db", "web"));
        assertEquals(golden("running.json"), Files.readString(store.runningFile()));
        store.saveRunning(List.of());
        assertEquals(golden("running-empty.json"), Files.readString(store.runningFile()));
    }

    @Test
    void recordsReadBackWhole() throws IOException {
        StateStore store = new StateStore(dir);
        Files.writeString(store.runFile("boot"), golden("last-boot.json"));
        assertEquals(boot(), store.lastRun("boot").orElseThrow());
    }

    @Test
    void recordsWrittenEarlierReadBackWhole() throws IOException {
        StateStore store = new StateStore(dir);
        Files.writeString(store.runFile("boot"), golden("last-boot-before-needs.json"));
        Files.writeString(store.runFile("shutdown"), golden("last-shutdown.json"));
        Files.writeString(store.runningFile(), golden("running.json"));
        assertEquals(bootBeforeNeeds(), store.lastRun("boot").orElseThrow());
        assertEquals(emptyShutdown(), store.lastRun("shutdown").orElseThrow());
        assertEquals(List.of("db", "web"), store.lastRunning().orElseThrow());
    }

    static String golden(String name) throws IOException {
        try (InputStream in = RecordFormatTest.class.getResourceAsStream("/formats/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
