package org.lxcauto.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The INI dialect of IniReader: comments, literal backslashes and exact line numbers. */
class IniReaderTest {

    private static final Path FILE = Path.of("/etc/lxc/auto/web.conf");

    private static IniDocument parse(String... lines) {
        IniReader.Result result = IniReader.parse(FILE, "web", String.join("\n", lines) + "\n");
        assertTrue(result.ok(), () -> "unexpected problem: " + result.problem());
        assertNull(result.problem());
        return result.document();
    }

    private static IniDocument.Option option(IniDocument doc, String key) {
        return doc.sections().get(0).first(key).orElseThrow(() -> new AssertionError("no key " + key));
    }

    @Test
    void inlineCommentAfterWhitespaceIsStripped() {
        IniDocument doc = parse("[container]", "order = 10 ; first", "name = web\t# the web one", "after = db cache ;x");
        assertEquals("10", option(doc, "order").value());
        assertEquals("web", option(doc, "name").value());
        assertEquals("db cache", option(doc, "after").value());
    }

    @Test
    void commentCharactersWithoutWhitespaceBeforeThemAreKept() {
        IniDocument doc = parse("[container]", "order=5;z", "name = web#1");
        assertEquals("5;z", option(doc, "order").value());
        assertEquals("web#1", option(doc, "name").value());
    }

    @Test
    void fullLineCommentsAndBlankLinesAreSkippedAndLinesStayExact() {
        IniDocument doc = parse(
                "# header comment",        // 1
                "; another",               // 2
                "",                        // 3
                "[container]",             // 4
                "   ; indented comment",   // 5
                "\t# tab comment",         // 6
                "name = web",              // 7
                "",                        // 8
                "",                        // 9
                "order = 3",               // 10
                "[extra]",                 // 11
                "# c",                     // 12
                "key = v");                // 13
        assertEquals(2, doc.sections().size());
        IniDocument.Section container = doc.sections().get(0);
        assertEquals("container", container.name());
        assertEquals(4, container.line());
        assertEquals(List.of("name", "order"), container.options().stream().map(IniDocument.Option::key).toList());
        assertEquals(7, container.first("name").orElseThrow().line());
        assertEquals(10, container.first("order").orElseThrow().line());
        assertEquals(11, doc.sections().get(1).line());
        assertEquals(13, doc.sections().get(1).first("key").orElseThrow().line());
    }

    @Test
    void backslashesAreTakenLiterally() {
        IniDocument doc = parse("[container]", "ready = exec:printf a\\tb \\\\n \\x41", "lxcpath = C:\\new\\table");
        assertEquals("exec:printf a\\tb \\\\n \\x41", option(doc, "ready").value());
        assertEquals("C:\\new\\table", option(doc, "lxcpath").value());
    }

    @Test
    void evenTrailingBackslashesDoNotContinueTheLine() {
        IniDocument doc = parse("[container]", "ready = exec:echo a\\\\", "", "order = 10");
        assertEquals("exec:echo a\\\\", option(doc, "ready").value());
        assertEquals(4, option(doc, "order").line());
    }

    @Test
    void continuedLineKeepsLineNumbersOfLaterOptions() {
        IniDocument doc = parse("[container]", "ready = exec:echo a \\", "  b", "order = 10");
        assertEquals(2, option(doc, "ready").line());
        assertEquals(4, option(doc, "order").line());
    }

    @Test
    void repeatedKeysAreAllKeptInOrder() {
        IniDocument doc = parse("[container]", "after = a", "after = b c");
        List<IniDocument.Option> all = doc.sections().get(0).all("after");
        assertEquals(List.of("a", "b c"), all.stream().map(IniDocument.Option::value).toList());
        assertEquals(List.of(2, 3), all.stream().map(IniDocument.Option::line).toList());
    }

    @Test
    void emptyValueIsEmptyButAKeyWithoutEqualsIsASyntaxError() {
        IniDocument doc = parse("[container]", "after =");
        assertEquals("", option(doc, "after").value());
        IniReader.Result missingEquals = IniReader.parse(FILE, "web", "[container]\nafter =\nwants db\n");
        assertFalse(missingEquals.ok());
        assertEquals(3, missingEquals.problem().line());
        assertTrue(missingEquals.problem().message().contains("syntax error near 'wants db'"),
                missingEquals.problem()::message);
    }

    @Test
    void crlfLineEndingsGiveTheSameLines() {
        IniReader.Result result = IniReader.parse(FILE, "web", "[container]\r\nname = a\r\n\r\norder = 1\r\n");
        assertTrue(result.ok());
        IniDocument.Section section = result.document().sections().get(0);
        assertEquals("a", section.first("name").orElseThrow().value());
        assertEquals(4, section.first("order").orElseThrow().line());
    }

    @Test
    void keyBeforeAnySectionIsAProblemAtItsLine() {
        IniReader.Result result = IniReader.parse(FILE, "web", "# comment\n\n; more\nname = web\n[container]\n");
        assertFalse(result.ok());
        Problem problem = result.problem();
        assertEquals(4, problem.line());
        assertEquals("web", problem.container());
        assertEquals(Problem.Severity.ERROR, problem.severity());
        assertTrue(problem.toString().startsWith(FILE + ":4: "), problem::toString);
        assertTrue(problem.message().contains("name = web"), problem::message);
        assertTrue(problem.message().contains("[container]"), problem::message);
    }

    @Test
    void missingFileIsAWholeFileProblem(@TempDir Path dir) {
        Path missing = dir.resolve("nope.conf");
        IniReader.Result result = IniReader.read(missing, "nope");
        assertFalse(result.ok());
        assertEquals(0, result.problem().line());
        assertTrue(result.problem().toString().startsWith(missing + ":0: cannot read"), result.problem()::toString);
    }

    @Test
    void readsFromDisk(@TempDir Path dir) {
        Path file = TempConfig.write(dir.resolve("a.conf"), "[container]", "", "order = 7 # seven");
        IniReader.Result result = IniReader.read(file, "a");
        assertTrue(result.ok());
        assertEquals(file, result.document().file());
        assertEquals(3, result.document().sections().get(0).first("order").orElseThrow().line());
        assertEquals("7", result.document().sections().get(0).first("order").orElseThrow().value());
    }

    @Test
    void inlineCommentAfterSectionHeaderIsStripped() {
        IniDocument doc = parse("[container] ; the only section", "name = web", "[bridge br0]   # LAN");
        assertEquals("container", doc.sections().get(0).name());
        assertEquals("bridge br0", doc.sections().get(1).name());
        assertEquals(3, doc.sections().get(1).line());
    }

    @Test
    void continuationAcrossABlankLineKeepsLineNumbers() {
        IniDocument doc = parse("[container]", "after = a \\", "", "c", "name = x");
        assertEquals("a c", option(doc, "after").value());
        assertEquals(5, option(doc, "name").line());
    }
}
