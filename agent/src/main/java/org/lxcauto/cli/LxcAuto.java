package org.lxcauto.cli;

import java.util.List;
import org.lxcauto.lifecycle.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code lxc-auto}: the entry point, and the list of subcommands. */
@Command(name = "lxc-auto", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Start LXC containers at boot in dependency order, and stop them cleanly at shutdown.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:success", "1:failure (all containers failed, or a stop failed)",
            "2:partial (some containers failed, or some stops were forced)",
            "3:status: the daemon is not running", "64:usage error",
            "75:nothing done: another lxc-auto holds the lock (a daemon runs, or the wait for a command ran out)",
            "78:invalid configuration"
        })
public final class LxcAuto implements Runnable {

    /** The subcommands, in the order help lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            CheckCommand.class, PlanCommand.class, BootCommand.class, ShutdownCommand.class, StatusCommand.class,
            BlameCommand.class, PlotCommand.class, StartCommand.class, StopCommand.class, EnableCommand.class,
            DisableCommand.class, ReloadCommand.class, DaemonCommand.class, CommandLine.HelpCommand.class);

    @Mixin
    GlobalOptions global;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command; see 'lxc-auto --help'");
    }

    public static void main(String[] args) {
        // A needs = tcp:HOST:PORT looks its host up at each attempt, as a name server may come up
        // late in the boot; the JVM would otherwise answer from a cached failure for 10 s.
        java.security.Security.setProperty("networkaddress.cache.negative.ttl", "0");
        System.exit(commandLine(invoked(args)).execute(args));
    }

    /** The whole command line, every subcommand (help, the man page, completion, the tests). */
    public static CommandLine commandLine() {
        return commandLine(SUBCOMMANDS);
    }

    /**
     * The subcommand {@code args} invoke, alone; every subcommand when that is not plain (help,
     * no command, a typo, which picocli then explains with the full list). Picocli builds its model
     * by reflecting on every option of every command it is given, and building all thirteen was a
     * fifth of a second of every boot's start.
     */
    static List<Class<?>> invoked(String[] args) {
        for (String arg : args) {
            if (arg.startsWith("-")) {
                continue; // a global option; a separate value of one is not a command name, and ends the search
            }
            for (Class<?> command : SUBCOMMANDS) {
                if (command != CommandLine.HelpCommand.class && command.getAnnotation(Command.class).name().equals(arg)) {
                    return List.of(command);
                }
            }
            return SUBCOMMANDS;
        }
        return SUBCOMMANDS;
    }

    static CommandLine commandLine(List<Class<?>> subcommands) {
        CommandLine cli = new CommandLine(new LxcAuto());
        for (Class<?> command : subcommands) {
            cli.addSubcommand(command);
        }
        // 'lxc-auto boot --help', as every usage error suggests, not only 'lxc-auto help boot'.
        cli.getSubcommands().values().stream()
                .filter(sub -> !(sub.getCommand() instanceof CommandLine.HelpCommand))
                .forEach(sub -> sub.getCommandSpec().mixinStandardHelpOptions(true));
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("lxc-auto: " + UsageErrors.describe(e));
            e.getCommandLine().getErr().println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("lxc-auto: " + e.getMessage());
            return e instanceof LockRefusedException ? ExitCodes.LOCKED : ExitCodes.FAILURE;
        });
        return cli;
    }
}
