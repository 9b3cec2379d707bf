package org.lxcauto.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One container to autostart, merged from whichever source named it (SPEC §2), with every default
 * applied.
 *
 * @param name the container
 * @param lxcpath where it lives
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
 */
public record ContainerEntry(
        String name,
        Path lxcpath,
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
        LxcConfig lxc) {

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

    /** {@code where} for messages: FILE:LINE. */
    public String origin() {
        return file + ":" + line;
    }
}
