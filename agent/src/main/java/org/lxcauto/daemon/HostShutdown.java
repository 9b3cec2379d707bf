package org.lxcauto.daemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.lxcauto.system.CommandException;
import org.lxcauto.system.CommandResult;
import org.lxcauto.system.CommandRunner;

/**
 * Tells a host shutdown from a mere stop of the agent (a restart, a package upgrade), which the
 * daemon treats differently (docs/daemon.md, host shutdown): only the first stops the containers
 * when {@code on-agent-stop = host-shutdown}. The signs, in order: logind's
 * {@code PrepareForShutdown(true)} or SIGPWR seen earlier; under systemd, a queued start job for a
 * shutdown target; under sysvinit or upstart, runlevel 0 or 6.
 */
public final class HostShutdown {

    private static final Set<String> SHUTDOWN_TARGETS = Set.of("shutdown.target", "poweroff.target", "reboot.target",
            "halt.target", "kexec.target", "final.target");
    private static final Pattern RUNLEVEL_DOWN = Pattern.compile("^\\S+\\s+[06]\\s*$");
    private static final Duration QUICK = Duration.ofSeconds(5);

    private final CommandRunner runner;
    private final Path systemdMarker;
    private volatile String announced;

    /**
     * @param systemdMarker {@code /run/systemd/system}, which exists when systemd is PID 1
     */
    public HostShutdown(CommandRunner runner, Path systemdMarker) {
        this.runner = runner;
        this.systemdMarker = systemdMarker;
    }

    /** Remembers that the host announced its shutdown (logind, SIGPWR). */
    public void announce(String how) {
        announced = how;
    }

    /** Why the host is going down, or null when it is not. */
    public String reason() throws InterruptedException {
        if (announced != null) {
            return announced;
        }
        if (Files.isDirectory(systemdMarker)) {
            CommandResult jobs;
            try {
                jobs = runner.run(List.of("systemctl", "list-jobs", "--no-legend", "--no-pager"), QUICK);
            } catch (CommandException e) {
                return null; // no systemctl to ask: nothing says the host is going down
            }
            for (String line : jobs.stdout().split("\n")) {
                String[] fields = line.strip().split("\\s+");
                if (fields.length >= 3 && SHUTDOWN_TARGETS.contains(fields[1]) && fields[2].equals("start")) {
                    return "systemd has queued " + fields[1];
                }
            }
            return null;
        }
        CommandResult runlevel;
        try {
            runlevel = runner.run(List.of("runlevel"), QUICK);
        } catch (CommandException e) {
            // No runlevel(8) (neither sysvinit-utils nor upstart, systemd not PID 1): nothing says
            // the host is going down, so this is a stop of the agent alone.
            return null;
        }
        if (runlevel.succeeded() && RUNLEVEL_DOWN.matcher(runlevel.stdout().strip()).matches()) {
            return "runlevel " + runlevel.stdout().strip().split("\\s+")[1];
        }
        return null;
    }
}
