package org.lxcauto.daemon;

import java.util.function.Consumer;

/**
 * The daemon's side of the system bus: it publishes {@value Agent1#NAME}, emits
 * {@code ContainerStateChanged}, holds logind's delay inhibitor lock and listens for
 * {@code PrepareForShutdown}. {@link DbusDaemonBus} is the real one; unit tests of the daemon use
 * a fake that records what was sent and plays logind.
 *
 * <p>None of these fail the daemon: a bus that is missing or refuses is logged, and the daemon runs
 * on without it.
 */
public interface DaemonBus extends AutoCloseable {

    /**
     * Connects, without taking the name yet: the boot's {@code ContainerStateChanged} signals are
     * sent from the connection's unique name, while commands, finding no daemon, still act directly.
     */
    void connect();

    /**
     * Takes the bus name, exports {@code agent}, takes logind's delay lock, and arranges that
     * {@code hostGoingDown} hears (with the reason) of logind's {@code PrepareForShutdown(true)}.
     */
    void publish(Agent1 agent, Consumer<String> hostGoingDown);

    /** Lets the shutdown that logind was holding back go on. */
    void releaseShutdownLock();

    /** Emits {@code ContainerStateChanged(container, state)}; a failure only costs the listeners an event. */
    void emit(String container, String state);

    /** Releases the lock and leaves the bus. */
    @Override
    void close();
}
