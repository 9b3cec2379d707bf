package org.lxcauto.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A {@link DaemonBus} that records what the daemon sends, and plays logind for the test. */
final class FakeDaemonBus implements DaemonBus {

    private final List<String> emitted = new ArrayList<>();
    private Agent1 published;
    private Consumer<String> hostGoingDown;
    private int locksReleased;
    private boolean connected;
    private boolean closed;

    @Override
    public synchronized void connect() {
        connected = true;
    }

    @Override
    public synchronized void publish(Agent1 agent, Consumer<String> hostGoingDown) {
        this.published = agent;
        this.hostGoingDown = hostGoingDown;
    }

    @Override
    public synchronized void releaseShutdownLock() {
        locksReleased++;
    }

    @Override
    public synchronized void emit(String container, String state) {
        emitted.add(container + " " + state);
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    /** logind sends {@code PrepareForShutdown(true)}. */
    void prepareForShutdown() {
        Consumer<String> listener;
        synchronized (this) {
            listener = hostGoingDown;
        }
        if (listener == null) {
            throw new AssertionError("PrepareForShutdown sent before the daemon published its API");
        }
        listener.accept("logind PrepareForShutdown");
    }

    /** Every ContainerStateChanged, as "NAME STATE", in order. */
    synchronized List<String> emitted() {
        return List.copyOf(emitted);
    }

    synchronized Agent1 published() {
        return published;
    }

    synchronized int locksReleased() {
        return locksReleased;
    }

    synchronized boolean connected() {
        return connected;
    }

    synchronized boolean closed() {
        return closed;
    }
}
