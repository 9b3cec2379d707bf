package org.lxcauto.Agent1.Error;

/**
 * A name as an error message shows it: quoted, control and formatting characters escaped (a
 * newline or a terminal escape in a caller's argument must not break the line it is shown on or
 * the terminal), and cut after 64 characters with the full length said.
 */
final class ShownName {

    private static final int SHOWN = 64;

    private ShownName() {
    }

    static String of(String name) {
        StringBuilder shown = new StringBuilder("'");
        int[] points = name.codePoints().limit(SHOWN).toArray();
        for (int point : points) {
            switch (point) {
                case '\n' -> shown.append("\\n");
                case '\t' -> shown.append("\\t");
                case '\r' -> shown.append("\\r");
                case '\\' -> shown.append("\\\\");
                case '\'' -> shown.append("\\'");
                default -> {
                    int type = Character.getType(point);
                    if (type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                            || type == Character.SURROGATE
                            || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                        shown.append(String.format("\\u%04x", point));
                    } else {
                        shown.appendCodePoint(point);
                    }
                }
            }
        }
        shown.append('\'');
        long length = name.codePoints().count();
        if (length > SHOWN) {
            shown.insert(shown.length() - 1, "...").append(" (").append(length).append(" characters)");
        }
        return shown.toString();
    }
}
