package org.lxcauto.state;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.List;

/**
 * Why a state file is not the JSON document it should be, in words: "unexpected end of JSON at
 * line 8, column 25" for a truncated file, "invalid JSON at line 1, column 2: ..." for garbage,
 * "unexpected value for 'containers[0].outcome' at ..." for JSON of the wrong shape. Jackson's own
 * messages name Java classes ({@code `org.lxcauto.state.Outcome`}), which mean nothing to the
 * administrator reading them.
 */
final class JsonDamage {

    /** Jackson quotes what it found; a garbage file should not fill the terminal with it. */
    private static final int MAX_DETAIL = 120;

    private JsonDamage() {
    }

    /**
     * @param what what the file should hold, for a document of the wrong shape ("a run record")
     */
    static String describe(JsonProcessingException e, String what) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        String at = at(e.getLocation());
        if (original.startsWith("No content to map")) {
            return "no JSON in it, only white space";
        }
        if (original.startsWith("Unexpected end-of-input")) {
            return "unexpected end of JSON" + at;
        }
        if (original.startsWith("Trailing token")) {
            return "more data after the end of the JSON document" + at;
        }
        if (e instanceof JsonMappingException mapping && !(e.getCause() instanceof JsonParseException)) {
            String path = path(mapping.getPath());
            return path.isEmpty() ? "not " + what + at : "unexpected value for '" + path + "'" + at;
        }
        return "invalid JSON" + at + ": " + detail(original);
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** "containers[2].outcome" from Jackson's path of field names and array indexes. */
    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** The first sentence of Jackson's message, lower case first, printable ASCII only, bounded. */
    private static String detail(String original) {
        String sentence = original.split("\\R", 2)[0];
        StringBuilder out = new StringBuilder();
        for (char c : sentence.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        String text = out.length() > MAX_DETAIL ? out.substring(0, MAX_DETAIL) + "..." : out.toString();
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
