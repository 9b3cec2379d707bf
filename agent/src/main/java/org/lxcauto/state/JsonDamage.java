package org.lxcauto.state;

import org.lxcauto.system.Json;

/**
 * Why a state file is not the JSON document it should be, in words: "unexpected end of JSON at
 * line 8, column 25" for a truncated file, "invalid JSON at line 1, column 2: ..." for garbage,
 * "unexpected value for 'containers[0].outcome' at ..." for JSON of the wrong shape. The parser's
 * own messages name Java types, which mean nothing to the administrator reading them.
 */
final class JsonDamage {

    /** The parser quotes what it found; a garbage file should not fill the terminal with it. */
    private static final int MAX_DETAIL = 120;

    private JsonDamage() {
    }

    /**
     * @param what what the file should hold, for a document of the wrong shape ("a run record")
     */
    static String describe(Json.Unreadable e, String what) {
        String at = e.line() < 1 ? "" : " at line " + e.line() + ", column " + e.column();
        return switch (e.kind()) {
            case EMPTY -> "no JSON in it, only white space";
            case TRUNCATED -> "unexpected end of JSON" + at;
            case TRAILING -> "more data after the end of the JSON document" + at;
            case SHAPE -> e.path().isEmpty() ? "not " + what + at : "unexpected value for '" + e.path() + "'" + at;
            case INVALID -> "invalid JSON" + at + ": " + detail(e.detail());
        };
    }

    /** The first sentence of the parser's message, lower case first, printable ASCII only, bounded. */
    private static String detail(String original) {
        String sentence = original == null ? "" : original.split("\\R", 2)[0];
        StringBuilder out = new StringBuilder();
        for (char c : sentence.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        String text = out.length() > MAX_DETAIL ? out.substring(0, MAX_DETAIL) + "..." : out.toString();
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
