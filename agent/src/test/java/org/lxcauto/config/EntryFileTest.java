package org.lxcauto.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lxcauto.config.Entries.lxc;
import static org.lxcauto.config.TempConfig.entryNamed;
import static org.lxcauto.config.TempConfig.names;
import static org.lxcauto.config.TempConfig.problemContaining;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * lxc-auto INI entries ({@code AUTO_DIR/NAME.conf}; docs/configuration.md, lxc-auto entries) read
 * through ConfigurationLoader.
 */
class EntryFileTest {

    @TempDir
    Path root;
    TempConfig t;

    @BeforeEach
    void setUp() {
        t = new TempConfig(root);
    }

    @Test
    void everyKeyIsParsed() {
        Path otherLxcpath = root.resolve("srv-lxc");
        TempConfig.write(otherLxcpath.resolve("www/config"), "lxc.net.0.type = veth", "lxc.net.0.link = br0");
        t.entry("web.conf",
                "[container]",
                "name = www",
                "lxcpath = " + otherLxcpath,
                "after = db cache",
                "wants = metrics, logs",
                "order = 10 ; first",
                "start-delay = 5",
                "ready = tcp:8080",
                "start-timeout = 90",
                "stop-timeout = 0",
                "ephemeral = yes",
                "restart = on-failure");
        Configuration config = t.load();
        assertEquals(List.of(), config.problems());
        ContainerEntry e = entryNamed(config, "www");
        assertEquals(otherLxcpath, lxc(e).lxcpath());
        assertEquals(List.of("db", "cache"), e.after());
        assertEquals(List.of("metrics", "logs"), e.wants());
        assertEquals(10, e.order());
        assertEquals(Duration.ofSeconds(5), e.startDelay());
        assertEquals(new Readiness.Tcp(8080), e.ready());
        assertEquals(Duration.ofSeconds(90), e.startTimeout());
        assertEquals(Duration.ZERO, e.stopTimeout());
        assertTrue(lxc(e).ephemeral());
        assertEquals(RestartPolicy.ON_FAILURE, lxc(e).restart());
        assertEquals(ContainerEntry.Source.ENTRY, e.source());
        assertEquals(t.autoDir.resolve("web.conf"), e.file());
        assertEquals(1, e.line());
        assertEquals(0, e.groupRank());
        assertEquals(List.of("br0"), lxc(e).config().links());
    }

    @Test
    void emptySectionTakesFileNameAndAgentDefaults() {
        t.agent("[agent]", "start-timeout = 77", "stop-timeout = 11");
        t.container("db");
        t.entry("db.conf", "# database", "[container]");
        Configuration config = t.load();
        assertEquals(List.of(), config.problems());
        ContainerEntry e = entryNamed(config, "db");
        assertEquals(t.lxcpath, lxc(e).lxcpath());
        assertEquals(List.of(), e.after());
        assertEquals(List.of(), e.wants());
        assertEquals(0, e.order());
        assertEquals(Duration.ZERO, e.startDelay());
        assertEquals(new Readiness.Running(), e.ready());
        assertEquals(Duration.ofSeconds(77), e.startTimeout());
        assertEquals(Duration.ofSeconds(11), e.stopTimeout());
        assertFalse(lxc(e).ephemeral());
        assertEquals(RestartPolicy.NO, lxc(e).restart());
        assertEquals(2, e.line());
        assertEquals(t.lxcpath.resolve("db/config"), lxc(e).config().file());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "running                 | running",
        "ipv4                    | ipv4",
        "tcp:22                  | tcp:22",
        "exec:pg_isready -h 127.0.0.1 | exec:pg_isready -h 127.0.0.1",
        "exec:test  -f   /run/x  | exec:test -f /run/x"})
    void readySpecs(String spec, String shown) {
        t.container("db");
        t.entry("db.conf", "[container]", "ready = " + spec);
        ContainerEntry e = entryNamed(t.load(), "db");
        assertEquals(shown, e.ready().toString());
    }

    @Test
    void execArgvIsSplitOnWhitespaceWithoutAShell() {
        t.container("db");
        t.entry("db.conf", "[container]", "ready = exec:sh -c 'a b' $HOME");
        Readiness.Exec exec = assertInstanceOf(Readiness.Exec.class, entryNamed(t.load(), "db").ready());
        assertEquals(List.of("sh", "-c", "'a", "b'", "$HOME"), exec.argv());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tcp:http | port 'http' is not a number",
        "tcp:0    | outside 1-65535",
        "tcp:65536| outside 1-65535",
        "exec:    | needs a command",
        "always   | unknown readiness check"})
    void badReadySpecIsAnErrorAtItsLine(String spec, String detail) {
        t.container("db");
        t.entry("db.conf", "[container]", "", "ready = " + spec);
        Configuration config = t.load();
        Problem p = problemContaining(config, "invalid ready");
        assertTrue(p.message().contains(detail), p::message);
        assertTrue(p.message().contains(Readiness.SYNTAX), p::message);
        assertTrue(p.toString().startsWith(t.autoDir.resolve("db.conf") + ":3: invalid ready"), p::toString);
        assertEquals(List.of(), names(config));
        assertTrue(config.broken().containsKey("db"));
    }

    @Test
    void unknownKeySuggestsTheClosestKnownOne() {
        t.container("web");
        t.entry("web.conf", "[container]", "# deps", "afer = db");
        Configuration config = t.load();
        Problem p = problemContaining(config, "unknown key 'afer'");
        assertEquals(t.autoDir.resolve("web.conf") + ":3: unknown key 'afer'; did you mean 'after'?", p.toString());
        assertEquals("web", p.container());
        assertFalse(config.valid());
        assertEquals(p, config.broken().get("web"));
    }

    @Test
    void unknownKeyFarFromAnyKnownListsTheKnownKeys() {
        t.container("web");
        t.entry("web.conf", "[container]", "colour = blue");
        Problem p = problemContaining(t.load(), "unknown key 'colour'");
        assertTrue(p.message().contains("known keys in [container]: after, ephemeral"), p::message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "start-timeout = -5  | invalid start-timeout '-5'",
        "start-timeout = 0   | invalid start-timeout '0'",
        "stop-timeout = -1   | invalid stop-timeout '-1'",
        "stop-timeout = soon | invalid stop-timeout 'soon'",
        "start-delay = 1.5   | invalid start-delay '1.5'",
        "order = first       | invalid order 'first'",
        "ephemeral = maybe   | invalid ephemeral 'maybe': expected yes or no",
        "restart = sometimes | invalid restart 'sometimes': expected no",
        "lxcpath = lxc       | invalid lxcpath 'lxc': expected an absolute directory path"})
    void badValuesAreErrorsAtTheirLine(String line, String message) {
        t.container("web");
        t.entry("web.conf", "[container]", "name = web", line);
        Configuration config = t.load();
        Problem p = problemContaining(config, message);
        assertEquals(3, p.line(), p::toString);
        assertEquals(Problem.Severity.ERROR, p.severity());
        assertEquals(List.of(), names(config));
    }

    @Test
    void repeatedSingleValuedKeyIsAnError() {
        t.container("web");
        t.entry("web.conf", "[container]", "order = 1", "order = 2");
        Problem p = problemContaining(t.load(), "'order' is set again (first on line 2)");
        assertEquals(3, p.line());
    }

    @Test
    void repeatedAfterAccumulates() {
        t.container("web");
        t.entry("web.conf", "[container]", "after = db", "after = cache,db");
        assertEquals(List.of("db", "cache"), entryNamed(t.load(), "web").after());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "name = ../etc      | invalid container name '../etc'",
        "name = -rf         | invalid container name '-rf'",
        "after = a/b        | invalid container name 'a/b' in after",
        "wants = $(reboot)  | invalid container name '$(reboot)' in wants",
        "after = x web      | 'web' lists itself in after"})
    void invalidNamesAreRefused(String line, String message) {
        t.container("web");
        t.entry("web.conf", "[container]", line);
        Configuration config = t.load();
        Problem p = problemContaining(config, message);
        assertEquals(2, p.line());
        assertTrue(p.message().contains(Names.CONTAINER_RULE) || message.contains("itself"), p::message);
        assertEquals(List.of(), names(config));
    }

    @Test
    void sectionProblemsAreReported() {
        t.container("a");
        t.entry("a.conf", "[container]", "[extra]", "x = 1", "[container]");
        t.entry("b.conf", "order = 1");
        t.entry("c.conf", "# nothing");
        Configuration config = t.load();
        assertEquals(2, problemContaining(config, "unknown section [extra]").line());
        assertEquals(4, problemContaining(config, "[container] appears again (first on line 1)").line());
        assertEquals(1, problemContaining(config, "syntax error").line());
        Problem none = problemContaining(config, "no [container] section");
        assertEquals(t.autoDir.resolve("c.conf"), none.file());
        assertTrue(config.broken().containsKey("b"));
        assertTrue(config.broken().containsKey("c"));
    }

    @Test
    void sameNameInTwoEntryFilesIsAnErrorForThatContainerOnly() {
        t.container("web");
        t.container("db");
        t.entry("a-web.conf", "[container]", "name = web");
        t.entry("web.conf", "# web", "[container]");
        t.entry("db.conf", "[container]");
        Configuration config = t.load();
        assertEquals(List.of("db"), names(config));
        List<Problem> twice = config.problems().stream().filter(p -> p.message().contains("named twice")).toList();
        assertEquals(2, twice.size(), config.problems()::toString);
        // Each is located at the line that names the container: 'name =' in one, the section in the other.
        assertEquals(t.autoDir.resolve("a-web.conf") + ":2: container 'web' is named twice: "
                + t.autoDir.resolve("a-web.conf") + ":2 (lxc-auto entry) and " + t.autoDir.resolve("web.conf")
                + ":2 (lxc-auto entry); keep one: remove or rename the other file",
                twice.get(0).toString());
        assertTrue(twice.get(1).toString().startsWith(t.autoDir.resolve("web.conf") + ":2: "), twice.get(1)::toString);
        assertTrue(config.broken().containsKey("web"));
    }

    @Test
    void sameContainerAsEntryAndLxcStartAutoIsAnError() throws java.io.IOException {
        t.container("web", "lxc.start.auto = 1");
        t.container("db", "lxc.start.auto = 1");
        t.entry("web.conf", "[container]");
        Configuration config = t.load();
        assertEquals(List.of("db"), names(config));
        Problem p = problemContaining(config, "container 'web' is named twice");
        // The LXC side points at its lxc.start.auto line, and says how to turn it off.
        int autoLine = java.nio.file.Files.readAllLines(t.lxcpath.resolve("web/config")).indexOf("lxc.start.auto = 1") + 1;
        assertTrue(autoLine > 0);
        assertTrue(p.message().contains("(lxc-auto entry) and " + t.lxcpath.resolve("web/config") + ":" + autoLine
                + " (lxc.start.auto)"), p::message);
        assertTrue(p.message().contains("set lxc.start.auto = 0"), p::message);
        assertEquals("web", p.container());
    }

    @Test
    void brokenEntriesNeverStopHealthyOnes() {
        for (String name : List.of("a", "c", "e", "g")) {
            t.container(name);
        }
        t.entry("a.conf", "[container]");
        t.entry("b.conf", "name = b", "[container]");          // key before section
        t.entry("c.conf", "[container]", "after = a");
        t.entry("d.conf", "[container]", "afer = a");           // typo
        t.entry("e.conf", "[container]", "ready = tcp:x");
        t.entry("f.conf", "[container]");                       // no such container
        t.entry("g.conf", "[container]", "wants = f");
        TempConfig.chmod(t.entry("h.conf", "[container]"), "rw-rw-rw-");
        Configuration config = t.load();
        assertEquals(List.of("a", "c", "g"), names(config));
        assertEquals(List.of("b", "d", "e", "f", "h"), config.broken().keySet().stream().sorted().toList());
        config.problems().forEach(p -> assertTrue(p.toString().startsWith(p.file() + ":" + p.line() + ": "), p::toString));
    }

    @Test
    void invalidNameMarksTheFileNameBroken() {
        t.entry("bad.conf", "[container]", "name = -bad");
        Configuration config = t.load();
        problemContaining(config, "invalid container name '-bad'");
        assertTrue(config.broken().containsKey("bad"), config.broken()::toString);
    }
}
