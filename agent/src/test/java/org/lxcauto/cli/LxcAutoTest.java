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
    void unknownCommandIsAUsageErrorNamingTheCommands() {
        String err = usageError("bogus");
        assertTrue(err.startsWith("lxc-auto: unknown command 'bogus' (commands: check, plan, boot, shutdown, status,"), err);
        assertTrue(err.contains("daemon, help)"), err);
    }

    @Test
    void typoOfACommandSuggestsTheNearestOne() {
        assertTrue(usageError("bot").startsWith("lxc-auto: unknown command 'bot'; did you mean 'boot'? (commands: check,"),
                usageError("bot"));
    }

    @Test
    void optionTypoSuggestsTheOption() {
        assertTrue(usageError("plan", "--jsno").startsWith("lxc-auto: unknown option '--jsno' for 'lxc-auto plan'; did you mean '--json'?"),
                usageError("plan", "--jsno"));
    }

    @Test
    void editDistanceCountsSingleEdits() {
        assertEquals(0, org.lxcauto.config.EditDistance.between("boot", "boot"));
        assertEquals(1, org.lxcauto.config.EditDistance.between("bot", "boot"));
        assertEquals(2, org.lxcauto.config.EditDistance.between("stauts", "status"));
        assertEquals(3, org.lxcauto.config.EditDistance.between("bogus", "boot"));
    }

    @Test
    void unknownOptionNamesTheCommandAndItsOptions() {
        String err = usageError("boot", "--frob=3");
        assertTrue(err.startsWith("lxc-auto: unknown option '--frob' for 'lxc-auto boot' (options: "), err);
        assertTrue(err.contains("--lxcpath"), err);
        assertTrue(err.contains("Try 'lxc-auto boot --help'."), err);
    }

    @Test
    void unknownGlobalOptionBeforeTheCommandIsNamedToo() {
        assertTrue(usageError("--bogus", "plan").startsWith("lxc-auto: unknown option '--bogus' for 'lxc-auto' (options: "),
                usageError("--bogus", "plan"));
    }

    @Test
    void argumentToACommandThatTakesNoneIsNamed() {
        assertTrue(usageError("check", "extra").startsWith("lxc-auto: unexpected argument 'extra' for 'lxc-auto check'"),
                usageError("check", "extra"));
    }

    @Test
    void everyCommandAnswersHelpWithItsUsage() {
        for (String command : List.of("boot", "plan", "status", "enable")) {
            java.io.StringWriter out = new java.io.StringWriter();
            CommandLine cli = LxcAuto.commandLine(LxcAuto.invoked(new String[] {command, "--help"}));
            cli.setOut(new java.io.PrintWriter(out));
            assertEquals(0, cli.execute(command, "--help"), command);
            assertTrue(out.toString().startsWith("Usage: lxc-auto " + command), out::toString);
        }
    }

    /** Runs {@code args} through the real entry point's command line; returns its standard error, asserting exit 64. */
    private static String usageError(String... args) {
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine cli = LxcAuto.commandLine(LxcAuto.invoked(args));
        cli.setErr(new java.io.PrintWriter(err));
        assertEquals(64, cli.execute(args), err::toString);
        assertTrue(!err.toString().contains("Unmatched argument"), err::toString);
        return err.toString();
    }
}
