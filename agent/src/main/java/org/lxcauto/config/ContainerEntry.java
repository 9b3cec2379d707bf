package org.lxcauto.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.lxcauto.need.Need;

/**
 * One container or libvirt domain to autostart, merged from whichever source named it
 * (docs/configuration.md, which containers autostart), with every default applied. What applies to
 * every kind is here; what only an LXC container or only a domain has is in its {@link Target}.
 * Made by a {@link Builder}.
 *
 * @param name the container or domain
 * @param target what it is: an LXC container (lxcpath, LXC config, ephemeral, restart) or a libvirt
 *     domain (URI)
 * @param after hard dependencies: start only after these are ready
 * @param wants soft dependencies: ordered after them when present
 * @param order among containers free to start, lower first
 * @param startDelay time after ready before dependents may start
 * @param ready when it counts as ready
 * @param startTimeout time to reach ready
 * @param stopTimeout time for a clean stop before it is forced
 * @param needs gates outside the container graph ({@code needs =}), waited for before the start within
 *     {@code startTimeout}; empty for most
 * @param groupRank position of its first selected group in {@code [agent] groups} (0 for entries)
 * @param source which source named it
 * @param file the file that named it (entry, symlink or LXC config)
 * @param line the line in that file (0 for a whole file)
 * @param keyLines the line of each key that set a value, so a message can point at the line to edit
 * @param onBoot the entry's own {@code on-boot}, overriding {@code [agent] on-boot}; empty when it
 *     sets none (and for every source but an lxc-auto entry)
 */
public record ContainerEntry(
        String name,
        Target target,
        List<String> after,
        List<String> wants,
        int order,
        Duration startDelay,
        Readiness ready,
        Duration startTimeout,
        Duration stopTimeout,
        List<Need> needs,
        int groupRank,
        Source source,
        Path file,
        int line,
        Map<String, Integer> keyLines,
        Optional<AgentConfig.OnBoot> onBoot) {

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

    /**
     * An entry named by {@code source} in {@code file} at {@code line}; the rest has the defaults of
     * an entry that sets nothing, except the timeouts and the target, which have none.
     */
    public static Builder builder(String name, Source source, Path file, int line) {
        return new Builder(name, source, file, line);
    }

    /** {@code where} for messages: FILE:LINE. */
    public String origin() {
        return file + ":" + line;
    }

    /** The line that set {@code key}, or the entry's own line when the key was not given. */
    public int lineOf(String key) {
        return keyLines.getOrDefault(key, line);
    }

    /** The same entry with another target (an LXC container once its config has been read). */
    public ContainerEntry withTarget(Target other) {
        return new ContainerEntry(name, other, after, wants, order, startDelay, ready, startTimeout, stopTimeout, needs,
                groupRank, source, file, line, keyLines, onBoot);
    }

    /** What a boot does with it: its own {@code on-boot}, else the agent's. */
    public AgentConfig.OnBoot onBoot(AgentConfig agent) {
        return onBoot.orElse(agent.onBoot());
    }

    /**
     * Assembles an entry key by key, as the sources give them: the record has too many fields of
     * the same type for a positional call to be read (or written) safely.
     */
    public static final class Builder {
        private final String name;
        private final Source source;
        private final Path file;
        private final int line;
        private Target target;
        private List<String> after = List.of();
        private List<String> wants = List.of();
        private int order;
        private Duration startDelay = Duration.ZERO;
        private Readiness ready = new Readiness.Running();
        private Duration startTimeout;
        private Duration stopTimeout;
        private List<Need> needs = List.of();
        private int groupRank;
        private Map<String, Integer> keyLines = Map.of();
        private Optional<AgentConfig.OnBoot> onBoot = Optional.empty();

        private Builder(String name, Source source, Path file, int line) {
            this.name = Objects.requireNonNull(name, "name");
            this.source = Objects.requireNonNull(source, "source");
            this.file = Objects.requireNonNull(file, "file");
            this.line = line;
        }

        public Builder target(Target value) {
            target = value;
            return this;
        }

        public Builder after(List<String> names) {
            after = List.copyOf(names);
            return this;
        }

        public Builder wants(List<String> names) {
            wants = List.copyOf(names);
            return this;
        }

        public Builder order(int value) {
            order = value;
            return this;
        }

        public Builder startDelay(Duration value) {
            startDelay = value;
            return this;
        }

        public Builder ready(Readiness value) {
            ready = value;
            return this;
        }

        public Builder startTimeout(Duration value) {
            startTimeout = value;
            return this;
        }

        public Builder stopTimeout(Duration value) {
            stopTimeout = value;
            return this;
        }

        public Builder needs(List<Need> value) {
            needs = List.copyOf(value);
            return this;
        }

        public Builder groupRank(int value) {
            groupRank = value;
            return this;
        }

        public Builder keyLines(Map<String, Integer> value) {
            keyLines = Map.copyOf(value);
            return this;
        }

        public Builder onBoot(Optional<AgentConfig.OnBoot> value) {
            onBoot = Objects.requireNonNull(value, "onBoot");
            return this;
        }

        /** The entry; the target and both timeouts must have been given. */
        public ContainerEntry build() {
            return new ContainerEntry(name, Objects.requireNonNull(target, "target"), after, wants, order,
                    Objects.requireNonNull(startDelay, "startDelay"), Objects.requireNonNull(ready, "ready"),
                    Objects.requireNonNull(startTimeout, "startTimeout"),
                    Objects.requireNonNull(stopTimeout, "stopTimeout"), needs, groupRank, source, file, line, keyLines,
                    onBoot);
        }
    }
}
