package org.lxcauto.cli;

import java.util.Optional;
import java.util.function.ToIntFunction;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.lxcauto.daemon.Agent1;
import org.lxcauto.daemon.AgentClient;
import org.lxcauto.lifecycle.ExitCodes;

/**
 * {@code start}, {@code stop} and {@code reload} go through the running daemon (docs/daemon.md, the
 * D-Bus API), so that it knows what happened; only when no daemon runs do they act directly.
 */
final class DaemonCalls {

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
        } catch (DBusExecutionException e) {
            String message = String.valueOf(e.getMessage());
            System.err.println("lxc-auto: the daemon refused to " + what + ": " + message
                    + (message.contains("AccessDenied") || message.toLowerCase().contains("denied")
                            ? " (only root may change containers; see /usr/share/dbus-1/system.d/org.lxcauto.Agent1.conf)"
                            : ""));
            return Optional.of(ExitCodes.FAILURE);
        }
    }
}
