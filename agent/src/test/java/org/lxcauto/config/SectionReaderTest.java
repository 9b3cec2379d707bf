package org.lxcauto.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A bad value is the administrator's problem, reported at its line; a parser's bug is not. */
class SectionReaderTest {

    private static final Path FILE = Path.of("/etc/lxc/auto/web.conf");

    private final Problems problems = new Problems();

    private SectionReader reader(String... options) {
        List<IniDocument.Option> list = List.of(new IniDocument.Option(options[0], options[1], 2));
        return new SectionReader(FILE, new IniDocument.Section("container", 1, list), "web", problems);
    }

    @Test
    void aValueItsParserRejectsIsReportedAndTheDefaultKept() {
        assertEquals(7, reader("order", "seven").integer("order", 7, 0, 100));
        assertEquals(List.of("invalid order 'seven': expected a whole number between 0 and 100"),
                problems.all().stream().map(Problem::message).toList());
        assertEquals(2, problems.all().get(0).line());
    }

    @Test
    void aBugInAParserIsNotPassedOffAsABadValue() {
        assertThrows(NullPointerException.class, () -> reader("order", "7").parsed("order", 0, text -> {
            throw new NullPointerException("a bug");
        }, "anything"));
        assertEquals(List.of(), problems.all());
    }
}
