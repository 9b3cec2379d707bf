package org.lxcauto.network;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * A {@link NetworkManagerSession} that connects on its first use rather than when the host is
 * assembled.
 *
 * <p>Connecting to the system bus costs about 0.3 s (dbus-java's classes and the handshake), and
 * until now it was paid before the first {@code lxc-start} of every boot, even by containers
 * that have no network at all. Asked lazily, the session is first wanted when a declared
 * interface is brought up, or when a started container's veth is handed away from NetworkManager
 * (in the settling, outside the launch limit) — so a container's start no longer waits for it.
 * A boot with neither never connects.
 */
public final class LazyNetworkManager implements NetworkManagerSession {

    private final Supplier<NetworkManagerSession> connect;
    /** Guarded by {@code this}; null until first asked for. */
    private NetworkManagerSession session;
    private boolean closed;

    /** @param connect makes the real session; called at most once */
    public LazyNetworkManager(Supplier<NetworkManagerSession> connect) {
        this.connect = connect;
    }

    private synchronized NetworkManagerSession session() {
        if (closed) {
            throw new IllegalStateException("the NetworkManager session was used after it was closed");
        }
        if (session == null) {
            session = connect.get();
        }
        return session;
    }

    @Override
    public boolean running() {
        return session().running();
    }

    @Override
    public NetworkBackend backend() {
        return session().backend();
    }

    @Override
    public void unmanage(String device, Instant deadline) throws NetworkException, InterruptedException {
        session().unmanage(device, deadline);
    }

    /** Closes the session if one was made; closing never connects. */
    @Override
    public synchronized void close() {
        closed = true;
        if (session != null) {
            session.close();
        }
    }
}
