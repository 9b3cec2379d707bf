package org.lxcauto.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An INI file as read, with the line of every section and option, so that later checks can say
 * exactly where a bad value is.
 *
 * @param file where it was read from
 * @param sections the sections in file order
 */
public record IniDocument(Path file, List<Section> sections) {

    /** A {@code [name]} section and its options in file order (a key may repeat). */
    public record Section(String name, int line, List<Option> options) {

        // Loops, not streams: each entry is asked for some twenty keys, and ten thousand entries
        // made a stream pipeline's buffers the largest allocation of a whole 'plan'.

        public Optional<Option> first(String key) {
            for (Option option : options) {
                if (option.key().equals(key)) {
                    return Optional.of(option);
                }
            }
            return Optional.empty();
        }

        public List<Option> all(String key) {
            List<Option> found = List.of();
            for (Option option : options) {
                if (option.key().equals(key)) {
                    if (found.isEmpty()) {
                        found = new java.util.ArrayList<>(2);
                    }
                    found.add(option);
                }
            }
            return found.isEmpty() ? found : List.copyOf(found);
        }
    }

    /** One {@code key = value} line; the value has inline comments removed and is trimmed. */
    public record Option(String key, String value, int line) {
    }
}
