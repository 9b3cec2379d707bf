package org.lxcauto.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lxcauto.system.Accounts;
import org.lxcauto.system.PasswdAccounts;

/**
 * Reads all three autostart sources (docs/configuration.md, which containers autostart) and merges
 * them.
 *
 * <p>Steps: read the agent configuration; read every {@code AUTO_DIR/*.conf} (legacy symlink or
 * lxc-auto entry); scan the lxcpath for {@code lxc.start.auto = 1}; refuse names given twice; attach
 * each container's LXC config. A problem in one container's configuration marks that container
 * broken and never stops the others from loading.
 */
public final class ConfigurationLoader {

    private final Problems problems = new Problems();
    /** Owner and mode checks for every file read, with each directory judged once per load. */
    private final FileSafety safety = new FileSafety();
    private final Map<String, List<ContainerEntry>> byName = new TreeMap<>();
    private final Map<String, Problem> broken = new LinkedHashMap<>();
    /** LXC configs the lxcpath scan read, with what reading them found: each file is read once. */
    private final Map<Path, Scanned> scanned = new java.util.HashMap<>();

    /** An LXC config as the scan read it; its problems count only if an entry uses it. */
    private record Scanned(LxcConfig config, List<Problem> problems) {
    }

    /** The passwd database, for {@code user = NAME}. */
    private final Accounts accounts;
    /** Per-user safety checks ({@code user = NAME}): a user's container files may also be that user's. */
    private final Map<Integer, FileSafety> userSafety = new java.util.concurrent.ConcurrentHashMap<>();

    private ConfigurationLoader(Accounts accounts) {
        this.accounts = accounts;
    }

    /**
     * Loads everything.
     *
     * @param configFile {@code /etc/lxc/lxc-auto.conf} or its override
     * @param autoDir {@code /etc/lxc/auto} or its override
     * @param lxcpathOverride {@code --lxcpath}, or null to use the configured one
     */
    public static Configuration load(Path configFile, Path autoDir, Path lxcpathOverride) {
        return load(configFile, autoDir, lxcpathOverride, new PasswdAccounts());
    }

    /** As {@link #load(Path, Path, Path)}, with {@code user = NAME} looked up in {@code accounts}. */
    public static Configuration load(Path configFile, Path autoDir, Path lxcpathOverride, Accounts accounts) {
        return new ConfigurationLoader(accounts).run(configFile, autoDir, lxcpathOverride);
    }

    private Configuration run(Path configFile, Path autoDir, Path lxcpathOverride) {
        AgentConfig agent = AgentConfigLoader.load(configFile, lxcpathOverride, safety, problems);
        readAutoDir(autoDir, agent);
        scanLxcKeys(agent);
        refuseEphemeralCollisions();
        List<Map.Entry<String, List<ContainerEntry>>> named = List.copyOf(byName.entrySet());
        List<Attached> attached = ParallelReads.map(named, n -> n.getValue().size() > 1 || broken.containsKey(n.getKey())
                ? null : attachLxcConfig(n.getValue().get(0)));
        List<ContainerEntry> entries = new ArrayList<>();
        for (int i = 0; i < named.size(); i++) {
            if (named.get(i).getValue().size() > 1) {
                reportDuplicate(named.get(i).getKey(), named.get(i).getValue());
            } else if (attached.get(i) != null) {
                attached.get(i).problems().forEach(problems::add);
                if (attached.get(i).entry() != null) {
                    entries.add(attached.get(i).entry());
                } else {
                    broken.putIfAbsent(named.get(i).getKey(), attached.get(i).refusal());
                }
            }
        }
        List<InterfaceDeclaration> interfaces = interfaces(agent, autoDir.resolve("interfaces"));
        return new Configuration(agent, autoDir, List.copyOf(entries), Map.copyOf(broken), problems.all(), interfaces);
    }

    /**
     * {@code [bridge]} sections and netcf files together; an interface declared twice is an error
     * in both places and neither declaration is used, so containers needing it wait for it as for
     * any undeclared interface.
     */
    private List<InterfaceDeclaration> interfaces(AgentConfig agent, Path xmlDir) {
        List<InterfaceDeclaration> all = new ArrayList<>(agent.bridges());
        all.addAll(NetcfReader.readAll(xmlDir, safety, problems));
        Map<String, List<InterfaceDeclaration>> byName = new TreeMap<>();
        all.forEach(i -> byName.computeIfAbsent(i.name(), k -> new ArrayList<>()).add(i));
        List<InterfaceDeclaration> unique = new ArrayList<>();
        for (List<InterfaceDeclaration> same : byName.values()) {
            if (same.size() == 1) {
                unique.add(same.get(0));
                continue;
            }
            String where = String.join(" and ", same.stream().map(InterfaceDeclaration::origin).toList());
            for (InterfaceDeclaration i : same) {
                problems.add(Problem.error(i.file(), i.line(), null, "interface '" + i.name() + "' is declared twice: "
                        + where + "; keep one"));
            }
        }
        return List.copyOf(unique);
    }

    private void readAutoDir(Path autoDir, AgentConfig agent) {
        if (!Files.isDirectory(autoDir)) {
            return;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(autoDir, "*.conf")) {
            stream.forEach(files::add);
        } catch (IOException e) {
            problems.add(Problem.error(autoDir, 0, null, "cannot list: " + IniReader.describe(e)));
            return;
        }
        files.sort(Comparator.comparing(Path::toString));
        if (!safety.checkDirectory(autoDir, problems)) {
            // Anyone could have put any of these files there: none is used, each is reported.
            Problem unsafe = problems.all().get(problems.all().size() - 1);
            files.forEach(file -> broken.putIfAbsent(defaultName(file), unsafe));
            return;
        }
        // Entries are read side by side (a FIFO or a directory is refused there, by name), then
        // taken in file order; legacy symlinks are few, and read in turn.
        List<EntryRead> reads = ParallelReads.map(files, file -> Files.isSymbolicLink(file) ? null
                : readEntry(file, defaultName(file), agent));
        for (int i = 0; i < files.size(); i++) {
            if (reads.get(i) == null) {
                readLegacySymlink(files.get(i), defaultName(files.get(i)), agent);
            } else {
                int before = problems.all().size();
                reads.get(i).problems().forEach(problems::add);
                if (reads.get(i).entry() == null) {
                    markBroken(reads.get(i).name(), before);
                } else {
                    add(reads.get(i).entry());
                }
            }
        }
    }

    /** What reading one entry file found: its problems, and the entry or the name it is broken under. */
    private record EntryRead(String name, List<Problem> problems, ContainerEntry entry) {
    }

    private static String defaultName(Path file) {
        return file.getFileName().toString().replaceFirst("\\.conf$", "");
    }

    /** Reads one entry file; on any thread, so it records nothing but its result. */
    private EntryRead readEntry(Path file, String defaultName, AgentConfig agent) {
        Problems found = new Problems();
        if (!safety.check(file, defaultName, found)) {
            return new EntryRead(defaultName, found.all(), null);
        }
        IniReader.Result result = IniReader.read(file, defaultName);
        if (!result.ok()) {
            found.add(result.problem());
            return new EntryRead(defaultName, found.all(), null);
        }
        EntryReader.Draft draft = EntryReader.read(result.document(), defaultName, agent, accounts, found);
        return new EntryRead(draft.name(), found.all(), draft.entry());
    }

    private void readLegacySymlink(Path link, String defaultName, AgentConfig agent) {
        if (!Files.exists(link) && !isLoop(link)) {
            fail(link, defaultName, "dangling symlink to " + danglingTarget(link) + "; point it at LXCPATH/NAME/config"
                    + " of an existing container or remove it");
            return;
        }
        // The link, its directory, its target and the target's directories (a loop fails here too).
        if (!safety.check(link, defaultName, problems)) {
            broken.putIfAbsent(defaultName, problems.all().get(problems.all().size() - 1));
            return;
        }
        Path target;
        try {
            target = link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
        } catch (IOException e) {
            fail(link, defaultName, "cannot read symlink: " + IniReader.describe(e));
            return;
        }
        Path containerDir = target.getParent();
        if (!target.getFileName().toString().equals("config") || containerDir == null || containerDir.getParent() == null) {
            fail(link, defaultName, "symlink points to " + target + ", not to a container config"
                    + " (LXCPATH/NAME/config); fix the link or replace it with an lxc-auto entry");
            return;
        }
        String name = containerDir.getFileName().toString();
        if (!Names.isValidContainer(name)) {
            fail(link, defaultName, "invalid container name '" + name + "': " + Names.CONTAINER_RULE);
            return;
        }
        // Its LXC config is read once the name proves unique (attachLxcConfig).
        add(ContainerEntry.builder(name, ContainerEntry.Source.LEGACY_SYMLINK, link, 0)
                .target(new Target.Lxc(containerDir.getParent(), null, false, RestartPolicy.NO))
                .startTimeout(agent.startTimeout()).stopTimeout(agent.stopTimeout()).build());
    }

    /** True when resolving {@code link} fails for another reason than a missing target (a loop). */
    private static boolean isLoop(Path link) {
        try {
            link.toRealPath();
            return false;
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return true; // FileSafety names the cause (ELOOP)
        }
    }

    private static String danglingTarget(Path link) {
        try {
            return link.getParent().resolve(Files.readSymbolicLink(link)).normalize().toString();
        } catch (IOException e) {
            return "an unreadable target";
        }
    }

    private void scanLxcKeys(AgentConfig agent) {
        Path lxcpath = agent.lxcpath();
        if (!Files.isDirectory(lxcpath)) {
            return;
        }
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(lxcpath)) {
            stream.forEach(dirs::add);
        } catch (IOException e) {
            problems.add(Problem.warning(lxcpath, 0, null, "cannot list lxcpath: " + IniReader.describe(e)
                    + "; containers with lxc.start.auto = 1 there are not started"));
            return;
        }
        dirs.sort(Comparator.comparing(Path::toString));
        for (Scan scan : ParallelReads.map(dirs, ConfigurationLoader::scan)) {
            if (scan == null) {
                continue;
            }
            Path config = scan.config();
            String name = config.getParent().getFileName().toString();
            if (scan.unreadable() != null) {
                problems.add(Problem.warning(config, scan.unreadable().line(), name, scan.unreadable().getMessage()
                        + "; if it says lxc.start.auto = 1, it is not started"));
                continue;
            }
            LxcConfig lxc = scan.scanned().config();
            scanned.put(config, scan.scanned());
            int rank = groupRank(lxc.groups(), agent.groups());
            if (lxc.startAuto() && rank >= 0) {
                add(ContainerEntry.builder(name, ContainerEntry.Source.LXC_KEYS, config, lxc.startAutoLine())
                        .target(new Target.Lxc(lxcpath, lxc, false, RestartPolicy.NO)).order(lxc.startOrder())
                        .startDelay(java.time.Duration.ofSeconds(lxc.startDelay())).startTimeout(agent.startTimeout())
                        .stopTimeout(agent.stopTimeout()).groupRank(rank)
                        .keyLines(Map.of("lxc.start.auto", lxc.startAutoLine())).build());
            }
        }
    }

    /** One container directory of the lxcpath, read: its config, or why it could not be read. */
    private record Scan(Path config, Scanned scanned, ConfigFiles.Unreadable unreadable) {
    }

    /** Reads {@code dir}'s config, if it is a container's; on any thread. */
    private static Scan scan(Path dir) {
        Path config = dir.resolve("config");
        String name = dir.getFileName().toString();
        if (!Names.isValidContainer(name) || !Files.isRegularFile(config)) {
            return null;
        }
        Problems found = new Problems();
        try {
            return new Scan(config, new Scanned(LxcConfigReader.read(config, name, found), found.all()), null);
        } catch (ConfigFiles.Unreadable e) {
            return new Scan(config, null, e);
        }
    }

    /**
     * The index of the first selected group the container belongs to, or -1 if none: the position
     * at which {@code lxc-autostart -g GROUPS} would start it. The empty group selects containers
     * that have no group at all.
     */
    public static int groupRank(List<String> containerGroups, List<String> selected) {
        for (int i = 0; i < selected.size(); i++) {
            String group = selected.get(i);
            if (group.isEmpty() ? containerGroups.isEmpty() : containerGroups.contains(group)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * An entry with its LXC config attached, or the reason it has none: the problems found (in
     * order) and the one that makes it unusable.
     */
    private record Attached(List<Problem> problems, ContainerEntry entry, Problem refusal) {
        static Attached refused(Problems found) {
            List<Problem> all = found.all();
            return new Attached(all, null, all.get(all.size() - 1));
        }
    }

    /** Attaches the entry's LXC config; on any thread, so it records nothing but its result. */
    private Attached attachLxcConfig(ContainerEntry entry) {
        if (!(entry.target() instanceof Target.Lxc container)) {
            return new Attached(List.of(), entry, null); // a domain: libvirt holds its definition; whether it exists is asked at start
        }
        Path config = container.lxcpath().resolve(entry.name()).resolve("config");
        Problems found = new Problems();
        if (!Files.exists(config, LinkOption.NOFOLLOW_LINKS)) {
            found.add(Problem.error(entry.file(), entry.line(), entry.name(), "container '" + entry.name() + "' not found: "
                    + config + " does not exist; create it with 'lxc-create -P " + container.lxcpath() + " -n "
                    + entry.name() + "' or fix name/lxcpath"));
            return Attached.refused(found);
        }
        // lxc-start runs what this file says, as root: it is held to the same rules as the entries.
        FileSafety judge = container.user().map(u -> userSafety.computeIfAbsent(u.uid(), uid -> FileSafety.trusting(uid, u.gid())))
                .orElse(safety);
        if (!judge.checkContainerConfig(config, entry.name(), () -> IdMap.mappedRoot(config), found)) {
            return Attached.refused(found);
        }
        Scanned known = scanned.get(config);
        if (known != null) {
            known.problems().forEach(found::add);
            return new Attached(found.all(), entry.withTarget(container.withConfig(known.config())), null);
        }
        try {
            LxcConfig lxc = LxcConfigReader.read(config, entry.name(), found);
            return new Attached(found.all(), entry.withTarget(container.withConfig(lxc)), null);
        } catch (ConfigFiles.Unreadable e) {
            found.add(Problem.error(config, e.line(), entry.name(), "cannot use the container config: " + e.getMessage()));
            return Attached.refused(found);
        }
    }

    /**
     * An ephemeral container runs as its overlay copy {@code NAME-ephemeral}: an entry of that name
     * beside it would start, stop and adopt the other's copy. Both are refused, each naming the other.
     */
    private void refuseEphemeralCollisions() {
        for (Map.Entry<String, List<ContainerEntry>> named : List.copyOf(byName.entrySet())) {
            for (ContainerEntry entry : named.getValue()) {
                if (!(entry.target() instanceof Target.Lxc container && container.ephemeral())) {
                    continue;
                }
                List<ContainerEntry> copies = byName.get(entry.name() + Names.EPHEMERAL_SUFFIX);
                if (copies == null) {
                    continue;
                }
                for (ContainerEntry copy : copies) {
                    String why = "'" + entry.name() + "' (" + entry.file() + ":" + nameLine(entry) + ") is ephemeral"
                            + " and runs as '" + copy.name() + "', the name of " + copy.file() + ":" + nameLine(copy)
                            + "; rename one of them";
                    fail(entry.file(), nameLine(entry), entry.name(), why);
                    fail(copy.file(), nameLine(copy), copy.name(), why);
                }
            }
        }
    }

    private void reportDuplicate(String name, List<ContainerEntry> entries) {
        List<String> where = entries.stream()
                .map(e -> e.file() + ":" + nameLine(e) + " (" + e.source().label() + ")").toList();
        boolean viaLxcKeys = entries.stream().anyMatch(e -> e.source() == ContainerEntry.Source.LXC_KEYS);
        String fix = viaLxcKeys ? "keep one: remove the entry, or set lxc.start.auto = 0 in the container's config"
                : "keep one: remove or rename the other file";
        for (ContainerEntry entry : entries) {
            fail(entry.file(), nameLine(entry), name, "container '" + name + "' is named twice: "
                    + String.join(" and ", where) + "; " + fix);
        }
    }

    /** The line that gives the entry its name: {@code name =}, {@code lxc.start.auto}, or the section. */
    private static int nameLine(ContainerEntry entry) {
        return entry.source() == ContainerEntry.Source.LXC_KEYS ? entry.lineOf("lxc.start.auto") : entry.lineOf("name");
    }

    private void add(ContainerEntry entry) {
        byName.computeIfAbsent(entry.name(), k -> new ArrayList<>()).add(entry);
    }

    /** Marks {@code name} broken, with the first error recorded since problem number {@code since}. */
    private void markBroken(String name, int since) {
        List<Problem> all = problems.all();
        all.subList(since, all.size()).stream().filter(p -> p.severity() == Problem.Severity.ERROR)
                .findFirst().ifPresent(p -> broken.putIfAbsent(name, p));
    }

    private void fail(Path file, String container, String message) {
        fail(file, 0, container, message);
    }

    private void fail(Path file, int line, String container, String message) {
        Problem problem = Problem.error(file, line, container, message);
        problems.add(problem);
        broken.putIfAbsent(container, problem);
    }
}
