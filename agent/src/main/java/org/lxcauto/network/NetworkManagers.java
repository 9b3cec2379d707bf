package org.lxcauto.network;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds NetworkManager on the system bus, or explains why there is none. */
public final class NetworkManagers {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkManagers.class);

    private NetworkManagers() {
    }

    /**
     * A session with NetworkManager over the bus at {@code busAddress} (null: the system bus). A
     * host without a reachable bus is a host without NetworkManager, not an error: interfaces
     * with {@code manager = auto} then go through the kernel.
     */
    public static NetworkManagerSession connect(String busAddress, org.lxcauto.system.Clock clock) {
        try {
            return DbusNetworkManager.connect(busAddress, clock);
        } catch (NetworkException e) {
            LOG.debug("NetworkManager not reachable: {}", e.getMessage());
            return new AbsentNetworkManager(e.getMessage());
        }
    }
}
