package org.lxcauto.system;

import java.util.List;

/**
 * What a finished (or abandoned) command left behind.
 *
 * @param argv the command that ran, for messages
 * @param exitCode its exit status; meaningless when {@code timedOut}
 * @param stdout everything it wrote to standard output
 * @param stderr everything it wrote to standard error
 * @param timedOut true when it was killed because it outlived its deadline
 */
public record CommandResult(List<String> argv, int exitCode, String stdout, String stderr, boolean timedOut) {

    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }

    /** The most useful single line of diagnostics: the last non-empty line of stderr, else of stdout. */
    public String lastErrorLine() {
        String line = lastLine(stderr);
        return line.isEmpty() ? lastLine(stdout) : line;
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1].strip();
    }
}
