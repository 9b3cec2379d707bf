package org.lxcauto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Which subcommands the command line is built with, for a given argv. */
class LxcAutoTest {

    @Test
    void plainCommandGetsOnlyItsOwnModel() {
        assertEquals(List.of(BootCommand.class), LxcAuto.invoked(new String[] {"boot"}));
        assertEquals(List.of(PlanCommand.class), LxcAuto.invoked(new String[] {"--lxcpath=/srv/lxc", "plan", "--json"}));
    }

    @Test
    void helpNoCommandOrATypoGetEveryCommand() {
        assertEquals(LxcAuto.SUBCOMMANDS, LxcAuto.invoked(new String[] {}));
        assertEquals(LxcAuto.SUBCOMMANDS, LxcAuto.invoked(new String[] {"--help"}));
        assertEquals(LxcAuto.SUBCOMMANDS, LxcAuto.invoked(new String[] {"help", "boot"}));
        assertEquals(LxcAuto.SUBCOMMANDS, LxcAuto.invoked(new String[] {"bot"}));
        assertEquals(LxcAuto.SUBCOMMANDS, LxcAuto.invoked(new String[] {"--lxcpath", "/srv/lxc", "boot"}));
    }

    @Test
    void fullCommandLineListsEveryCommandForHelp() {
        CommandLine cli = LxcAuto.commandLine();
        assertEquals(14, cli.getSubcommands().size());
        assertTrue(cli.getUsageMessage().contains("shutdown"));
    }

    @Test
    void typoIsAUsageErrorNamingTheCommands() {
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine cli = LxcAuto.commandLine();
        cli.setErr(new java.io.PrintWriter(err));
        assertEquals(64, cli.execute("bot"));
        assertTrue(err.toString().contains("Unmatched argument"), err::toString);
    }
}
