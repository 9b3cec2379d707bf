package org.lxcauto.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lxcauto.config.InterfaceDeclaration;
import org.lxcauto.system.CommandResult;
import org.lxcauto.system.FakeClock;
import org.lxcauto.system.FakeCommandRunner;

/** Delegating a netcf XML file to ncftool: {@code define FILE}, then {@code ifup NAME}, within the deadline. */
class NetcfNetworkTest {

    private static final Path FILE = Path.of("/etc/lxc/auto/interfaces/br0.xml");
    private static final InterfaceDeclaration BR0 = new InterfaceDeclaration("br0", InterfaceDeclaration.Kind.BRIDGE,
            List.of("10.0.3.1/24"), false, List.of("eth1"), true, InterfaceDeclaration.Manager.NETCF, true, FILE, 2);

    private final FakeCommandRunner runner = new FakeCommandRunner();
    private final FakeClock clock = new FakeClock();
    private final Instant deadline = clock.now().plusSeconds(30);
    private final NetcfNetwork netcf = new NetcfNetwork(runner, clock);

    @Test
    void definesTheFileThenBringsTheInterfaceUp() throws Exception {
        runner.on("ncftool").prints("");
        netcf.bringUp(BR0, deadline);
        assertEquals(List.of(
                List.of("ncftool", "define", FILE.toString()),
                List.of("ncftool", "ifup", "br0")), runner.argvs());
        assertEquals("netcf", netcf.label());
    }

    @Test
    void eachCommandGetsTheTimeLeftUntilTheDeadline() throws Exception {
        runner.on("ncftool", "define").does(argv -> {
            clock.advance(Duration.ofSeconds(12));
            return new CommandResult(argv, 0, "", "", false);
        });
        runner.on("ncftool", "ifup").prints("");
        netcf.bringUp(BR0, deadline);
        assertEquals(List.of(Duration.ofSeconds(30), Duration.ofSeconds(18)),
                runner.calls().stream().map(FakeCommandRunner.Call::timeout).toList());
    }

    @Test
    void pastTheDeadlineCommandsStillGetAPositiveTimeout() throws Exception {
        runner.on("ncftool").prints("");
        clock.advance(Duration.ofSeconds(45));
        netcf.bringUp(BR0, deadline);
        assertTrue(runner.calls().stream().allMatch(c -> !c.timeout().isZero() && !c.timeout().isNegative()), runner.calls()::toString);
    }

    @Test
    void failingDefineIsAnErrorWithNcftoolsWordsAndTheFile() {
        runner.on("ncftool", "define").exits(1, "",
                "error: Failed to execute command\nerror: XML invalid: bridge member eth1 is not an ethernet interface\n");
        runner.on("ncftool", "ifup").prints("");
        NetworkException e = assertThrows(NetworkException.class, () -> netcf.bringUp(BR0, deadline));
        assertTrue(e.getMessage().contains("ncftool define " + FILE), e::getMessage);
        assertTrue(e.getMessage().contains(FILE + ":2"), e::getMessage);
        assertTrue(e.getMessage().contains("XML invalid: bridge member eth1 is not an ethernet interface"), e::getMessage);
        assertEquals(1, runner.argvs().size(), () -> "nothing brought up after a failed define: " + runner.argvs());
    }

    @Test
    void failingIfupIsAnError() {
        runner.on("ncftool", "define").prints("Defined interface br0\n");
        runner.on("ncftool", "ifup").exits(1, "", "error: failed to bring up interface br0\n");
        NetworkException e = assertThrows(NetworkException.class, () -> netcf.bringUp(BR0, deadline));
        assertTrue(e.getMessage().contains("'ncftool ifup br0' failed for " + FILE + ":2"), e::getMessage);
        assertTrue(e.getMessage().contains("failed to bring up interface br0"), e::getMessage);
    }

    @Test
    void ncftoolThatHangsIsReportedAsTimedOut() {
        runner.on("ncftool", "define").prints("");
        runner.on("ncftool", "ifup").timesOut();
        NetworkException e = assertThrows(NetworkException.class, () -> netcf.bringUp(BR0, deadline));
        assertTrue(e.getMessage().contains("timed out"), e::getMessage);
    }
}
