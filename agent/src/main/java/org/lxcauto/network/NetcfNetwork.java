package org.lxcauto.network;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.lxcauto.config.InterfaceDeclaration;
import org.lxcauto.system.Clock;
import org.lxcauto.system.CommandResult;
import org.lxcauto.system.CommandRunner;

/**
 * Delegates an interface defined in a netcf XML file to netcf itself: {@code ncftool define FILE}
 * then {@code ncftool ifup NAME}. Used only where ncftool is installed and {@code manager = netcf}.
 */
public final class NetcfNetwork implements NetworkBackend {

    private final CommandRunner runner;
    private final Clock clock;

    public NetcfNetwork(CommandRunner runner, Clock clock) {
        this.runner = runner;
        this.clock = clock;
    }

    @Override
    public String label() {
        return "netcf";
    }

    @Override
    public void bringUp(InterfaceDeclaration iface, Instant deadline) throws NetworkException, InterruptedException {
        ncftool(List.of("ncftool", "define", iface.file().toString()), deadline, iface);
        ncftool(List.of("ncftool", "ifup", iface.name()), deadline, iface);
    }

    private void ncftool(List<String> argv, Instant deadline, InterfaceDeclaration iface)
            throws NetworkException, InterruptedException {
        Duration left = clock.remaining(deadline);
        CommandResult result = runner.run(argv, left.isZero() ? Duration.ofMillis(1) : left);
        if (!result.succeeded()) {
            throw new NetworkException("'" + String.join(" ", argv) + "' failed for " + iface.origin() + ": "
                    + (result.timedOut() ? "timed out" : result.lastErrorLine()));
        }
    }
}
