package org.lxcauto.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One container (or libvirt domain) to autostart, merged from whichever source named it
 * (docs/configuration.md, which containers autostart), with every default applied.
 *
 * @param name the container or domain
 * @param lxcpath where the container lives; null for a domain
 * @param uri the libvirt connection URI of a {@code [domain]} entry; null for an LXC container
 * @param after hard dependencies: start only after these are ready
 * @param wants soft dependencies: ordered after them when present
 * @param order among containers free to start, lower first
 * @param startDelay time after ready before dependents may start
 * @param ready when it counts as ready
 * @param startTimeout time to reach ready
 * @param stopTimeout time for a clean stop before it is forced
 * @param ephemeral run a temporary overlay copy
 * @param restart restart policy while the daemon runs
 * @param groupRank position of its first selected group in {@code [agent] groups} (0 for entries)
 * @param source which source named it
 * @param file the file that named it (entry, symlink or LXC config)
 * @param line the line in that file (0 for a whole file)
 * @param lxc what its LXC config says (links, halt signal)
 * @param keyLines the line of each key that set a value, so a message can point at the line to edit
 */
public record ContainerEntry(
        String name,
        Path lxcpath,
        String uri,
        List<String> after,
        List<String> wants,
        int order,
        Duration startDelay,
        Readiness ready,
        Duration startTimeout,
        Duration stopTimeout,
        boolean ephemeral,
        RestartPolicy restart,
        int groupRank,
        Source source,
        Path file,
        int line,
        LxcConfig lxc,
        Map<String, Integer> keyLines) {

    /** Which of the three configuration sources named the container. */
    public enum Source {
        /** {@code /etc/lxc/auto/NAME.conf} is a symlink to the container's config. */
        LEGACY_SYMLINK,
        /** {@code /etc/lxc/auto/NAME.conf} is an lxc-auto INI entry. */
        ENTRY,
        /** The container's own config has {@code lxc.start.auto = 1}. */
        LXC_KEYS;

        public String label() {
            return switch (this) {
                case LEGACY_SYMLINK -> "legacy symlink";
                case ENTRY -> "lxc-auto entry";
                case LXC_KEYS -> "lxc.start.auto";
            };
        }
    }

    /** Whether this names a libvirt domain ({@code [domain]}) rather than an LXC container. */
    public boolean isDomain() {
        return uri != null;
    }

    /** {@code where} for messages: FILE:LINE. */
    public String origin() {
        return file + ":" + line;
    }

    /** The line that set {@code key}, or the entry's own line when the key was not given. */
    public int lineOf(String key) {
        return keyLines.getOrDefault(key, line);
    }

    /** The same entry with what its LXC config says attached. */
    public ContainerEntry withLxc(LxcConfig config) {
        return new ContainerEntry(name, lxcpath, uri, after, wants, order, startDelay, ready, startTimeout, stopTimeout,
                ephemeral, restart, groupRank, source, file, line, config, keyLines);
    }
}
