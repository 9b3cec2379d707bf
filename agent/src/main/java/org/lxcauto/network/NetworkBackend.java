package org.lxcauto.network;

import java.time.Instant;
import org.lxcauto.config.InterfaceDeclaration;

/**
 * One way of bringing a declared interface up: NetworkManager over D-Bus, the kernel directly
 * (iproute2), or netcf's ncftool.
 */
public interface NetworkBackend {

    /** Who manages what this backend brings up, for logs and {@code status}: "NetworkManager", "kernel", "netcf". */
    String label();

    /**
     * Creates {@code iface} if it does not exist, configures it as declared, and returns once it
     * is up; never later than {@code deadline}.
     *
     * @throws NetworkException with the manager's own state and reason when it does not come up
     */
    void bringUp(InterfaceDeclaration iface, Instant deadline) throws NetworkException, InterruptedException;
}
