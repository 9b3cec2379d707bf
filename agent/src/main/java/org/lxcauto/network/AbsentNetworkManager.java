package org.lxcauto.network;

import java.time.Instant;

/** The {@link NetworkManagerSession} of a host where no system bus (or no NetworkManager) can be reached. */
public final class AbsentNetworkManager implements NetworkManagerSession {

    private final String why;

    /** @param why what was tried, for the error of a {@code manager = networkmanager} interface */
    public AbsentNetworkManager(String why) {
        this.why = why;
    }

    @Override
    public boolean running() {
        return false;
    }

    @Override
    public NetworkBackend backend() {
        return new NetworkBackend() {
            @Override
            public String label() {
                return "NetworkManager";
            }

            @Override
            public void bringUp(org.lxcauto.config.InterfaceDeclaration iface, Instant deadline) throws NetworkException {
                throw new NetworkException("manager = networkmanager, but NetworkManager is not reachable (" + why
                        + "); start it, or use manager = auto");
            }
        };
    }

    @Override
    public void unmanage(String device, Instant deadline) {
        // Nothing manages the device, so there is nothing to keep away from it.
    }

    @Override
    public void close() {
    }
}
