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
 * The start runs, as LXC documents for an unprivileged user's container, in a delegated cgroup of
 * the user's own systemd manager ({@code systemd-run --user ... -p Delegate=yes}), so that LXC may
 * create the container's cgroups below it. Not as the {@code --scope} LXC shows for a shell: a
 * scope adopts the calling process, and the user's manager may not move it out of the agent's
 * cgroup (a system service's); a transient service is forked by the manager itself. Nor the root
 * variant ({@code systemd-run --scope --uid=}), which would put the container in a system scope
 * whose delegation to the user depends on the systemd version.
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

    /**
     * The start command ({@code lxc-start -d}): as {@link #command}, as a transient service of the
     * user's manager with a delegated cgroup ({@code systemd-run --user -p Delegate=yes -p
     * Type=forking}), which the daemonized lxc-start monitor then keeps running.
     */
    static List<String> start(ContainerRef c, List<String> argv) {
        if (!(c instanceof ContainerRef.Lxc lxc) || lxc.user().isEmpty()) {
            return argv;
        }
        List<String> delegated = new ArrayList<>(List.of("systemd-run", "--user", "--quiet", "--collect", "-p",
                "Delegate=yes", "-p", "Type=forking", "--"));
        delegated.addAll(argv);
        return command(c, delegated);
    }

    /**
     * A command that enters the container ({@code lxc-attach}): as {@link #command}, run by the
     * user's manager as a transient service whose output and exit status come back ({@code
     * systemd-run --user --wait --pipe}). lxc-attach moves itself into the container's cgroup,
     * which lies under the user's manager: from the agent's own cgroup, a system service's, the
     * kernel does not let the user do that, and lxc-attach exits 1 after running the command.
     */
    static List<String> attach(ContainerRef c, List<String> argv) {
        if (!(c instanceof ContainerRef.Lxc lxc) || lxc.user().isEmpty()) {
            return argv;
        }
        List<String> inManager = new ArrayList<>(List.of("systemd-run", "--user", "--wait", "--pipe", "--quiet",
                "--collect", "--"));
        inManager.addAll(argv);
        return command(c, inManager);
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
