package org.lxcauto.daemon;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.lxcauto.config.TempConfig;
import org.lxcauto.container.ContainerRef;
import org.lxcauto.container.FakeContainerMonitor;
import org.lxcauto.container.FakePortProbe;
import org.lxcauto.container.FakeRuntime;
import org.lxcauto.lifecycle.FakeHosts;
import org.lxcauto.lifecycle.Host;
import org.lxcauto.network.FakeLinkWatcher;
import org.lxcauto.network.FakeNetworkManager;
import org.lxcauto.state.StateStore;
import org.lxcauto.system.CommandResult;
import org.lxcauto.system.FakeClock;
import org.lxcauto.system.FakeCommandRunner;
import org.lxcauto.system.FakeSignals;

/**
 * A daemon on fakes, in fake time: configuration files in a temporary directory (read as the real
 * daemon reads them), containers in a {@link FakeRuntime}, the bus, the signals, the notifier and
 * the init system's answers all the test's. The test turns the loop by hand ({@link #turn}), so
 * what ran, and in which order, is decided by the daemon alone.
 */
final class DaemonFixture {

    final TempConfig files;
    final Path stateDir;
    final FakeClock clock = new FakeClock();
    final FakeRuntime runtime = new FakeRuntime(clock);
    final FakeContainerMonitor monitor = new FakeContainerMonitor();
    final FakeDaemonBus bus = new FakeDaemonBus();
    final FakeSignals signals = new FakeSignals();
    /** What runlevel(8) says (no systemd here): by default the host runs on. */
    volatile String runlevel = "N 2";
    /** When set, asking runlevel(8) throws it (a bug on the way). */
    volatile RuntimeException runlevelThrows;
    final FakeCommandRunner initSystem = new FakeCommandRunner();
    final List<String> notifications = new CopyOnWriteArrayList<>();
    final Host host;
    final Daemon daemon;

    DaemonFixture(Path root) {
        this(root, Optional.empty());
    }

    /** @param watchdogTimeout systemd's WATCHDOG_USEC for the daemon, empty for none */
    DaemonFixture(Path root, Optional<Duration> watchdogTimeout) {
        files = new TempConfig(root);
        stateDir = root.resolve("state");
        initSystem.on("runlevel").does(argv -> {
            if (runlevelThrows != null) {
                throw runlevelThrows;
            }
            return new CommandResult(argv, 0, runlevel + "\n", "", false);
        });
        host = FakeHosts.host(runtime, monitor, new FakeLinkWatcher(), new FakePortProbe(), clock,
                new FakeNetworkManager(false));
        daemon = new Daemon(host, new StateStore(stateDir), files::load, notifications::add,
                new HostShutdown(initSystem, root.resolve("no-systemd")), bus, signals, watchdogTimeout);
    }

    /** An autostart container: its LXC config, its entry with {@code lines} after [container], stopped. */
    DaemonFixture container(String name, String... lines) {
        files.container(name);
        String[] entry = new String[lines.length + 1];
        entry[0] = "[container]";
        System.arraycopy(lines, 0, entry, 1, lines.length);
        files.entry(name + ".conf", entry);
        runtime.add(ref(name));
        return this;
    }

    ContainerRef ref(String name) {
        return new ContainerRef.Lxc(files.lxcpath, name);
    }

    /** Runs the daemon's start-up, its boot included. */
    void begin() throws InterruptedException {
        daemon.begin();
        turn();
    }

    /** Runs what is queued on the daemon's loop, as its thread would, until it is idle or leaving. */
    int turn() {
        return daemon.loop().runQueued(daemon::leaving);
    }

    /** A D-Bus call, queued as AgentObject queues it; its answer once the loop has run it. */
    <T> CompletableFuture<T> request(Callable<T> call) {
        return daemon.loop().submit(call);
    }

    /** What a call the loop has run threw. */
    static Throwable failure(CompletableFuture<?> answer) {
        try {
            answer.get();
            throw new AssertionError("it succeeded with " + answer.join());
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Lets {@code duration} of fake time pass as it would for the running daemon: the loop runs
     * after each timer that comes due (timers only queue work for it), so that work it schedules
     * in turn comes due within the same duration.
     */
    void advance(Duration duration) {
        Duration left = duration;
        turn();
        while (true) {
            List<Duration> pending = clock.pending();
            if (pending.isEmpty() || pending.get(0).compareTo(left) > 0) {
                clock.advance(left);
                turn();
                return;
            }
            clock.advance(pending.get(0));
            left = left.minus(pending.get(0));
            turn();
        }
    }

    /** The notifications that start with {@code prefix}. */
    List<String> notified(String prefix) {
        return notifications.stream().filter(n -> n.startsWith(prefix)).toList();
    }
}
