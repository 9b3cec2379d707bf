package org.lxcauto.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.lxcauto.daemon.Daemon;
import org.lxcauto.daemon.DaemonBus;
import org.lxcauto.daemon.DbusDaemonBus;
import org.lxcauto.daemon.HostShutdown;
import org.lxcauto.lifecycle.Host;
import org.lxcauto.system.LockHolder;
import org.lxcauto.system.ProcessCommandRunner;
import org.lxcauto.system.SdNotifier;
import org.lxcauto.system.JvmSignals;
import org.lxcauto.system.Signals;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code lxc-auto daemon}: boot, then stay resident and stop the containers when the host goes down. */
@Command(name = "daemon", description = "Boot, notify the init system (sd_notify READY=1), stay resident: serve"
        + " org.lxcauto.Agent1 on the system bus, reload on SIGHUP, and stop the containers cleanly when the host"
        + " shuts down (logind PrepareForShutdown, SIGPWR, or SIGTERM during a shutdown).")
final class DaemonCommand implements Callable<Integer> {

    @ParentCommand
    LxcAuto root;

    private final Signals signals = new JvmSignals();

    @Override
    public Integer call() throws InterruptedException, LockRefusedException {
        // A reload asked for while the daemon is still starting (or waiting for the lock) must not
        // end it (SIGHUP's default action): it is dropped, and the configuration is read below anyway.
        signals.on("HUP", () -> { });
        // Held until the daemon leaves: a second daemon is refused at once, and boot, shutdown,
        // start, stop and reload act through this one instead of beside it. Its own boots, stops
        // and restarts run inside this process and take no lock of their own.
        return root.global.whileLocked(LockHolder.DAEMON, this::serve);
    }

    private int serve() throws InterruptedException {
        try (Host host = root.global.host(); DaemonBus bus = new DbusDaemonBus(root.global.bus)) {
            Daemon daemon = new Daemon(host, root.global.store(), root.global::loadAndReport, SdNotifier.fromEnvironment(),
                    new HostShutdown(new ProcessCommandRunner(), Path.of("/run/systemd/system")), bus, signals,
                    SdNotifier.watchdogTimeout());
            return daemon.run();
        }
    }
}
