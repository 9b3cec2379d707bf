package org.lxcauto.system;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One journal entry in journald's native format (systemd.io/JOURNAL_NATIVE_PROTOCOL): a
 * {@code KEY=value} line per field, or, for a value with a newline in it, the binary form: the
 * key, a newline, the value's length as a 64-bit little-endian number, the value, a newline.
 *
 * <p>Field names are what journald accepts: upper-case letters, digits and underscores, not
 * beginning with an underscore (those are journald's own, trusted fields), at most 64
 * characters. Any other name is made into one ({@code container.name} becomes
 * {@code CONTAINER_NAME}) rather than have journald drop the field.
 */
public final class JournalEntry {

    private static final int MAX_NAME = 64;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    /** Adds a field; fields keep their order, and a name may repeat (journald keeps every value). */
    public JournalEntry add(String name, String value) {
        byte[] key = fieldName(name).getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(key);
        if (value.indexOf('\n') < 0) {
            out.write('=');
            out.writeBytes(bytes);
        } else {
            out.write('\n');
            long length = bytes.length;
            for (int i = 0; i < 8; i++) {
                out.write((int) (length >>> (8 * i)) & 0xff);
            }
            out.writeBytes(bytes);
        }
        out.write('\n');
        return this;
    }

    /** The datagram's payload. */
    public byte[] bytes() {
        return out.toByteArray();
    }

    /** {@code name} as a valid journal field name: upper case, other characters as '_', no leading '_'. */
    static String fieldName(String name) {
        StringBuilder valid = new StringBuilder();
        for (char c : name.toUpperCase(Locale.ROOT).toCharArray()) {
            boolean allowed = c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
            if (valid.length() == 0 && (c == '_' || !allowed)) {
                continue; // a leading underscore would make it a trusted field, which journald refuses
            }
            valid.append(allowed ? c : '_');
        }
        if (valid.length() == 0 || Character.isDigit(valid.charAt(0))) {
            valid.insert(0, "FIELD_");
        }
        return valid.length() > MAX_NAME ? valid.substring(0, MAX_NAME) : valid.toString();
    }
}
