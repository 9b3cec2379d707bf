package org.lxcauto.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code /etc/lxc/lxc-auto.conf}; a missing file means all defaults. */
public final class AgentConfigLoader {

    private static final Set<String> AGENT_KEYS = Set.of("lxcpath", "groups", "max-parallel", "on-boot",
            "on-agent-stop", "stop-unlisted", "shutdown-timeout", "stop-timeout", "start-timeout", "bridge-timeout",
            "metrics-file");
    private static final Set<String> BRIDGE_KEYS = Set.of("address", "ports", "stp", "manager");

    private AgentConfigLoader() {
    }

    /**
     * Loads the agent configuration.
     *
     * @param file the configuration file
     * @param lxcpathOverride the {@code --lxcpath} given on the command line, or null
     */
    public static AgentConfig load(Path file, Path lxcpathOverride, Problems problems) {
        return load(file, lxcpathOverride, new FileSafety(), problems);
    }

    /** As {@link #load(Path, Path, Problems)}, judging the file with {@code safety}. */
    static AgentConfig load(Path file, Path lxcpathOverride, FileSafety safety, Problems problems) {
        AgentConfig defaults = AgentConfig.defaults(AgentConfig.DEFAULT_LXCPATH);
        AgentConfig config = defaults;
        if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            config = read(file, defaults, safety, problems);
        }
        return lxcpathOverride == null ? config : config.withLxcpath(lxcpathOverride);
    }

    private static AgentConfig read(Path file, AgentConfig defaults, FileSafety safety, Problems problems) {
        if (!safety.check(file, null, problems)) {
            return defaults;
        }
        IniReader.Result result = IniReader.read(file, null);
        if (!result.ok()) {
            problems.add(result.problem());
            return defaults;
        }
        AgentConfig agent = defaults;
        List<InterfaceDeclaration> bridges = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (IniDocument.Section section : result.document().sections()) {
            Integer first = seen.putIfAbsent(section.name(), section.line());
            if (first != null) {
                problems.add(Problem.error(file, section.line(), null, "section [" + section.name()
                        + "] appears again (first on line " + first + "); merge the two"));
                continue;
            }
            if (section.name().equals("agent")) {
                agent = readAgent(file, section, defaults, problems);
            } else if (section.name().startsWith("bridge ")) {
                InterfaceDeclaration bridge = readBridge(file, section, problems);
                if (bridge != null) {
                    bridges.add(bridge);
                }
            } else {
                problems.add(Problem.error(file, section.line(), null, "unknown section [" + section.name()
                        + "]; expected [agent] or [bridge NAME]"));
            }
        }
        return new AgentConfig(agent.lxcpath(), agent.groups(), agent.maxParallel(), agent.onBoot(),
                agent.onAgentStop(), agent.stopUnlisted(), agent.shutdownTimeout(), agent.stopTimeout(),
                agent.startTimeout(), agent.bridgeTimeout(), agent.metricsFile(), List.copyOf(bridges));
    }

    private static AgentConfig readAgent(Path file, IniDocument.Section section, AgentConfig d, Problems problems) {
        SectionReader r = new SectionReader(file, section, null, problems);
        r.rejectUnknownKeys(AGENT_KEYS);
        r.rejectRepeats(AGENT_KEYS);
        Path lxcpath = r.parsed("lxcpath", d.lxcpath(), AgentConfigLoader::absolutePath, "an absolute directory path");
        List<String> groups = r.option("groups").map(o -> parseGroups(o.value())).orElse(d.groups());
        int parallel = r.integer("max-parallel", 0, 0, 4096);
        return new AgentConfig(lxcpath, groups, parallel == 0 ? d.maxParallel() : parallel,
                r.choice("on-boot", d.onBoot(), AgentConfig.OnBoot.class),
                r.choice("on-agent-stop", d.onAgentStop(), AgentConfig.OnAgentStop.class),
                r.bool("stop-unlisted", d.stopUnlisted()),
                r.positiveSeconds("shutdown-timeout", d.shutdownTimeout()),
                r.seconds("stop-timeout", d.stopTimeout()),
                r.positiveSeconds("start-timeout", d.startTimeout()),
                r.seconds("bridge-timeout", d.bridgeTimeout()),
                metricsFile(r, d.metricsFile()),
                List.of());
    }

    /**
     * Parses a group list as {@code lxc-autostart -g} does: comma-separated, and an empty item
     * (as in {@code onboot,}) selects containers that have no group.
     */
    public static List<String> parseGroups(String text) {
        List<String> groups = new ArrayList<>(Arrays.asList(text.strip().split(",", -1)));
        groups.replaceAll(String::strip);
        return List.copyOf(groups.stream().distinct().toList());
    }

    /** {@code metrics-file}: an absolute file path, or empty for no metrics file. */
    private static Path metricsFile(SectionReader r, Path defaultFile) {
        if (r.option("metrics-file").map(o -> o.value().isBlank()).orElse(false)) {
            return null;
        }
        return r.parsed("metrics-file", defaultFile, AgentConfigLoader::filePath,
                "an absolute file path, or nothing to write no metrics file");
    }

    static Path filePath(String text) {
        Path path = absolutePath(text);
        if (path.getFileName() == null || text.endsWith("/")) {
            throw new IllegalArgumentException("a directory");
        }
        return path;
    }

    static Path absolutePath(String text) {
        Path path = Path.of(text);
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("not absolute");
        }
        return path.normalize();
    }

    private static InterfaceDeclaration readBridge(Path file, IniDocument.Section section, Problems problems) {
        String name = section.name().substring("bridge ".length()).strip();
        SectionReader r = new SectionReader(file, section, null, problems);
        if (!Names.isValidInterface(name)) {
            r.error(section.line(), "invalid bridge name '" + name + "': " + Names.INTERFACE_RULE);
            return null;
        }
        r.rejectUnknownKeys(BRIDGE_KEYS);
        r.rejectRepeats(Set.of("stp", "manager"));
        List<String> addresses = r.list("address");
        int addressLine = section.first("address").map(IniDocument.Option::line).orElse(section.line());
        for (String address : addresses) {
            if (!Cidr.isValid(address)) {
                r.error(addressLine, "invalid address '" + address + "' for bridge " + name
                        + ": expected IPv4 or IPv6 CIDR such as 10.0.3.1/24 or fd00::1/64");
            }
        }
        for (String port : r.list("ports")) {
            if (!Names.isValidInterface(port)) {
                r.error(section.first("ports").orElseThrow().line(), "invalid port '" + port + "': " + Names.INTERFACE_RULE);
            }
        }
        InterfaceDeclaration bridge = new InterfaceDeclaration(name, InterfaceDeclaration.Kind.BRIDGE, addresses, false,
                r.list("ports"), r.bool("stp", false),
                r.choice("manager", InterfaceDeclaration.Manager.AUTO, InterfaceDeclaration.Manager.class), true,
                file, section.line());
        return r.failed() ? null : bridge;
    }
}
