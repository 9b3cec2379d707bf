package org.lxcauto.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Typed, checked access to one INI section.
 *
 * <p>Every getter falls back to the given default and records a problem (with file, line and how
 * to fix it) when the value is unusable, so one bad key never hides the next: {@code lxc-auto
 * check} reports them all in one run.
 */
final class SectionReader {

    private final Path file;
    private final IniDocument.Section section;
    private final String container;
    private final Problems problems;
    private boolean failed;

    SectionReader(Path file, IniDocument.Section section, String container, Problems problems) {
        this.file = file;
        this.section = section;
        this.container = container;
        this.problems = problems;
    }

    /** True once any error was recorded through this reader. */
    boolean failed() {
        return failed;
    }

    void error(int line, String message) {
        failed = true;
        problems.add(Problem.error(file, line, container, message));
    }

    /** A problem that leaves the entry usable. */
    void warning(int line, String message) {
        problems.add(Problem.warning(file, line, container, message));
    }

    /** Every value of a key that may be given on several lines, with its line. */
    List<IniDocument.Option> all(String key) {
        return section.all(key);
    }

    /** Reports every key not in {@code known}, suggesting the closest known key. */
    void rejectUnknownKeys(Set<String> known) {
        for (IniDocument.Option option : section.options()) {
            if (!known.contains(option.key())) {
                String hint = closest(option.key(), known)
                        .map(k -> "; did you mean '" + k + "'?")
                        .orElse("; known keys in [" + section.name() + "]: " + String.join(", ", known.stream().sorted().toList()));
                error(option.line(), "unknown key '" + option.key() + "'" + hint);
            }
        }
    }

    /** Reports a key given twice where only one value makes sense. */
    void rejectRepeats(Set<String> singleValued) {
        for (String key : singleValued) {
            List<IniDocument.Option> all = section.all(key);
            if (all.size() > 1) {
                error(all.get(1).line(), "'" + key + "' is set again (first on line " + all.get(0).line()
                        + "); keep only one");
            }
        }
    }

    Optional<IniDocument.Option> option(String key) {
        return section.first(key);
    }

    String string(String key, String fallback) {
        return section.first(key).map(IniDocument.Option::value).orElse(fallback);
    }

    /** A whitespace- or comma-separated list. */
    List<String> list(String key) {
        return section.all(key).stream()
                .flatMap(o -> Arrays.stream(o.value().split("[\\s,]+")))
                .filter(s -> !s.isEmpty())
                .toList();
    }

    int integer(String key, int fallback, int min, int max) {
        return parsed(key, fallback, text -> {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new IllegalArgumentException("must be between " + min + " and " + max);
            }
            return value;
        }, "a whole number between " + min + " and " + max);
    }

    /** Seconds, as a non-negative whole number. */
    Duration seconds(String key, Duration fallback) {
        return parsed(key, fallback, text -> {
            long value = Long.parseLong(text);
            if (value < 0) {
                throw new IllegalArgumentException("must not be negative");
            }
            return Duration.ofSeconds(value);
        }, "a whole number of seconds, 0 or more");
    }

    /** Seconds, as a whole number of 1 or more: for timeouts where 0 would mean "fail at once". */
    Duration positiveSeconds(String key, Duration fallback) {
        return parsed(key, fallback, text -> {
            long value = Long.parseLong(text);
            if (value <= 0) {
                throw new IllegalArgumentException("must be positive");
            }
            return Duration.ofSeconds(value);
        }, "a whole number of seconds, 1 or more");
    }

    boolean bool(String key, boolean fallback) {
        return parsed(key, fallback, text -> switch (text.toLowerCase()) {
            case "yes", "true", "on", "1" -> true;
            case "no", "false", "off", "0" -> false;
            default -> throw new IllegalArgumentException("not a boolean");
        }, "yes or no");
    }

    <E extends Enum<E>> E choice(String key, E fallback, Class<E> type) {
        return parsed(key, fallback, text -> Enum.valueOf(type, text.toUpperCase().replace('-', '_')),
                String.join(" | ", Arrays.stream(type.getEnumConstants())
                        .map(e -> e.name().toLowerCase().replace('_', '-')).toList()));
    }

    <T> T parsed(String key, T fallback, Function<String, T> parser, String expected) {
        Optional<IniDocument.Option> option = section.first(key);
        if (option.isEmpty()) {
            return fallback;
        }
        String text = option.get().value();
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            // What every parser here throws for a bad value (NumberFormatException and
            // InvalidPathException included); anything else is a bug, not the administrator's.
            error(option.get().line(), "invalid " + key + " '" + text + "': expected " + expected);
            return fallback;
        }
    }

    /** The known key closest to {@code key} by edit distance, if it is close enough to be a typo. */
    static Optional<String> closest(String key, Set<String> known) {
        return known.stream()
                .min(Comparator.comparingInt((String k) -> EditDistance.between(key, k)).thenComparing(k -> k))
                .filter(k -> EditDistance.between(key, k) <= Math.max(2, k.length() / 3));
    }

}
