package org.lxcauto.cli;

import java.util.Optional;
import java.util.function.ToIntFunction;
import org.freedesktop.dbus.errors.AccessDenied;
import org.freedesktop.dbus.errors.NoReply;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.lxcauto.Agent1.Error.InvalidName;
import org.lxcauto.Agent1.Error.NotRunning;
import org.lxcauto.Agent1.Error.ShuttingDown;
import org.lxcauto.Agent1.Error.UnknownContainer;
import org.lxcauto.daemon.Agent1;
import org.lxcauto.daemon.AgentClient;
import org.lxcauto.lifecycle.ExitCodes;

/**
 * {@code start}, {@code stop} and {@code reload} go through the running daemon (docs/daemon.md, the
 * D-Bus API), so that it knows what happened; only when no daemon runs do they act directly. They
 * wait for the daemon's answer however long the work takes ({@link AgentClient#agent}).
 */
final class DaemonCalls {

    static final String POLICY = "/usr/share/dbus-1/system.d/org.lxcauto.Agent1.conf";

    private DaemonCalls() {
    }

    /** The call's exit status from the daemon, or empty when no daemon runs. */
    static Optional<Integer> call(String busAddress, String what, ToIntFunction<Agent1> call) {
        Optional<AgentClient> client = AgentClient.connect(busAddress);
        if (client.isEmpty()) {
            return Optional.empty();
        }
        try (AgentClient daemon = client.get()) {
            return Optional.of(call.applyAsInt(daemon.agent()));
        } catch (InvalidName | UnknownContainer | NotRunning | ShuttingDown e) {
            System.err.println("lxc-auto: " + e.getMessage()); // the daemon's own words, as acting directly would say
        } catch (AccessDenied e) {
            System.err.println("lxc-auto: the daemon refused to " + what + ": " + e.getMessage()
                    + "; only root may change containers (see " + POLICY + ")");
        } catch (NoReply e) {
            // From the bus: the daemon left the bus (ended, or was killed) before it answered.
            System.err.println("lxc-auto: no answer from the daemon to " + what + ": " + e.getMessage()
                    + "; see 'lxc-auto status' for what it did");
        } catch (DBusExecutionException e) {
            System.err.println("lxc-auto: the daemon failed to " + what + ": " + e.getMessage());
        }
        return Optional.of(ExitCodes.FAILURE);
    }
}
