package org.lxcauto.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The host ids an unprivileged container's root is mapped to, read from the {@code lxc.idmap}
 * lines of its own LXC config ({@code u 0 HOSTUID COUNT}, {@code g 0 HOSTGID COUNT}), which
 * {@code lxc-create} writes there. Used only to judge who may own the container's directory
 * ({@link FileSafety#checkContainerConfig}).
 */
final class IdMap {

    private IdMap() {
    }

    /** The mapped root of {@code config}, or empty when it maps no root user and group (a privileged container). */
    static Optional<FileSafety.MappedRoot> mappedRoot(Path config) {
        String text;
        try {
            text = ConfigFiles.text(config, StandardCharsets.ISO_8859_1);
        } catch (ConfigFiles.Unreadable e) {
            return Optional.empty(); // the safety check and the reader report it
        }
        OptionalInt uid = OptionalInt.empty();
        OptionalInt gid = OptionalInt.empty();
        for (String raw : text.lines().toList()) {
            String line = raw.strip();
            int eq = line.indexOf('=');
            if (line.startsWith("#") || eq < 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            if (!key.equals("lxc.idmap") && !key.equals("lxc.id_map")) {
                continue;
            }
            String[] fields = LxcConfigReader.unquote(line.substring(eq + 1).strip()).split("\\s+");
            if (fields.length != 4 || !fields[1].equals("0")) {
                continue;
            }
            OptionalInt host = number(fields[2]);
            if (fields[0].equals("u") && uid.isEmpty()) {
                uid = host;
            } else if (fields[0].equals("g") && gid.isEmpty()) {
                gid = host;
            }
        }
        return uid.isPresent() && gid.isPresent()
                ? Optional.of(new FileSafety.MappedRoot(uid.getAsInt(), gid.getAsInt())) : Optional.empty();
    }

    private static OptionalInt number(String text) {
        try {
            return OptionalInt.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
