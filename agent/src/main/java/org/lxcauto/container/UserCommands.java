package org.lxcauto.container;

import java.util.ArrayList;
import java.util.List;
import org.lxcauto.system.Accounts;

/**
 * The argument vectors that act on a per-user container ({@code user = NAME}, docs/configuration.md)
 * as its user, without a shell.
 *
 * <p>Every lxc-* command runs under {@code setpriv} with the user's uid, gid and groups and a clean
 * environment (setpriv executes the command itself: no PAM session, no process in between), plus
 * {@code XDG_RUNTIME_DIR}, where LXC keeps an unprivileged user's locks and systemd the user's bus.
 * The start runs, as LXC documents for an unprivileged user's container, inside a scope of the
 * user's own systemd manager with a delegated cgroup: {@code systemd-run --user --scope -p
 * Delegate=yes -- lxc-start ...}. The user's manager owns that subtree, so LXC may create the
 * container's cgroups below it; the root variant ({@code systemd-run --scope --uid=}) would put the
 * container in a system scope whose delegation to the user depends on the systemd version.
 */
final class UserCommands {

    private UserCommands() {
    }

    /** {@code argv} as root runs it for root's containers, or as the container's user. */
    static List<String> command(ContainerRef c, List<String> argv) {
        if (!(c instanceof ContainerRef.Lxc lxc) || lxc.user().isEmpty()) {
            return argv;
        }
        Accounts.Account user = lxc.user().get();
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + user.uid(), "--regid=" + user.gid(),
                "--init-groups", "--reset-env", "--", "env", "XDG_RUNTIME_DIR=" + runtimeDir(user)));
        command.addAll(argv);
        return command;
    }

    /** The start command: as {@link #command}, inside a delegated scope of the user's manager. */
    static List<String> start(ContainerRef c, List<String> argv) {
        if (!(c instanceof ContainerRef.Lxc lxc) || lxc.user().isEmpty()) {
            return argv;
        }
        List<String> scoped = new ArrayList<>(List.of("systemd-run", "--user", "--scope", "--quiet", "-p",
                "Delegate=yes", "--"));
        scoped.addAll(argv);
        return command(c, scoped);
    }

    /**
     * Starts the user's systemd manager ({@code user@UID.service}) if it does not run yet, and
     * waits until it does: at boot, a lingering user's manager may still be starting, and a user
     * without lingering has none at all.
     */
    static List<String> startManager(Accounts.Account user) {
        return List.of("systemctl", "start", "user@" + user.uid() + ".service");
    }

    private static String runtimeDir(Accounts.Account user) {
        return "/run/user/" + user.uid();
    }
}
