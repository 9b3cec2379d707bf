package org.lxcauto.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lxcauto.config.Configuration;
import org.lxcauto.config.ConfigurationLoader;
import org.lxcauto.config.Problem;
import org.lxcauto.lifecycle.Host;
import org.lxcauto.lifecycle.MountOrdering;
import org.lxcauto.need.DbusSystemdUnits;
import org.lxcauto.system.ProcessCommandRunner;
import org.lxcauto.state.StateStore;
import org.lxcauto.system.AgentLock;
import org.lxcauto.system.FcntlAgentLock;
import org.lxcauto.system.SystemClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The path overrides every command accepts, before or after the subcommand (docs/commands.md,
 * global options), each with an environment variable for hosts and tests that cannot pass options.
 */
public final class GlobalOptions {

    private static final Logger LOG = LoggerFactory.getLogger(GlobalOptions.class);

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            defaultValue = "${env:LXC_AUTO_CONFIG:-/etc/lxc/lxc-auto.conf}",
            description = "Agent configuration (default: ${DEFAULT-VALUE}; env LXC_AUTO_CONFIG).")
    Path config;

    @Option(names = "--auto-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            defaultValue = "${env:LXC_AUTO_DIR:-/etc/lxc/auto}",
            description = "Autostart entries (default: ${DEFAULT-VALUE}; env LXC_AUTO_DIR).")
    Path autoDir;

    @Option(names = "--lxcpath", scope = ScopeType.INHERIT, paramLabel = "DIR",
            defaultValue = "${env:LXC_AUTO_LXCPATH}",
            description = "LXC container directory, overriding [agent] lxcpath (env LXC_AUTO_LXCPATH).")
    Path lxcpath;

    @Option(names = "--state-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            defaultValue = "${env:LXC_AUTO_STATE_DIR:-/var/lib/lxc-auto}",
            description = "State directory (default: ${DEFAULT-VALUE}; env LXC_AUTO_STATE_DIR).")
    Path stateDir;

    @Option(names = "--bus", scope = ScopeType.INHERIT, paramLabel = "ADDRESS",
            defaultValue = "${env:LXC_AUTO_BUS}",
            description = "D-Bus address of the system bus (env LXC_AUTO_BUS).")
    String bus;

    /** Reads every configuration source. */
    Configuration load() {
        return ConfigurationLoader.load(config, autoDir, lxcpath);
    }

    /**
     * Reads the configuration and logs every problem found, for commands that go on regardless:
     * those of its files, and those {@code check} finds with this host (a {@code unit:} need where
     * systemd does not run; under systemd, a needed mount lxc-auto.service is not yet ordered
     * after, {@link MountOrdering}), so that the daemon says so at its start and at every reload.
     */
    Configuration loadAndReport() {
        Configuration configuration = load();
        List<Problem> problems = new ArrayList<>(configuration.problems());
        try (DbusSystemdUnits units = new DbusSystemdUnits(bus)) {
            problems.addAll(CheckCommand.hostProblems(configuration, units.booted()));
        }
        problems.addAll(mountOrdering(configuration));
        for (Problem problem : problems) {
            if (problem.severity() == Problem.Severity.ERROR) {
                LOG.error("{}", problem);
            } else {
                LOG.warn("{}", problem);
            }
        }
        return configuration;
    }

    /** Warnings for needed mounts systemd would unmount before stopping lxc-auto ({@link MountOrdering}). */
    List<Problem> mountOrdering(Configuration configuration) {
        try {
            return MountOrdering.unordered(configuration, Files.isDirectory(DbusSystemdUnits.SYSTEMD_MARKER),
                    new ProcessCommandRunner());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** The real host, with NetworkManager looked up on {@code --bus}; close it when done. */
    Host host() {
        return Host.real(bus, stateDir);
    }

    StateStore store() {
        return new StateStore(stateDir);
    }

    /** What a command does while it holds the agent lock. */
    interface LockedWork {
        int run() throws InterruptedException;
    }

    /**
     * Runs {@code work} holding the agent lock {@code STATE_DIR/lock} for {@code kind} ("boot",
     * "start web", ...): what a command that acts on containers directly does (docs/commands.md).
     */
    @SuppressWarnings("try") // the lock is held for the body's length, not used in it
    int whileLocked(String kind, LockedWork work) throws LockRefusedException, InterruptedException {
        try (AgentLock.Held lock = new ExclusiveAccess(new FcntlAgentLock(stateDir.resolve("lock")), new SystemClock(),
                System.err, ExclusiveAccess.WAIT).acquire(kind)) {
            return work.run();
        }
    }
}
