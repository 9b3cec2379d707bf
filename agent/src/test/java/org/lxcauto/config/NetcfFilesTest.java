package org.lxcauto.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files under {@code /etc/lxc/auto/interfaces}: they are read by root, so entities and
 * writable files are refused; one bad file never hides the good ones; and an interface declared
 * both there and in {@code [bridge]} is an error in both places.
 */
class NetcfFilesTest {

    @TempDir
    Path root;
    TempConfig t;
    Path interfaces;

    @BeforeEach
    void setUp() {
        t = new TempConfig(root);
        interfaces = t.autoDir.resolve("interfaces");
    }

    private static List<Problem> errors(Problems problems) {
        return problems.all().stream().filter(p -> p.severity() == Problem.Severity.ERROR).toList();
    }

    @Test
    void externalEntityIsNeverExpanded() {
        // The "secret" is a valid interface name: were the entity expanded, br9 would be declared.
        Path secret = TempConfig.write(root.resolve("secret"), "br9");
        Path file = TempConfig.write(interfaces.resolve("evil.xml"),
                "<?xml version='1.0'?>",
                "<!DOCTYPE interface [ <!ENTITY leak SYSTEM '" + secret.toUri() + "'> ]>",
                "<interface type='bridge' name='&leak;'/>");
        Problems problems = new Problems();
        Optional<InterfaceDeclaration> declaration = NetcfReader.read(file, problems);
        assertEquals(Optional.empty(), declaration);
        List<Problem> all = problems.all();
        assertEquals(1, all.size(), all::toString);
        Problem problem = all.get(0);
        assertEquals(Problem.Severity.ERROR, problem.severity());
        assertEquals(file, problem.file());
        assertEquals(2, problem.line(), problem::toString);
        assertTrue(problem.message().contains("DOCTYPE"), problem::toString);
        assertFalse(problem.message().contains("br9"), problem::toString);
    }

    @Test
    void internalEntityExpansionIsRefusedToo() {
        // No DTD at all, so no "billion laughs" either.
        Path file = TempConfig.write(interfaces.resolve("laughs.xml"),
                "<!DOCTYPE interface [ <!ENTITY n 'br1'> ]>",
                "<interface type='bridge' name='&n;'/>");
        Problems problems = new Problems();
        assertEquals(Optional.empty(), NetcfReader.read(file, problems));
        assertEquals(List.of(1), errors(problems).stream().map(Problem::line).toList(), problems.all()::toString);
    }

    @Test
    void groupWritableFileIsRefused() {
        Path file = TempConfig.write(interfaces.resolve("br0.xml"), "<interface type='bridge' name='br0'/>");
        TempConfig.chmod(file, "rw-rw-r--");
        Problems problems = new Problems();
        assertEquals(Optional.empty(), NetcfReader.read(file, problems));
        List<Problem> all = problems.all();
        assertEquals(1, all.size(), all::toString);
        assertEquals(Problem.Severity.ERROR, all.get(0).severity());
        assertEquals(file, all.get(0).file());
        assertTrue(all.get(0).message().contains("writable by group"), all.get(0)::toString);
        assertTrue(all.get(0).message().contains("chmod go-w"), all.get(0)::toString);
    }

    @Test
    void oneBadFileNeverHidesTheGoodOnes() {
        TempConfig.write(interfaces.resolve("a-broken.xml"), "<interface type='bridge' name='br9'>");
        TempConfig.write(interfaces.resolve("b-br0.xml"), "<interface type='bridge' name='br0'/>");
        Path writable = TempConfig.write(interfaces.resolve("c-writable.xml"), "<interface type='bridge' name='br8'/>");
        TempConfig.chmod(writable, "rw-rw-rw-");
        TempConfig.write(interfaces.resolve("d-vlan.xml"), "<interface type='vlan' name='eth0.5'/>");
        TempConfig.write(interfaces.resolve("e-eth1.xml"), "<interface type='ethernet' name='eth1'/>");
        TempConfig.write(interfaces.resolve("notes.txt"), "not xml, not read");

        Problems problems = new Problems();
        List<InterfaceDeclaration> read = NetcfReader.readAll(interfaces, problems);

        assertEquals(List.of("br0", "eth1"), read.stream().map(InterfaceDeclaration::name).toList());
        assertEquals(List.of("a-broken.xml", "c-writable.xml", "d-vlan.xml"), errors(problems).stream()
                .map(p -> p.file().getFileName().toString()).toList(), problems.all()::toString);
    }

    @Test
    void missingDirectoryDeclaresNothing() {
        Problems problems = new Problems();
        assertEquals(List.of(), NetcfReader.readAll(root.resolve("absent"), problems));
        assertEquals(List.of(), problems.all());
    }

    @Test
    void xmlFilesAreDeclaredThroughTheConfigurationLoader() {
        t.agent("[bridge lxcbr0]", "address = 10.0.3.1/24");
        Path xml = TempConfig.write(interfaces.resolve("br1.xml"), "<interface type='bridge' name='br1'/>");
        Configuration config = t.load();
        assertEquals(List.of(), config.problems());
        assertEquals(List.of("br1", "lxcbr0"), config.interfaces().stream().map(InterfaceDeclaration::name).toList());
        InterfaceDeclaration br1 = config.declared("br1").orElseThrow();
        assertEquals(InterfaceDeclaration.Manager.NETCF, br1.manager());
        assertEquals(xml, br1.file());
    }

    @Test
    void interfaceDeclaredInBridgeSectionAndXmlIsAnErrorInBothAndUsedNowhere() {
        t.agent(
                "[agent]",
                "bridge-timeout = 5",
                "",
                "[bridge br0]",
                "address = 10.0.3.1/24",
                "",
                "[bridge lxcbr0]");
        Path xml = TempConfig.write(interfaces.resolve("br0.xml"),
                "<!-- also br0 -->",
                "<interface type='bridge' name='br0'>",
                "  <protocol family='ipv4'><ip address='10.0.4.1' prefix='24'/></protocol>",
                "</interface>");
        TempConfig.write(interfaces.resolve("br1.xml"), "<interface type='bridge' name='br1'/>");

        Configuration config = t.load();

        assertEquals(List.of("br1", "lxcbr0"), config.interfaces().stream().map(InterfaceDeclaration::name).toList());
        assertEquals(Optional.empty(), config.declared("br0"));
        List<Problem> twice = config.problems().stream().filter(p -> p.message().contains("declared twice")).toList();
        assertEquals(2, twice.size(), config.problems()::toString);
        assertEquals(Set.of(t.configFile + ":4", xml + ":2"),
                Set.copyOf(twice.stream().map(p -> p.file() + ":" + p.line()).toList()));
        for (Problem problem : twice) {
            assertEquals(Problem.Severity.ERROR, problem.severity());
            assertTrue(problem.message().contains("'br0'"), problem::toString);
            assertTrue(problem.message().contains(t.configFile + ":4") && problem.message().contains(xml + ":2"),
                    () -> "both places should be named: " + problem);
        }
        assertEquals(2, TempConfig.errors(config).size(), config.problems()::toString);
    }

    @Test
    void interfaceInTwoXmlFilesIsDeclaredTwice() {
        Path a = TempConfig.write(interfaces.resolve("a.xml"), "<interface type='bridge' name='br0'/>");
        Path b = TempConfig.write(interfaces.resolve("b.xml"), "", "<interface type='ethernet' name='br0'/>");
        Configuration config = t.load();
        assertEquals(List.of(), config.interfaces());
        assertEquals(List.of(a + ":1", b + ":2"), TempConfig.errors(config).stream()
                .map(p -> p.file() + ":" + p.line()).sorted().toList(), config.problems()::toString);
    }
}
