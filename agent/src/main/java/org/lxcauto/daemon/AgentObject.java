package org.lxcauto.daemon;

import java.util.concurrent.Callable;

/**
 * The exported {@value Agent1#NAME} object. Each method runs on the daemon's own loop, like a
 * signal, so that a D-Bus call never races a boot or a shutdown.
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
        return loop.call(daemon::status);
    }

    @Override
    public int Start(String name) {
        return loop.call(() -> daemon.start(name));
    }

    @Override
    public int Stop(String name) {
        return loop.call(() -> daemon.stop(name));
    }

    @Override
    public int Reload() {
        return loop.call(daemon::reload);
    }
}
