package org.lxcauto.cli;

import org.lxcauto.lifecycle.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code lxc-auto}: the entry point, and the list of subcommands. */
@Command(name = "lxc-auto", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Start LXC containers at boot in dependency order, and stop them cleanly at shutdown.",
        subcommands = {
            CheckCommand.class, PlanCommand.class, BootCommand.class, ShutdownCommand.class, StatusCommand.class,
            BlameCommand.class, PlotCommand.class, StartCommand.class, StopCommand.class, EnableCommand.class,
            DisableCommand.class, ReloadCommand.class, DaemonCommand.class, CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:success", "1:failure (all containers failed, or a stop failed)",
            "2:partial (some containers failed, or some stops were forced)",
            "3:status: the daemon is not running", "64:usage error", "78:invalid configuration"
        })
public final class LxcAuto implements Runnable {

    @Mixin
    GlobalOptions global;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command; see 'lxc-auto --help'");
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by main and the tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new LxcAuto());
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("lxc-auto: " + e.getMessage());
            e.getCommandLine().getErr().println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("lxc-auto: " + e.getMessage());
            return ExitCodes.FAILURE;
        });
        return cli;
    }
}
