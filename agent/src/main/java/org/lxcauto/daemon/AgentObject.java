package org.lxcauto.daemon;

import java.util.concurrent.Callable;
import org.lxcauto.Agent1.Error.InvalidName;
import org.lxcauto.config.Names;

/**
 * The exported {@value Agent1#NAME} object. Each method runs on the daemon's own loop, like a
 * signal, so that a D-Bus call never races a boot or a shutdown.
 *
 * <p>Arguments are checked before that, on the bus's thread: a name no container can have
 * (docs/daemon.md, the D-Bus API) is answered at once with {@link InvalidName}, even while the
 * loop is busy with a long boot, and never reaches a command line or a path.
 */
final class AgentObject implements Agent1 {

    /** Runs work on the daemon loop and returns its result. */
    interface Loop {
        <T> T call(Callable<T> work);
    }

    private final Loop loop;
    private final Daemon daemon;

    AgentObject(Loop loop, Daemon daemon) {
        this.loop = loop;
        this.daemon = daemon;
    }

    @Override
    public String getObjectPath() {
        return PATH;
    }

    @Override
    public String Status() {
        // Read-only, so answered here and now rather than on the loop: a status asked during the
        // boot or a long start would otherwise wait behind it, and the command would give up and
        // report that no daemon runs.
        try {
            return daemon.status();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public int Start(String name) {
        checkName(name);
        return loop.call(() -> daemon.start(name));
    }

    @Override
    public int Stop(String name) {
        checkName(name);
        return loop.call(() -> daemon.stop(name));
    }

    @Override
    public int Reload() {
        return loop.call(daemon::reload);
    }

    private static void checkName(String name) {
        if (!Names.isValidContainer(name)) {
            throw InvalidName.of(name == null ? "" : name);
        }
    }
}
