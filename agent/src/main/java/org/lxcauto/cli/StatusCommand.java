package org.lxcauto.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.lxcauto.config.Configuration;
import org.lxcauto.daemon.AgentClient;
import org.lxcauto.lifecycle.ExitCodes;
import org.lxcauto.lifecycle.Host;
import org.lxcauto.lifecycle.StatusSnapshot;
import org.lxcauto.system.SystemClock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code lxc-auto status}: every autostart (or running) container's state now, and what the last
 * boot recorded for it. Asks the daemon when it runs; exits 3 (LSB "not running") when it does not.
 */
@Command(name = "status", description = "Show each container's state, how long it has been ready, how often the"
        + " daemon restarted it, its IPv4, boot time and last error, each interface and who manages it, and whether"
        + " the daemon runs.")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    LxcAuto root;

    @Option(names = "--json", description = "Machine-readable output (documented in /usr/share/doc/lxc-auto/docs/formats.md).")
    boolean json;

    @Option(names = {"-l", "--full"}, description = "Print errors whole instead of shortening them to keep the table"
            + " within 120 columns.")
    boolean full;

    @Override
    public Integer call() throws Exception {
        Configuration config = root.global.load();
        StatusSnapshot snapshot;
        Optional<String> fromDaemon = AgentClient.connect(root.global.bus).flatMap(AgentClient::status);
        if (fromDaemon.isPresent()) {
            snapshot = StatusView.parse(fromDaemon.get());
        } else {
            try (Host host = root.global.host()) {
                snapshot = StatusSnapshot.take(config, host.runtime(), host.ip(), root.global.store(), null);
            }
        }
        if (snapshot.warning() != null) {
            System.err.println("lxc-auto: warning: " + snapshot.warning());
        }
        System.out.print(json ? StatusView.json(snapshot)
                : StatusView.text(snapshot, config.broken(), new SystemClock().now(), full));
        return snapshot.daemonRunning() ? ExitCodes.OK : ExitCodes.NOT_RUNNING;
    }
}
