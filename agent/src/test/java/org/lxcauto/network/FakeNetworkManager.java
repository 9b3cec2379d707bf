package org.lxcauto.network;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.lxcauto.config.InterfaceDeclaration;

/**
 * {@link NetworkManagerSession} for unit tests: NetworkManager present or not, interfaces that come
 * up or fail, and a record of which devices were set unmanaged and which interfaces brought up.
 */
public final class FakeNetworkManager implements NetworkManagerSession {

    private final boolean running;
    private final Set<String> failing = new HashSet<>();
    private final List<String> unmanaged = new ArrayList<>();
    private final List<String> broughtUp = new ArrayList<>();

    public FakeNetworkManager(boolean running) {
        this.running = running;
    }

    /** Bringing up {@code name} fails with NetworkManager's "device unavailable". */
    public synchronized FakeNetworkManager failing(String name) {
        failing.add(name);
        return this;
    }

    public synchronized List<String> unmanaged() {
        return List.copyOf(unmanaged);
    }

    public synchronized List<String> broughtUp() {
        return List.copyOf(broughtUp);
    }

    @Override
    public boolean running() {
        return running;
    }

    @Override
    public NetworkBackend backend() {
        return new NetworkBackend() {
            @Override
            public String label() {
                return "NetworkManager";
            }

            @Override
            public void bringUp(InterfaceDeclaration iface, Instant deadline) throws NetworkException {
                synchronized (FakeNetworkManager.this) {
                    if (failing.contains(iface.name())) {
                        throw new NetworkException("activation failed: state deactivated, reason device-unavailable");
                    }
                    broughtUp.add(iface.name());
                }
            }
        };
    }

    @Override
    public synchronized void unmanage(String device, Instant deadline) {
        unmanaged.add(device);
    }

    @Override
    public void close() {
    }
}
