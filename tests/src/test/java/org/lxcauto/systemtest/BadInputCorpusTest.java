package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.lxcauto.systemtest.BadInputCase.Diagnostic;

/**
 * Bad input on real LXC (docs/configuration.md, how problems are reported): a corpus of bad
 * configuration (syntax errors, typos, bad values, unsafe files, broken symlinks, duplicate names,
 * a dependency cycle, missing containers and dependencies) lies next to two healthy containers.
 * {@code check} must locate every problem as {@code FILE:LINE: message} and say how to fix it;
 * {@code boot} must still start the healthy ones in order and start none of the bad ones.
 *
 * <p>Each expected diagnostic is its own dynamic test, so one wrong message does not hide the
 * others.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputCorpusTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Lab lab;
    private BadInputCorpus corpus;
    private Commands.Result check;
    private List<Diagnostic> diagnostics;
    /** Every run of the agent on the corpus, to look for crashes in: check, plan, boot. */
    private final List<Commands.Result> runs = new java.util.ArrayList<>();
    /** State-file damage tried on status and blame, and those answered naming the file and why. */
    private final List<String> stateTried = new java.util.ArrayList<>();
    private final List<String> stateAnswered = new java.util.ArrayList<>();

    @BeforeAll
    void writeCorpus() throws IOException {
        lab = Lab.create();
        corpus = BadInputCorpus.build(lab);
        check = lab.agent("check");
        runs.add(check);
        diagnostics = Diagnostic.parse(check.stdout());
    }

    @AfterAll
    void cleanUp() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Order(1)
    void checkRejectsTheCorpusAndLeavesTheHealthyEntriesAlone() {
        System.out.println(check.all());
        assertEquals(78, check.exitCode(), check.all());
        long titles = corpus.cases.stream().map(BadInputCase::title).map(t -> t.replaceFirst(" \\(.*\\)$", "")).distinct().count();
        assertTrue(titles >= 35, "the corpus has only " + titles + " bad inputs");
        for (var good : List.of(corpus.good1, corpus.good2)) {
            assertTrue(diagnostics.stream().noneMatch(d -> d.file().equals(good)), good + " is healthy\n" + check.all());
        }
    }

    @TestFactory
    @Order(2)
    Stream<DynamicTest> checkLocatesEveryProblemAndSaysHowToFixIt() {
        return corpus.cases.stream().map(c -> DynamicTest.dynamicTest(c.title(), () -> {
            String printed = diagnostics.stream().filter(d -> d.file().equals(c.file())).map(Diagnostic::text)
                    .collect(Collectors.joining("\n"));
            assertFalse(printed.isEmpty(), "no FILE:LINE: message line for " + c.file() + "\n" + check.stdout());
            assertTrue(diagnostics.stream().anyMatch(c::matches), c.title() + ": expected " + c.file() + ":" + c.line()
                    + ": <message containing " + c.words() + ">\nbut the agent printed for that file:\n" + printed);
        }));
    }

    @Test
    @Order(3)
    void planExcludesTheCycleAndTheMissingDependency() throws IOException {
        Commands.Result plan = lab.agent("plan", "--json");
        runs.add(plan);
        assertEquals(78, plan.exitCode(), "plan of an invalid configuration\n" + plan.all());
        JsonNode document = JSON.readTree(plan.stdout());
        Map<String, JsonNode> excluded = new LinkedHashMap<>();
        document.get("excluded").forEach(e -> excluded.put(e.get("name").asText(), e));
        Map<String, JsonNode> steps = new LinkedHashMap<>();
        document.get("steps").forEach(s -> steps.put(s.get("name").asText(), s));

        List<String> cycle = List.of(lab.name("cycle1"), lab.name("cycle2"), lab.name("cycle3"));
        for (String member : cycle) {
            JsonNode e = excluded.get(member);
            assertNotNull(e, member + " must be excluded\n" + plan.stdout());
            assertTrue(e.get("failure").asBoolean(), e.toString());
            String reason = e.get("reason").asText();
            assertTrue(reason.contains("dependency cycle") && cycle.stream().allMatch(reason::contains), reason);
        }
        JsonNode orphan = excluded.get(lab.name("orphan"));
        assertNotNull(orphan, "orphan must be excluded\n" + plan.stdout());
        assertTrue(orphan.get("failure").asBoolean(), orphan.toString());
        assertTrue(orphan.get("reason").asText().contains("needs '" + lab.name("nosuch") + "'"), orphan.toString());
        assertEquals(lab.autoDir.resolve(lab.name("orphan") + ".conf").toString(), orphan.get("file").asText(),
                "an exclusion's file is a plain path, as a step's");

        JsonNode good2 = steps.get(lab.name("good2"));
        assertNotNull(good2, "good2 must be planned\n" + plan.stdout());
        assertEquals(List.of(lab.name("good1")), JSON.convertValue(good2.get("requires"), List.class));
        assertEquals(List.of(lab.name("good1"), lab.name("good2")), List.copyOf(steps.keySet()),
                "only the healthy containers are planned to start\n" + plan.stdout());
    }

    @Test
    @Order(4)
    void bootStartsTheHealthyContainersInOrderAndNoBadOne() throws IOException {
        Commands.Result boot = lab.agent("boot");
        runs.add(boot);
        System.out.println(boot.all());
        assertEquals(2, boot.exitCode(), "some failed\n" + boot.all());

        String good1 = lab.name("good1");
        String good2 = lab.name("good2");
        assertEquals("RUNNING", lab.state(good1), boot.all());
        assertEquals("RUNNING", lab.state(good2), boot.all());
        double ready1 = lab.events(good1).get("ready");
        double start2 = lab.events(good2).get("start");
        assertTrue(start2 >= ready1, "good2 started at " + start2 + " before good1 was ready at " + ready1);

        String stderr = boot.stderr();
        for (String member : List.of("cycle1", "cycle2", "cycle3")) {
            assertTrue(stderr.lines().anyMatch(l -> l.contains("Cannot start '" + lab.name(member) + "'")
                    && l.contains("dependency cycle")), member + " cycle not reported\n" + stderr);
        }
        assertTrue(stderr.contains("Cannot start '" + lab.name("orphan") + "': needs '" + lab.name("nosuch") + "'"),
                "missing dependency not reported\n" + stderr);
        // Every configuration problem check printed is also in the boot log (docs/configuration.md,
        // how problems are reported).
        assertAll(diagnostics.stream().filter(d -> !d.message().contains("cannot start:")).map(d -> () ->
                assertTrue(stderr.contains(d.text()), "boot did not report: " + d.text())));

        // Last, so that a bad container that did start does not hide the checks above.
        assertFalse(Files.exists(lab.dir.resolve("evil")), "name = ../evil escaped the lxcpath");
        assertAll(corpus.existing.stream().map(shortName -> () -> {
            String name = lab.name(shortName);
            assertFalse(lab.events(name).containsKey("start"), name + " has a bad configuration and must not start");
            assertEquals("STOPPED", lab.state(name), name);
        }));
    }

    /** Damaged state files, after the corpus's boot recorded one: each named, with why, by status and blame. */
    @Test
    @Order(5)
    void damagedStateFilesAreNamedAndTheCommandsGoOn() throws Exception {
        java.nio.file.Path record = lab.stateDir.resolve("last-boot.json");
        String good = Files.readString(record);
        for (Map.Entry<String, DamagedStateTest.Damage> damage : DamagedStateTest.damages().entrySet()) {
            Files.deleteIfExists(record);
            if (Files.isDirectory(record)) {
                Files.delete(record);
            }
            Files.writeString(record, good);
            damage.getValue().maker().to(record);
            String title = "last-boot.json " + damage.getKey();
            for (String command : List.of("status", "blame")) {
                Commands.Result run = lab.agent(command);
                runs.add(run);
                String said = run.stdout() + run.stderr();
                if (said.contains(record + ": damaged (") && said.contains(damage.getValue().reason())) {
                    stateAnswered.add(title + " (" + command + ")");
                }
                stateTried.add(title + " (" + command + ")");
            }
            if (Files.isDirectory(record)) {
                Files.delete(record);
            }
        }
        Files.deleteIfExists(record);
        assertEquals(stateTried, stateAnswered);
    }

    /**
     * The corpus in one line, for the run's log: every bad input answered with a located
     * diagnostic, no run that crashed (a stack trace, an OutOfMemoryError, an exit status the
     * agent does not define), no bad container started.
     */
    @Test
    @Order(6)
    void summary() throws IOException {
        List<String> titles = corpus.cases.stream().map(BadInputCase::title).map(t -> t.replaceFirst(" \\(.*\\)$", ""))
                .distinct().toList();
        long answered = titles.stream().filter(title -> corpus.cases.stream()
                .filter(c -> c.title().replaceFirst(" \\(.*\\)$", "").equals(title))
                .allMatch(c -> diagnostics.stream().anyMatch(c::matches))).count();
        List<Commands.Result> crashed = runs.stream().filter(BadInputCorpusTest::crashed).toList();
        List<String> started = new java.util.ArrayList<>();
        for (String shortName : corpus.existing) {
            if (lab.events(lab.name(shortName)).containsKey("start")) {
                started.add(lab.name(shortName));
            }
        }
        int tried = titles.size() + stateTried.size();
        long located = answered + stateAnswered.size();
        System.out.println("bad-input corpus: " + tried + " bad inputs tried, " + located
                + " answered with a located error, " + crashed.size() + " crashes, " + started.size()
                + " containers started that should not be");
        assertEquals(tried, located);
        assertEquals(List.of(), crashed.stream().map(Commands.Result::all).toList());
        assertEquals(List.of(), started);
    }

    private static boolean crashed(Commands.Result run) {
        String output = run.stdout() + run.stderr();
        return !List.of(0, 1, 2, 3, 78).contains(run.exitCode()) || output.contains("Exception in thread")
                || output.contains("OutOfMemoryError") || output.lines().anyMatch(l -> l.startsWith("\tat "));
    }
}
