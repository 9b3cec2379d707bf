package org.lxcauto.config;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one way unit tests make entries and configurations without files: {@code e("web").after("db")}
 * is an lxc-auto entry {@code /etc/lxc/auto/web.conf} for an LXC container under {@link #LXCPATH}
 * with every default, so that a test states only what it is about. Entries are made by {@link
 * ContainerEntry.Builder}, as the configuration loader makes them.
 */
public final class Entries {

    public static final Path LXCPATH = Path.of("/var/lib/lxc");
    public static final Path AUTO_DIR = Path.of("/etc/lxc/auto");

    private Entries() {
    }

    /** An lxc-auto entry for the LXC container {@code name}, until told otherwise. */
    public static Spec e(String name) {
        return new Spec(name);
    }

    /** A mutable description of one entry; {@link #build} makes the record. */
    public static final class Spec {
        private final String name;
        private Path lxcpath = LXCPATH;
        private List<String> after = List.of();
        private List<String> wants = List.of();
        private int order;
        private int delay;
        private int groupRank;
        private ContainerEntry.Source source = ContainerEntry.Source.ENTRY;
        private List<String> links = List.of();
        private Readiness ready = new Readiness.Running();
        private Duration startTimeout = Duration.ofSeconds(60);
        private Duration stopTimeout = Duration.ofSeconds(30);
        private boolean ephemeral;
        private List<Path> keep = List.of();
        private RestartPolicy restart = RestartPolicy.NO;
        private Optional<String> domainUri = Optional.empty();
        private boolean restartDependents = true;
        private Optional<AgentConfig.OnBoot> onBoot = Optional.empty();
        private List<String> stopExec = List.of();
        private List<org.lxcauto.need.Need> needs = List.of();
        private java.util.Optional<org.lxcauto.system.Accounts.Account> user = java.util.Optional.empty();
        private String haltSignal;

        private Spec(String name) {
            this.name = name;
        }

        public Spec after(String... names) {
            after = List.of(names);
            return this;
        }

        public Spec wants(String... names) {
            wants = List.of(names);
            return this;
        }

        public Spec order(int value) {
            order = value;
            return this;
        }

        /** The LXC container lives under {@code dir} instead of {@link #LXCPATH}. */
        public Spec lxcpath(Path dir) {
            lxcpath = dir;
            return this;
        }

        /** Its LXC config attaches it to these host interfaces ({@code lxc.net.N.link}). */
        public Spec links(String... names) {
            links = List.of(names);
            return this;
        }

        /** An {@code lxc.start.auto = 1} container with the given group rank, order and delay. */
        public Spec lxcKeys(int rank, int startOrder, int startDelay) {
            source = ContainerEntry.Source.LXC_KEYS;
            groupRank = rank;
            order = startOrder;
            delay = startDelay;
            return this;
        }

        /** What waits for it goes on only this long after it is ready ({@code start-delay}). */
        public Spec startDelay(int seconds) {
            delay = seconds;
            return this;
        }

        public Spec ready(String check) {
            ready = Readiness.parse(check);
            return this;
        }

        public Spec startTimeout(int seconds) {
            startTimeout = Duration.ofSeconds(seconds);
            return this;
        }

        public Spec stopTimeout(int seconds) {
            stopTimeout = Duration.ofSeconds(seconds);
            return this;
        }

        public Spec ephemeral() {
            ephemeral = true;
            return this;
        }

        /** Ephemeral, keeping these directories across runs. */
        public Spec keep(String... dirs) {
            ephemeral = true;
            keep = java.util.Arrays.stream(dirs).map(Path::of).toList();
            return this;
        }

        /** {@code restart-dependents = no} when false. */
        public Spec restartDependents(boolean value) {
            restartDependents = value;
            return this;
        }

        /** The entry's own {@code on-boot}. */
        public Spec onBoot(AgentConfig.OnBoot value) {
            onBoot = Optional.of(value);
            return this;
        }

        public Spec restart(RestartPolicy policy) {
            restart = policy;
            return this;
        }

        /** {@code user = NAME}: a per-user container of {@code account}. */
        public Spec user(org.lxcauto.system.Accounts.Account account) {
            user = java.util.Optional.of(account);
            return this;
        }

        /** {@code stop-exec = ARGV...}: run inside before the halt. */
        /** {@code needs = TOKEN...}, each token parsed as an entry's are. */
        public Spec needs(String... tokens) {
            needs = Arrays.stream(tokens).map(org.lxcauto.need.NeedSyntax::parse).toList();
            return this;
        }

        public Spec stopExec(String... argv) {
            stopExec = List.of(argv);
            return this;
        }

        /** Its LXC config sets {@code lxc.signal.halt} to {@code signal}. */
        public Spec haltSignal(String signal) {
            haltSignal = signal;
            return this;
        }

        /** A {@code [domain]} entry under {@code uri} instead of an LXC container. */
        public Spec domain(String uri) {
            domainUri = Optional.of(uri);
            return this;
        }

        public ContainerEntry build() {
            Path dir = lxcpath.resolve(name);
            boolean lxcKeys = source == ContainerEntry.Source.LXC_KEYS;
            Path file = lxcKeys ? dir.resolve("config") : AUTO_DIR.resolve(name + ".conf");
            Target target = domainUri.<Target>map(Target.Domain::new).orElseGet(() -> new Target.Lxc(lxcpath,
                    new LxcConfig(dir.resolve("config"), lxcKeys, order, delay, List.of(), links, haltSignal, 0), ephemeral,
                    restart, stopExec, keep, user, restartDependents));
            return ContainerEntry.builder(name, source, file, source == ContainerEntry.Source.ENTRY ? 1 : 0)
                    .target(target).after(after).wants(wants).order(order).startDelay(Duration.ofSeconds(delay))
                    .ready(ready).startTimeout(startTimeout).stopTimeout(stopTimeout).needs(needs).groupRank(groupRank)
                    .onBoot(onBoot).build();
        }
    }

    /** Agent settings: the defaults, with 4 containers at once; {@link #build} makes the record. */
    public static Agent agent() {
        return new Agent();
    }

    /** A mutable copy of the agent defaults. */
    public static final class Agent {
        private int maxParallel = 4;
        private boolean stopUnlisted = true;
        private Duration stopTimeout = Duration.ofSeconds(30);
        private Duration bridgeTimeout = Duration.ofSeconds(30);
        private AgentConfig.OnBoot onBoot = AgentConfig.OnBoot.START;
        private java.nio.file.Path metricsFile;

        private Agent() {
        }

        public Agent onBoot(AgentConfig.OnBoot value) {
            onBoot = value;
            return this;
        }

        public Agent maxParallel(int value) {
            maxParallel = value;
            return this;
        }

        public Agent stopUnlisted(boolean value) {
            stopUnlisted = value;
            return this;
        }

        public Agent stopTimeout(int seconds) {
            stopTimeout = Duration.ofSeconds(seconds);
            return this;
        }

        public Agent bridgeTimeout(int seconds) {
            bridgeTimeout = Duration.ofSeconds(seconds);
            return this;
        }

        /** The metrics file; unit tests write none unless they ask, so that no test writes the host's. */
        public Agent metricsFile(java.nio.file.Path file) {
            metricsFile = file;
            return this;
        }

        public AgentConfig build() {
            AgentConfig d = AgentConfig.defaults(LXCPATH);
            return new AgentConfig(d.lxcpath(), d.groups(), maxParallel, onBoot, d.onAgentStop(), stopUnlisted,
                    d.shutdownTimeout(), stopTimeout, d.startTimeout(), bridgeTimeout, metricsFile, d.bridges());
        }
    }

    public static Configuration config(Spec... entries) {
        return config(agent(), Map.of(), entries);
    }

    public static Configuration config(Agent agent, Spec... entries) {
        return config(agent, Map.of(), entries);
    }

    /** A configuration where {@code broken} names containers whose files were unusable. */
    public static Configuration config(Map<String, Problem> broken, Spec... entries) {
        return config(agent(), broken, entries);
    }

    private static Configuration config(Agent agent, Map<String, Problem> broken, Spec... entries) {
        List<ContainerEntry> list = Arrays.stream(entries).map(Spec::build).toList();
        return new Configuration(agent.build(), AUTO_DIR, list, new LinkedHashMap<>(broken),
                List.copyOf(broken.values()), List.of());
    }

    /** The LXC container an entry names; fails the test for a domain. */
    public static Target.Lxc lxc(ContainerEntry entry) {
        return assertInstanceOf(Target.Lxc.class, entry.target(),
                () -> "'" + entry.name() + "' is not an LXC container");
    }

    /** The libvirt domain an entry names; fails the test for an LXC container. */
    public static Target.Domain domain(ContainerEntry entry) {
        return assertInstanceOf(Target.Domain.class, entry.target(), () -> "'" + entry.name() + "' is not a domain");
    }
}
