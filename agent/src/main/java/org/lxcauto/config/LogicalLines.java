package org.lxcauto.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Line numbers of the logical lines of an INI text, the way ini4j splits it: blank lines and lines
 * whose first non-blank character is {@code ;} or {@code #} are skipped, and a line ending in an odd
 * number of backslashes continues on the next one.
 */
final class LogicalLines {

    private LogicalLines() {
    }

    static List<Integer> starts(String text) {
        List<Integer> starts = new ArrayList<>();
        String[] physical = text.split("\r?\n", -1);
        boolean continuing = false;
        for (int i = 0; i < physical.length; i++) {
            String line = physical[i].strip();
            if (continuing && line.isEmpty()) {
                continue; // ini4j skips blank lines inside a continuation and keeps joining
            }
            if (!continuing) {
                if (line.isEmpty() || line.charAt(0) == ';' || line.charAt(0) == '#') {
                    continue;
                }
                starts.add(i + 1);
            }
            continuing = endsWithOddBackslashes(line);
        }
        return starts;
    }

    private static boolean endsWithOddBackslashes(String line) {
        int count = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            count++;
        }
        return count % 2 == 1;
    }
}
