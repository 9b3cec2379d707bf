package org.lxcauto.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes the manual page lxc-auto(1), in man(7) macros, from the picocli model: the same
 * commands, options, defaults and exit codes that {@code --help} shows, so that the two can never
 * disagree. The Debian package runs it at build time (debian/rules); it is not a subcommand
 * because nothing needs it at run time.
 *
 * <p>picocli-codegen's {@code ManPageGenerator} writes AsciiDoc, which would take asciidoctor (a
 * Ruby or JRuby tool chain) at build time to become a manual page; the handful of man(7) macros
 * needed here are simpler to write directly.
 *
 * <p>What the model does not hold (the files, the init-system integration) is the fixed text
 * below, which docs/configuration.md and docs/init-systems.md describe at length.
 */
public final class ManPage {

    /** "(default: ...; env LXC_AUTO_CONFIG)" in an option's description: the variable that sets it. */
    private static final Pattern ENV_NAME = Pattern.compile("\\benv (LXC_AUTO_[A-Z_]+)");

    private final StringBuilder out = new StringBuilder();

    private ManPage() {
    }

    /** {@code ManPage OUTPUT VERSION DATE}: writes the page for lxc-auto VERSION, dated DATE (YYYY-MM-DD). */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: java -cp ... org.lxcauto.cli.ManPage OUTPUT VERSION DATE");
            System.exit(64);
        }
        String page = render(LxcAuto.commandLine().getCommandSpec(), args[1], args[2]);
        Files.writeString(Path.of(args[0]), page, StandardCharsets.UTF_8);
    }

    /** The whole page for the command {@code root}. */
    static String render(CommandSpec root, String version, String date) {
        ManPage page = new ManPage();
        page.header(root, version, date);
        page.commands(root);
        page.trailer(root);
        return page.out.toString();
    }

    private void header(CommandSpec root, String version, String date) {
        line(".TH " + quoted("LXC-AUTO") + " 1 " + quoted(date) + " " + quoted("lxc-auto " + version) + " "
                + quoted("User Commands"));
        line(".nh"); // no hyphenation: option and variable names must stay whole
        line(".ad l");
        line(".SH NAME");
        line(text("lxc-auto - " + lowerFirst(String.join(" ", root.usageMessage().description()))));
        line(".SH SYNOPSIS");
        line(".B lxc\\-auto");
        line("[\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGUMENTS\\fR]");
        line(".SH DESCRIPTION");
        paragraph("lxc-auto starts LXC containers at boot in dependency order, independent branches in"
                + " parallel, each gated on readiness, and stays resident as 'lxc-auto daemon'. When the host"
                + " shuts down or reboots it stops them cleanly, dependents first, within a time budget.");
        paragraph("Containers come from three sources: autostart entries in /etc/lxc/auto/NAME.conf (INI files with"
                + " a [container] section, or symlinks to a container's LXC config), and containers whose own config"
                + " says lxc.start.auto = 1, in lxc-autostart order.");
        line(".SH GLOBAL OPTIONS");
        paragraph("Accepted before or after the command.");
        for (OptionSpec option : root.options()) {
            if (!option.hidden()) {
                option(option);
            }
        }
    }

    private void commands(CommandSpec root) {
        line(".SH COMMANDS");
        for (CommandLine sub : root.subcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            if (spec.usageMessage().hidden() || !spec.name().equals(sub.getCommandName())) {
                continue; // an alias
            }
            line(".SS " + quoted(synopsis(spec)));
            paragraph(formatted(String.join(" ", spec.usageMessage().description())));
            for (PositionalParamSpec positional : spec.positionalParameters()) {
                if (!positional.hidden()) {
                    line(".TP");
                    line("\\fI" + text(positional.paramLabel()) + "\\fR");
                    line(text(description(positional)));
                }
            }
            for (OptionSpec option : spec.options()) {
                if (!option.hidden() && !option.inherited()) {
                    option(option);
                }
            }
        }
    }

    private void trailer(CommandSpec root) {
        line(".SH EXIT STATUS");
        for (Map.Entry<String, String> code : root.usageMessage().exitCodeList().entrySet()) {
            line(".TP");
            line(".B " + text(code.getKey().strip()));
            line(text(code.getValue()));
        }
        line(".SH ENVIRONMENT");
        for (OptionSpec option : root.options()) {
            Matcher env = ENV_NAME.matcher(String.join(" ", option.description()));
            if (env.find()) {
                line(".TP");
                line(".B " + text(env.group(1)));
                line(text("Default for " + option.longestName() + "."));
            }
        }
        line(".TP");
        line(".B JOURNAL_STREAM");
        line(text("Set by systemd to the stream it connected standard error to. When it names standard error, lines"
                + " go to the journal through its native protocol, container events with the fields CONTAINER_NAME,"
                + " LXC_AUTO_EVENT and LXC_AUTO_DURATION_MS: journalctl -u lxc-auto CONTAINER_NAME=web."));
        line(".TP");
        line(".B LXC_AUTO_JAVA_OPTS");
        line(text("Extra options for the Java virtual machine."));
        line(".TP");
        line(".B LXC_AUTO_LOG_LEVEL");
        line(text("Log level of the messages (on standard error, or the journal): ERROR, WARN, INFO (the default)"
                + " or DEBUG."));
        line(".TP");
        line(".B LXC_AUTO_OPTS");
        line(text("In /etc/default/lxc-auto: global options that the systemd unit, the LSB init script and the"
                + " upstart job put before the daemon command."));
        line(".SH FILES");
        file("/etc/lxc/lxc-auto.conf", "Agent configuration ([agent] and [bridge NAME] sections).");
        file("/etc/lxc/auto/*.conf", "Autostart entries. Other names, such as the shipped"
                + " example.conf.example, are not read.");
        file("/etc/lxc/auto/interfaces/*.xml", "Interface definitions in the netcf XML format.");
        file("/var/lib/lxc-auto/", "State: the last boot and shutdown, the containers running at the last shutdown,"
                + " the containers the operator stopped (operator-stopped.json).");
        file("/var/lib/lxc-auto/lock", "The agent lock: held by the daemon while it runs, and by boot, shutdown, start,"
                + " stop and reload while they act directly, so that one agent acts at a time. While held, it reads"
                + " 'PID KIND'. Released by the kernel when its holder ends; never delete it.");
        file("/var/lib/prometheus/node-exporter/lxc-auto.prom", "Prometheus metrics for node-exporter's textfile"
                + " collector ([agent] metrics-file), written by the daemon, boot and shutdown when the directory exists.");
        file("/etc/default/lxc-auto", "Extra options for the init systems (LXC_AUTO_OPTS, LXC_AUTO_JAVA_OPTS).");
        file("/var/cache/lxc-auto/lxc-auto.jsa", "Class-data archive that makes the Java virtual machine start"
                + " faster; rebuilt when the package or a JVM is installed, and ignored when stale.");
        line(".SH INIT SYSTEMS");
        paragraph("The service is called lxc-auto under each init system: 'systemctl start|stop|reload|status"
                + " lxc-auto' (a Type=notify unit), 'service lxc-auto start|stop|restart|reload|status' (the LSB script"
                + " /etc/init.d/lxc-auto) and 'initctl start|stop|reload|status lxc-auto' (the upstart job"
                + " /etc/init/lxc-auto.conf). Stopping the service stops the containers only when the host is going"
                + " down, unless [agent] on-agent-stop = always; a restarted daemon adopts the running containers.");
        line(".SH SEE ALSO");
        line(".BR lxc\\-autostart (1),");
        line(".BR lxc\\-start (1),");
        line(".BR lxc\\-stop (1),");
        line(".BR lxc.container.conf (5),");
        line(".BR systemctl (1),");
        line(".BR service (8)");
    }

    /** "lxc-auto enable NAME [--after=X...]...": the command with its own options and parameters. */
    private static String synopsis(CommandSpec spec) {
        List<String> parts = new ArrayList<>(List.of(spec.qualifiedName()));
        for (OptionSpec option : spec.options()) {
            if (!option.hidden() && !option.inherited() && !option.usageHelp() && !option.versionHelp()) {
                parts.add("[" + option.longestName() + (takesValue(option) ? "=" + option.paramLabel() : "")
                        + (option.arity().max() > 1 ? "..." : "") + "]");
            }
        }
        for (PositionalParamSpec positional : spec.positionalParameters()) {
            if (!positional.hidden()) {
                String label = positional.paramLabel() + (positional.arity().max() > 1 ? "..." : "");
                parts.add(positional.arity().min() == 0 ? "[" + label + "]" : label);
            }
        }
        return String.join(" ", parts);
    }

    private void option(OptionSpec option) {
        List<String> names = new ArrayList<>();
        for (String name : option.names()) {
            names.add("\\fB" + text(name) + "\\fR");
        }
        String value = takesValue(option) ? "=\\fI" + text(option.paramLabel()) + "\\fR" : "";
        line(".TP");
        line(String.join(", ", names) + value);
        line(text(description(option)));
    }

    private static boolean takesValue(OptionSpec option) {
        return option.arity().max() > 0;
    }

    /** The description as --help shows it, with ${DEFAULT-VALUE} filled in. */
    private static String description(ArgSpec arg) {
        return formatted(String.join(" ", arg.description())
                .replace("${DEFAULT-VALUE}", String.valueOf(arg.defaultValueString())));
    }

    /** picocli descriptions are format strings: %n is a line break, %% a per cent sign. */
    private static String formatted(String description) {
        return description.replace("%n", " ").replace("%%", "%").strip();
    }

    private void file(String path, String what) {
        line(".TP");
        line(".I " + text(path));
        line(text(what));
    }

    private void paragraph(String text) {
        line(".PP");
        line(text(text));
    }

    private void line(String line) {
        out.append(line).append('\n');
    }

    /**
     * Plain text made safe for troff: backslashes escaped, hyphens as \- (options must copy and
     * paste as ASCII hyphen-minus), and a line that would start with a control character guarded.
     */
    static String text(String plain) {
        String escaped = plain.replace("\\", "\\e").replace("-", "\\-");
        StringBuilder safe = new StringBuilder();
        for (String line : escaped.split("\n", -1)) {
            if (safe.length() > 0) {
                safe.append('\n');
            }
            safe.append(line.startsWith(".") || line.startsWith("'") ? "\\&" + line : line);
        }
        return safe.toString();
    }

    private static String quoted(String plain) {
        return "\"" + text(plain).replace("\"", "\\(dq") + "\"";
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
