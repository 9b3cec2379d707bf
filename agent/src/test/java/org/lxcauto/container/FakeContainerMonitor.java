package org.lxcauto.container;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ContainerMonitor} a test speaks for: {@link #post} is LXC announcing "NAME changed state
 * to STATE" to every open watch, on the test's own thread. {@link #failing} makes it a host
 * without lxc-monitor.
 */
public final class FakeContainerMonitor implements ContainerMonitor {

    private record Open(Path lxcpath, Listener listener, boolean[] closed) {
    }

    private final List<Open> watches = new ArrayList<>();
    private RuntimeException failure;

    /** From now on every watch throws {@code failure}, as when lxc-monitor cannot run. */
    public synchronized FakeContainerMonitor failing(RuntimeException failure) {
        this.failure = failure;
        return this;
    }

    @Override
    public synchronized Watch watch(Path lxcpath, Listener listener) {
        if (failure != null) {
            throw failure;
        }
        Open open = new Open(lxcpath, listener, new boolean[1]);
        watches.add(open);
        return () -> {
            synchronized (this) {
                open.closed()[0] = true;
            }
        };
    }

    /** LXC announces that {@code container} changed to {@code state}, to every open watch. */
    public void post(String container, ContainerState state) {
        List<Listener> listening;
        synchronized (this) {
            listening = watches.stream().filter(w -> !w.closed()[0]).map(Open::listener).toList();
        }
        listening.forEach(l -> l.changed(container, state));
    }

    /** The lxcpaths watched and not closed. */
    public synchronized List<Path> watched() {
        return watches.stream().filter(w -> !w.closed()[0]).map(Open::lxcpath).toList();
    }
}
