package org.lxcauto.systemtest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One diagnostic that {@code lxc-auto check} must print for the bad-input corpus: the file at
 * fault, the line to edit (0 when the whole file is at fault) and words the message must contain
 * (the container or the bad value, and how to fix it).
 *
 * @param title what is wrong, for the test report
 * @param file absolute path of the offending file, as the agent must print it
 * @param line 1-based line of the offending text, or 0 for a whole-file problem
 * @param words each must occur in the message (case-sensitive: they quote names and values)
 */
record BadInputCase(String title, Path file, int line, List<String> words) {

    static BadInputCase of(String title, Path file, int line, String... words) {
        return new BadInputCase(title, file, line, List.of(words));
    }

    /** True when {@code d} is this diagnostic: same file, same line, every word in the message. */
    boolean matches(Diagnostic d) {
        return d.file().equals(file) && d.line() == line && words.stream().allMatch(d.message()::contains);
    }

    /**
     * One {@code FILE:LINE: message} line of the agent's output.
     *
     * @param file the absolute path printed
     * @param line the line number printed
     * @param message everything after {@code "FILE:LINE: "}
     * @param text the whole line, as printed
     */
    record Diagnostic(Path file, int line, String message, String text) {

        /** An absolute path without ':' (the lab's paths have none), a line number, the message. */
        private static final Pattern FORM = Pattern.compile("^(/[^:]+):(\\d+): (.+)$");

        /** Every line of {@code output} that has the exact form {@code FILE:LINE: message}. */
        static List<Diagnostic> parse(String output) {
            List<Diagnostic> diagnostics = new ArrayList<>();
            for (String text : output.split("\n")) {
                Matcher m = FORM.matcher(text);
                if (m.matches()) {
                    diagnostics.add(new Diagnostic(Path.of(m.group(1)), Integer.parseInt(m.group(2)), m.group(3), text));
                }
            }
            return diagnostics;
        }
    }
}
