package org.lxcauto.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lxcauto.config.TempConfig.problemContaining;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /etc/lxc/lxc-auto.conf} (docs/configuration.md, /etc/lxc/lxc-auto.conf). */
class AgentConfigLoaderTest {

    @TempDir
    Path root;
    TempConfig t;

    @BeforeEach
    void setUp() {
        t = new TempConfig(root);
    }

    private AgentConfig agent(String... lines) {
        t.agent(lines);
        return AgentConfigLoader.load(t.configFile, null, new Problems());
    }

    private Problems problems(String... lines) {
        t.agent(lines);
        Problems problems = new Problems();
        AgentConfigLoader.load(t.configFile, null, problems);
        return problems;
    }

    @Test
    void missingFileMeansDefaults() {
        Problems problems = new Problems();
        AgentConfig config = AgentConfigLoader.load(root.resolve("absent.conf"), null, problems);
        assertEquals(AgentConfig.defaults(AgentConfig.DEFAULT_LXCPATH), config);
        assertEquals(List.of("onboot", ""), config.groups());
        assertEquals(Runtime.getRuntime().availableProcessors() * 2, config.maxParallel());
        assertEquals(List.of(), problems.all());
    }

    @Test
    void everyKeyIsParsed() {
        AgentConfig c = agent(
                "[agent]",
                "lxcpath = /srv/lxc/ ; trailing slash",
                "groups = onboot, db",
                "max-parallel = 3",
                "on-boot = restore",
                "on-agent-stop = always",
                "stop-unlisted = no",
                "shutdown-timeout = 300",
                "stop-timeout = 0",
                "start-timeout = 15",
                "bridge-timeout = 5",
                "metrics-file = /run/metrics/lxc.prom");
        assertEquals(Path.of("/srv/lxc"), c.lxcpath());
        assertEquals(List.of("onboot", "db"), c.groups());
        assertEquals(3, c.maxParallel());
        assertEquals(AgentConfig.OnBoot.RESTORE, c.onBoot());
        assertEquals(AgentConfig.OnAgentStop.ALWAYS, c.onAgentStop());
        assertFalse(c.stopUnlisted());
        assertEquals(Duration.ofSeconds(300), c.shutdownTimeout());
        assertEquals(Duration.ZERO, c.stopTimeout());
        assertEquals(Duration.ofSeconds(15), c.startTimeout());
        assertEquals(Duration.ofSeconds(5), c.bridgeTimeout());
        assertEquals(Path.of("/run/metrics/lxc.prom"), c.metricsFile());
        assertEquals(List.of(), c.bridges());
    }

    @Test
    void groupsParseLikeLxcAutostart() {
        assertEquals(List.of("onboot", ""), AgentConfigLoader.parseGroups("onboot,"));
        assertEquals(List.of("a", "b", ""), AgentConfigLoader.parseGroups(" a , b,,a,"));
        assertEquals(List.of(""), AgentConfigLoader.parseGroups(""));
        assertEquals(List.of("onboot", ""), agent("[agent]", "groups = onboot,   ; default").groups());
    }

    @Test
    void maxParallelZeroMeansTwiceTheCpus() {
        assertEquals(Runtime.getRuntime().availableProcessors() * 2, agent("[agent]", "max-parallel = 0").maxParallel());
        assertEquals(1, agent("[agent]", "max-parallel = 1").maxParallel());
    }

    @Test
    void metricsFileIsNodeExportersByDefaultAndEmptyTurnsItOff() {
        assertEquals(Path.of("/var/lib/prometheus/node-exporter/lxc-auto.prom"), agent("[agent]").metricsFile());
        assertEquals(Path.of("/srv/metrics/lxc-auto.prom"), agent("[agent]", "metrics-file = /srv/metrics/./lxc-auto.prom")
                .metricsFile());
        assertNull(agent("[agent]", "metrics-file =").metricsFile());
        assertNull(agent("[agent]", "metrics-file =   ; off").metricsFile());
        assertTrue(problems("[agent]", "metrics-file =").all().isEmpty());
    }

    /** The file the package installs writes every default out, the metrics file included. */
    @Test
    void theShippedFileSaysTheDefaults() throws java.io.IOException {
        java.util.List<String> shipped = java.nio.file.Files.readAllLines(Path.of("..", "config", "lxc-auto.conf"));
        t.agent(shipped.toArray(String[]::new));
        Problems problems = new Problems();
        AgentConfig c = AgentConfigLoader.load(t.configFile, null, problems);
        assertEquals(List.of(), problems.all());
        assertEquals(AgentConfig.defaults(AgentConfig.DEFAULT_LXCPATH), c);
        assertTrue(shipped.contains("metrics-file = /var/lib/prometheus/node-exporter/lxc-auto.prom"));
    }

    @Test
    void lxcpathOverrideWins() {
        t.agent("[agent]", "lxcpath = /srv/lxc");
        AgentConfig c = AgentConfigLoader.load(t.configFile, Path.of("/opt/lxc"), new Problems());
        assertEquals(Path.of("/opt/lxc"), c.lxcpath());
        assertEquals(Path.of("/srv/lxc"), AgentConfigLoader.load(t.configFile, null, new Problems()).lxcpath());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "max-parallel = -1       | invalid max-parallel '-1': expected a whole number between 0 and 4096",
        "max-parallel = lots     | invalid max-parallel 'lots'",
        "on-boot = resume        | invalid on-boot 'resume': expected start",
        "on-agent-stop = never   | invalid on-agent-stop 'never'",
        "stop-unlisted = perhaps | invalid stop-unlisted 'perhaps': expected yes or no",
        "shutdown-timeout = 0    | invalid shutdown-timeout '0': expected a whole number of seconds, 1 or more",
        "start-timeout = -3      | invalid start-timeout '-3'",
        "stop-timeout = -3       | invalid stop-timeout '-3'",
        "bridge-timeout = 1m     | invalid bridge-timeout '1m'",
        "lxcpath = var/lib/lxc   | invalid lxcpath 'var/lib/lxc': expected an absolute directory path",
        "metrics-file = lxc.prom | invalid metrics-file 'lxc.prom': expected an absolute file path, or nothing to write no metrics file",
        "metrics-file = /var/lib/prometheus/ | invalid metrics-file '/var/lib/prometheus/'",
        "metrics-file = /        | invalid metrics-file '/'",
        "metrics-fle = /a.prom   | unknown key 'metrics-fle'; did you mean 'metrics-file'?",
        "max-paralel = 2         | unknown key 'max-paralel'; did you mean 'max-parallel'?"})
    void badValuesAreErrorsAtTheirLineAndFallBackToDefaults(String line, String message) {
        Problems problems = problems("# agent", "[agent]", line);
        Problem p = problems.all().stream().filter(x -> x.message().startsWith(message))
                .findFirst().orElseThrow(() -> new AssertionError(problems.all().toString()));
        assertEquals(t.configFile + ":3: " + p.message(), p.toString());
        assertNull(p.container());
        assertTrue(problems.hasErrors());
        AgentConfig c = AgentConfigLoader.load(t.configFile, null, new Problems());
        AgentConfig d = AgentConfig.defaults(AgentConfig.DEFAULT_LXCPATH);
        assertEquals(d, c);
    }

    @Test
    void unknownAndRepeatedSectionsAreReported() {
        t.agent("[agent]", "max-parallel = 2", "", "[agnet]", "groups = x", "[agent]", "max-parallel = 9");
        Configuration c = t.load();
        Problem unknown = problemContaining(c, "unknown section [agnet]");
        assertEquals(t.configFile + ":4: unknown section [agnet]; expected [agent] or [bridge NAME]", unknown.toString());
        Problem again = problemContaining(c, "section [agent] appears again (first on line 1)");
        assertEquals(6, again.line());
        assertEquals(2, c.agent().maxParallel());
        assertFalse(c.valid());
    }

    @Test
    void repeatedKeyIsAnError() {
        Problems problems = problems("[agent]", "stop-timeout = 1", "stop-timeout = 2");
        assertEquals(List.of(3), problems.all().stream().map(Problem::line).toList());
        assertTrue(problems.all().get(0).message().contains("'stop-timeout' is set again (first on line 2)"));
    }

    @Test
    void bridgesAreDeclared() {
        AgentConfig c = agent("[agent]", "",
                "[bridge lxcbr0]",
                "address = 10.0.3.1/24",
                "address = fd00::1/64",
                "ports = eth1 eth2",
                "stp = yes",
                "manager = networkmanager",
                "[bridge br1]");
        assertEquals(2, c.bridges().size());
        InterfaceDeclaration b = c.bridges().get(0);
        assertEquals(new InterfaceDeclaration("lxcbr0", InterfaceDeclaration.Kind.BRIDGE, List.of("10.0.3.1/24", "fd00::1/64"),
                false, List.of("eth1", "eth2"), true, InterfaceDeclaration.Manager.NETWORKMANAGER, true, t.configFile, 3), b);
        assertEquals(new InterfaceDeclaration("br1", InterfaceDeclaration.Kind.BRIDGE, List.of(), false, List.of(), false,
                InterfaceDeclaration.Manager.AUTO, true, t.configFile, 9), c.bridges().get(1));
    }

    @Test
    void badBridgesAreDroppedWithAProblem() {
        Problems problems = new Problems();
        t.agent("[bridge this-name-is-too-long]", "[bridge br0]", "manager = systemd", "[bridge br1]", "adress = 1.2.3.4/8",
                "[bridge br2]");
        AgentConfig c = AgentConfigLoader.load(t.configFile, null, problems);
        assertEquals(List.of("br2"), c.bridges().stream().map(InterfaceDeclaration::name).toList());
        List<String> shown = problems.all().stream().map(Problem::toString).toList();
        assertEquals(3, shown.size(), shown::toString);
        assertTrue(shown.get(0).startsWith(t.configFile + ":1: invalid bridge name 'this-name-is-too-long'"));
        assertTrue(shown.get(1).startsWith(t.configFile + ":3: invalid manager 'systemd'"));
        assertEquals(t.configFile + ":5: unknown key 'adress'; did you mean 'address'?", shown.get(2));
    }

    @Test
    void syntaxErrorKeepsDefaults() {
        Problems problems = problems("", "max-parallel = 2");
        assertEquals(2, problems.all().get(0).line());
        assertEquals(AgentConfig.defaultParallelism(), AgentConfigLoader.load(t.configFile, null, new Problems()).maxParallel());
    }
}
