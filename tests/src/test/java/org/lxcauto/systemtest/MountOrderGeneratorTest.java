package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code units/lxc-auto-generator}, the systemd generator that orders lxc-auto.service after the
 * mount units of the {@code needs = mount:PATH} gates, run as systemd runs it (with {@code /bin/sh},
 * the output directory as its first argument) over entry files of a temporary directory: what
 * it writes for good entries, to the byte, and that hostile or malformed tokens write nothing and
 * never make it fail. {@link MountOrderTest} shows the ordering in a booted systemd.
 */
class MountOrderGeneratorTest {

    static final Path GENERATOR = Lab.ROOT.resolve("units/lxc-auto-generator");

    private Path dir;
    private Path auto;
    private Path out;

    @BeforeEach
    void directories() throws IOException {
        dir = Files.createTempDirectory("lxc-auto-generator-");
        auto = Files.createDirectory(dir.resolve("auto"));
        out = Files.createDirectory(dir.resolve("normal"));
    }

    @AfterEach
    void remove() {
        Commands.run("rm", "-rf", "--one-file-system", dir.toString());
    }

    @Test
    void ordersTheAgentAfterTheMountUnitOfEveryNeededPathOnce() throws IOException {
        Lab.write(auto.resolve("web.conf"), "[container]\nname = web\n"
                + "needs = mount:/srv/data unit:db.service tcp:db.example.org:5432 ; mount:/srv/commented\n");
        Lab.write(auto.resolve("db.conf"), "[container]\nname = db\n"
                + "  needs=mount:/srv/un-data-1 \\\n    mount:/var/lib/x.y_z,mount:/srv/data\n"
                + "# needs = mount:/srv/comment\nneeds-not = mount:/srv/other-key\n");
        Lab.write(auto.resolve("old.conf.example"), "needs = mount:/srv/example\n");

        Commands.Result run = generate();

        assertEquals(0, run.exitCode(), run.all());
        assertEquals("", run.stdout() + run.stderr());
        assertEquals(List.of(out.resolve("lxc-auto.service.d/needs-mounts.conf")), written());
        assertEquals("# Written by lxc-auto-generator from " + auto + "/*.conf at boot or daemon-reload.\n"
                + "# Containers with 'needs = mount:PATH' run only while PATH is mounted: stop lxc-auto\n"
                + "# (and so its containers) before these file systems are unmounted.\n"
                + "[Unit]\n"
                + "After=srv-un\\x2ddata\\x2d1.mount\n"
                + "After=var-lib-x.y_z.mount\n"
                + "After=srv-data.mount\n",
                Files.readString(out.resolve("lxc-auto.service.d/needs-mounts.conf")));
    }

    @Test
    void hostileOrMalformedTokensWriteNothingAndNeverFail() throws IOException {
        Path victim = Files.createFile(dir.resolve("victim"));
        Lab.write(auto.resolve("bad.conf"), String.join("\n",
                "[container]",
                "needs = mount:/x;rm -rf " + victim,
                "needs = mount:relative mount:srv/data mount:/a\\ b",
                "needs = \"mount:/a b\" mount:/a$(touch " + dir.resolve("ran") + ") mount:/a`id`",
                "needs = mount:/a/../etc mount:/a/./b mount:/a//b mount:/a/.. mount:/* mount:/srv/[ab]",
                "needs = mount:/srv/\u00e9t\u00e9 mount:/srv/cr\r",
                "needs",
                "needs =",
                "needs = \\",
                ""));
        Lab.write(auto.resolve("binary.conf"), "\u0000\u0001needs = mount:/\u0000x\n");

        Commands.Result run = generate();

        assertEquals(0, run.exitCode(), run.all());
        assertEquals("", run.stdout() + run.stderr());
        assertEquals(List.of(), written());
        assertTrue(Files.exists(victim));
        assertFalse(Files.exists(dir.resolve("ran")), "nothing of an entry is ever run");
    }

    @Test
    void withoutEntriesOrArgumentsItWritesNothingAndSucceeds() throws IOException {
        assertEquals(0, generate().exitCode());
        assertEquals(List.of(), written(), "no entries: no drop-in");
        Commands.Result missing = Commands.run(List.of("sh", GENERATOR.toString(), out.toString()),
                Map.of("LXC_AUTO_DIR", dir.resolve("missing").toString()), 30);
        assertEquals(0, missing.exitCode(), missing.all());
        assertEquals(0, Commands.run(List.of("sh", GENERATOR.toString()), Map.of(), 30).exitCode());
        assertEquals(List.of(), written());
    }

    private Commands.Result generate() {
        // systemd passes three directories: normal, early, late; only the first is written.
        return Commands.run(List.of("sh", GENERATOR.toString(), out.toString(), dir.resolve("early").toString(),
                dir.resolve("late").toString()), Map.of("LXC_AUTO_DIR", auto.toString()), 30);
    }

    private List<Path> written() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> !f.startsWith(auto) && !f.getFileName().toString().equals("victim"))
                    .sorted().toList();
        }
    }
}
