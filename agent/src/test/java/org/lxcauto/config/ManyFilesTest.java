package org.lxcauto.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large configurations are read on several threads ({@link ParallelReads}); what the loader
 * reports must not depend on that: every entry, every problem in file order, the same broken set
 * as reading one file after another.
 */
class ManyFilesTest {

    @TempDir
    Path root;

    @Test
    void readsInParallelKeepTheOrderOfTheFiles() throws Exception {
        List<Integer> items = IntStream.range(0, 2000).boxed().toList();
        List<String> out = ParallelReads.map(items, i -> {
            if (i % 97 == 0) {
                Thread.yield(); // let another reader overtake
            }
            return Thread.currentThread().getName().startsWith("config-read") ? "h" + i : "m" + i;
        });
        assertEquals(items.size(), out.size());
        for (int i = 0; i < items.size(); i++) {
            assertEquals(String.valueOf(i), out.get(i).substring(1));
        }
    }

    @Test
    void aFailingReadFailsTheWholeLoad() {
        List<Integer> items = IntStream.range(0, 500).boxed().toList();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ParallelReads.map(items, i -> {
            if (i == 321) {
                throw new IllegalStateException("bug at 321");
            }
            return i;
        }));
        assertEquals("bug at 321", e.getMessage());
    }

    @Test
    void manyEntriesReportLikeFewWithProblemsInFileOrder() throws Exception {
        TempConfig etc = new TempConfig(root);
        etc.agent("[agent]");
        List<String> expectedBroken = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String name = String.format(Locale.ROOT, "c%03d", i);
            etc.container(name, "lxc.net.0.type = empty", i % 50 == 0 ? "lxc.start.order = x" : "lxc.uts.name = " + name);
            if (i % 37 == 5) {
                etc.entry(name + ".conf", "[container]", "after = " + name); // lists itself
                expectedBroken.add(name);
            } else if (i % 41 == 7) {
                etc.entry(name + ".conf", "key without section = 1");
                expectedBroken.add(name);
            } else if (i % 43 == 9) {
                Files.delete(etc.lxcpath.resolve(name).resolve("config"));
                etc.entry(name + ".conf", "[container]");
                expectedBroken.add(name);
            } else {
                etc.entry(name + ".conf", "[container]", i > 0 ? "after = " + String.format(Locale.ROOT, "c%03d", i - 1)
                        : "order = 1");
            }
        }
        Configuration config = etc.load();
        assertEquals(java.util.Set.copyOf(expectedBroken), config.broken().keySet());
        assertEquals(300 - expectedBroken.size(), config.entries().size());
        // Problems come in the order the files were read: the entries by name, then the container
        // configs of the lxcpath scan by name, however the threads interleaved.
        // (A missing container is found when configs are attached, after the scan: a phase of its own.)
        List<String> entryProblems = config.problems().stream().filter(p -> !p.message().contains("not found"))
                .map(p -> p.file().getFileName().toString()).filter(f -> f.endsWith(".conf")).toList();
        assertEquals(entryProblems.stream().sorted().toList(), entryProblems);
        assertTrue(entryProblems.size() >= 2 * 8, "the broken entries are reported: " + config.problems());
        List<String> notFound = config.problems().stream().filter(p -> p.message().contains("not found"))
                .map(p -> p.container()).toList();
        assertEquals(List.of("c009", "c052", "c095", "c138", "c181", "c224", "c267"), notFound);
        List<String> scanProblems = config.problems().stream().filter(p -> p.file().getFileName().toString().equals("config"))
                .map(p -> p.file().getParent().getFileName().toString()).toList();
        assertEquals(scanProblems.stream().sorted().toList(), scanProblems);
        assertEquals(List.of("c000", "c050", "c100", "c150", "c200", "c250"),
                scanProblems.stream().distinct().toList().subList(0, 6));
    }
}
