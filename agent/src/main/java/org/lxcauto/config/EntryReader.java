package org.lxcauto.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns the {@code [container]} section of an lxc-auto entry into a {@link ContainerEntry}. */
final class EntryReader {

    static final Set<String> KEYS = Set.of("name", "lxcpath", "after", "wants", "order", "start-delay", "ready",
            "start-timeout", "stop-timeout", "ephemeral", "restart");

    private EntryReader() {
    }

    /** The entry, or null when an error makes it unusable (the error is already recorded). */
    static Draft read(IniDocument document, String defaultName, AgentConfig agent, Problems problems) {
        Path file = document.file();
        IniDocument.Section section = null;
        boolean misshapen = false;
        for (IniDocument.Section s : document.sections()) {
            if (!s.name().equals("container")) {
                misshapen = true;
                problems.add(Problem.error(file, s.line(), defaultName, "unknown section [" + s.name()
                        + "]; an autostart entry has a single [container] section"));
            } else if (section != null) {
                misshapen = true;
                problems.add(Problem.error(file, s.line(), defaultName, "[container] appears again (first on line "
                        + section.line() + "); one entry file describes one container"));
            } else {
                section = s;
            }
        }
        if (section == null) {
            problems.add(Problem.error(file, 1, defaultName, "no [container] section; start the file with"
                    + " '[container]' (or make it a symlink to the container's config)"));
            return Draft.failed(defaultName);
        }
        String name = section.first("name").map(IniDocument.Option::value).orElse(defaultName);
        if (!Names.isValidContainer(name)) {
            int line = section.first("name").map(IniDocument.Option::line).orElse(section.line());
            // Filed under the file's name: the invalid one cannot identify anything.
            problems.add(Problem.error(file, line, defaultName, "invalid container name '" + name + "': "
                    + Names.CONTAINER_RULE));
            return Draft.failed(defaultName);
        }
        SectionReader r = new SectionReader(file, section, name, problems);
        r.rejectUnknownKeys(KEYS);
        r.rejectRepeats(Set.of("name", "lxcpath", "order", "start-delay", "ready", "start-timeout", "stop-timeout",
                "ephemeral", "restart"));
        List<String> after = dependencies(r, section, "after", name);
        List<String> wants = dependencies(r, section, "wants", name);
        Path lxcpath = r.parsed("lxcpath", agent.lxcpath(), AgentConfigLoader::absolutePath, "an absolute directory path");
        int order = r.integer("order", 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
        Duration delay = r.seconds("start-delay", Duration.ZERO);
        Readiness ready = readiness(r, section);
        Duration startTimeout = r.positiveSeconds("start-timeout", agent.startTimeout());
        Duration stopTimeout = r.seconds("stop-timeout", agent.stopTimeout());
        boolean ephemeral = r.bool("ephemeral", false);
        RestartPolicy restart = r.choice("restart", RestartPolicy.NO, RestartPolicy.class);
        if (r.failed() || misshapen) {
            return Draft.failed(name);
        }
        Map<String, Integer> keyLines = new HashMap<>();
        section.options().forEach(o -> keyLines.putIfAbsent(o.key(), o.line()));
        return new Draft(name, new ContainerEntry(name, lxcpath, after, wants, order, delay, ready, startTimeout,
                stopTimeout, ephemeral, restart, 0, ContainerEntry.Source.ENTRY, file, section.line(), null,
                Map.copyOf(keyLines)));
    }

    private static List<String> dependencies(SectionReader r, IniDocument.Section section, String key, String self) {
        List<String> names = r.list(key);
        int line = section.first(key).map(IniDocument.Option::line).orElse(section.line());
        for (String dep : names) {
            if (!Names.isValidContainer(dep)) {
                r.error(line, "invalid container name '" + dep + "' in " + key + ": " + Names.CONTAINER_RULE);
            } else if (dep.equals(self)) {
                r.error(line, "'" + self + "' lists itself in " + key + "; remove it");
            }
        }
        return names.stream().distinct().toList();
    }

    private static Readiness readiness(SectionReader r, IniDocument.Section section) {
        return section.first("ready").map(option -> {
            try {
                return Readiness.parse(option.value());
            } catch (IllegalArgumentException e) {
                r.error(option.line(), "invalid ready '" + option.value() + "': " + e.getMessage()
                        + "; expected " + Readiness.SYNTAX);
                return (Readiness) new Readiness.Running();
            }
        }).orElse(new Readiness.Running());
    }

    /** A read attempt: the name it claims, and the entry unless it was unusable. */
    record Draft(String name, ContainerEntry entry) {
        static Draft failed(String name) {
            return new Draft(name, null);
        }
    }
}
