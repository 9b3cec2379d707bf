package org.lxcauto.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code keep = DIR...}: the directories of an ephemeral container that outlive its overlay
 * copy, bind-mounted from lxc-auto's state directory (docs/configuration.md).
 *
 * <p>Each path becomes the container side of an {@code lxc-copy -m bind=HOST:DIR} argument and a
 * path under {@code keep/NAME/} on the host, so the rules are strict: absolute and normalised (no
 * {@code .}, {@code ..}, {@code //} or trailing {@code /}, which could reach outside that
 * directory on the host), not {@code /} itself, no {@code :} (lxc-copy's separator), and neither a
 * repeat nor one inside another (two bind mounts over each other keep the same files twice).
 */
final class KeepReader {

    static final String KEY = "keep";

    private KeepReader() {
    }

    /**
     * The kept directories in the order given; errors recorded on {@code r}. Without {@code
     * ephemeral = yes} a container keeps all its files anyway: {@code keep} is then reported as a
     * warning and the entry stays usable, since refusing it would keep a container down for a
     * line that loses nothing.
     */
    static List<Path> read(SectionReader r, boolean ephemeral) {
        Map<Path, Integer> kept = new LinkedHashMap<>();
        for (IniDocument.Option option : r.all(KEY)) {
            for (String dir : option.value().split("[\\s,]+")) {
                if (!dir.isEmpty()) {
                    add(r, option.line(), dir, kept);
                }
            }
        }
        if (!kept.isEmpty() && !ephemeral) {
            r.warning(kept.values().iterator().next(), "'keep' has no effect without 'ephemeral = yes': the"
                    + " container keeps all its files anyway; set 'ephemeral = yes' or remove 'keep'");
        }
        return List.copyOf(new ArrayList<>(kept.keySet()));
    }

    private static void add(SectionReader r, int line, String dir, Map<Path, Integer> kept) {
        String problem = problem(dir);
        if (problem != null) {
            r.error(line, "invalid keep '" + dir + "': " + problem);
            return;
        }
        Path path = Path.of(dir);
        for (Map.Entry<Path, Integer> earlier : kept.entrySet()) {
            if (earlier.getKey().equals(path)) {
                r.error(line, "'" + dir + "' is kept twice (first on line " + earlier.getValue() + "); list it once");
                return;
            }
            if (path.startsWith(earlier.getKey()) || earlier.getKey().startsWith(path)) {
                Path outer = path.startsWith(earlier.getKey()) ? earlier.getKey() : path;
                Path inner = outer == path ? earlier.getKey() : path;
                r.error(line, "'" + inner + "' lies inside '" + outer + "', which is kept too; keep only '" + outer
                        + "' (it holds the other)");
                return;
            }
        }
        kept.put(path, line);
    }

    /** Why {@code dir} cannot be kept, or null when it can. */
    static String problem(String dir) {
        if (!dir.startsWith("/")) {
            return "not an absolute path; write the directory as the container sees it, e.g. /var/spool/postfix";
        }
        if (dir.equals("/")) {
            return "'/' is the whole container; name the directories to keep, e.g. /var/spool/postfix";
        }
        if (dir.indexOf(':') >= 0) {
            return "':' cannot be passed to lxc-copy -m bind=HOST:DIR, which splits on it";
        }
        if (dir.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "a control character cannot be part of an LXC mount entry";
        }
        for (String part : dir.substring(1).split("/", -1)) {
            if (part.equals("..")) {
                return "'..' would leave the container's directory on the host; write the path without it";
            }
            if (part.isEmpty() || part.equals(".")) {
                return "not normalised; write it as '" + Path.of(dir).normalize() + "'";
            }
        }
        return null;
    }
}
