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

        public Optional<Option> first(String key) {
            return options.stream().filter(o -> o.key().equals(key)).findFirst();
        }

        public List<Option> all(String key) {
            return options.stream().filter(o -> o.key().equals(key)).toList();
        }
    }

    /** One {@code key = value} line; the value has inline comments removed and is trimmed. */
    public record Option(String key, String value, int line) {
    }
}
