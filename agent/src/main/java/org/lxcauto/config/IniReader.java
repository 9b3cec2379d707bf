package org.lxcauto.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.ini4j.Config;
import org.ini4j.InvalidFileFormatException;
import org.ini4j.spi.IniHandler;
import org.ini4j.spi.IniParser;

/**
 * Reads an INI file with ini4j and keeps the line number of each section and option.
 *
 * <p>Dialect (documented in docs/configuration.md, installed as /usr/share/doc/lxc-auto/docs/configuration.md):
 * <ul>
 *   <li>Backslash escapes are <em>not</em> processed: values are taken literally, so a path or an
 *       {@code exec:} command means what it says. ini4j would otherwise turn {@code \t} into a tab.</li>
 *   <li>A comment starts with {@code ;} or {@code #} at the start of a line, or after white space
 *       inside a line ({@code order = 10 ; first}). ini4j keeps such inline comments in the value,
 *       which would make {@code 10 ; first} an invalid number.</li>
 *   <li>A key may repeat (ini4j multi-option); sections may not.</li>
 * </ul>
 *
 * <p>ini4j does not expose line numbers. It reports one event per logical line, in order, so the
 * {@link LogicalLines} index of the same text gives each event its line.
 */
public final class IniReader {

    private static final Pattern INLINE_COMMENT = Pattern.compile("\\s[;#].*$");
    private static final Pattern PARSE_ERROR_LINE = Pattern.compile("at line: (\\d+)");

    private IniReader() {
    }

    /** Parses {@code file}; a syntax error is returned as a problem located at its line. */
    public static Result read(Path file, String container) {
        try {
            return parse(file, container, ConfigFiles.text(file, StandardCharsets.UTF_8));
        } catch (ConfigFiles.Unreadable e) {
            return Result.failed(e.problem(file, container));
        }
    }

    static Result parse(Path file, String container, String text) {
        // Inline comments go before ini4j sees the text: it would keep them in values, and reject
        // them after a section header. Line by line, so line numbers stay what the file says.
        String uncommented = text.lines().map(IniReader::stripInlineComment).collect(Collectors.joining("\n"));
        List<Integer> lines = LogicalLines.starts(uncommented);
        Collector collector = new Collector(lines);
        try {
            new Parser().parse(new StringReader(uncommented), collector);
        } catch (InvalidFileFormatException e) {
            return Result.failed(Problem.error(file, lineOf(e), container, syntaxMessage(e)));
        } catch (IOException e) {
            return Result.failed(Problem.error(file, 0, container, "cannot parse: " + e.getMessage()));
        }
        return Result.ok(new IniDocument(file, List.copyOf(collector.sections)));
    }

    /**
     * ini4j's parser in our dialect. Made directly: {@code IniParser.newInstance} looks the class up
     * as a service in every jar on the class path each time, which for 10,000 entries took longer
     * than parsing them.
     */
    private static final class Parser extends IniParser {
        /** Never changed once made, so every parser shares it (parsers run on several threads). */
        private static final Config DIALECT = dialect();

        Parser() {
            setConfig(DIALECT);
        }
    }

    private static Config dialect() {
        Config config = Config.getGlobal().clone();
        config.setEscape(false);
        config.setMultiOption(true);
        config.setMultiSection(true); // duplicates are reported by us, with both lines
        config.setEmptyOption(false); // a line without '=' is a syntax error, not a key
        config.setGlobalSection(false);
        config.setInclude(false);
        config.setTree(false);
        return config;
    }

    private static int lineOf(InvalidFileFormatException e) {
        Matcher m = PARSE_ERROR_LINE.matcher(String.valueOf(e.getMessage()));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static String syntaxMessage(InvalidFileFormatException e) {
        String detail = String.valueOf(e.getMessage()).replaceFirst("^parse error \\(at line: \\d+\\):\\s*", "");
        return "syntax error near '" + detail.strip() + "': expected '[section]' or 'key = value'"
                + " (every key must follow a section header such as [container])";
    }

    static String describe(IOException e) {
        String kind = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? kind : kind + " (" + e.getMessage() + ")";
    }

    static String stripInlineComment(String value) {
        return INLINE_COMMENT.matcher(value == null ? "" : value).replaceFirst("").strip();
    }

    /** The outcome of reading one file: a document, or the problem that prevented it. */
    public record Result(IniDocument document, Problem problem) {
        static Result ok(IniDocument document) {
            return new Result(document, null);
        }

        static Result failed(Problem problem) {
            return new Result(null, problem);
        }

        public boolean ok() {
            return document != null;
        }
    }

    /** Builds the document from ini4j's events, giving each the line of the next logical line. */
    private static final class Collector implements IniHandler {
        private final List<Integer> lines;
        private final List<IniDocument.Section> sections = new ArrayList<>();
        private List<IniDocument.Option> current;
        private int next;

        Collector(List<Integer> lines) {
            this.lines = lines;
        }

        private int nextLine() {
            return next < lines.size() ? lines.get(next++) : 0;
        }

        @Override
        public void startSection(String name) {
            current = new ArrayList<>();
            sections.add(new IniDocument.Section(name.strip(), nextLine(), current));
        }

        @Override
        public void handleOption(String name, String value) {
            current.add(new IniDocument.Option(name.strip(), value == null ? "" : value.strip(), nextLine()));
        }

        @Override
        public void startIni() {
        }

        @Override
        public void endIni() {
        }

        @Override
        public void endSection() {
        }

        @Override
        public void handleComment(String comment) {
        }
    }
}
