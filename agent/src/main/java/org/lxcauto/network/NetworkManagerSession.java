package org.lxcauto.network;

import java.time.Instant;

/**
 * NetworkManager as seen over the system bus, if it runs there.
 *
 * <p>The real implementation talks D-Bus (dbus-java); tests of the orchestration use a fake. The
 * feature itself is tested against a real NetworkManager confined to a network namespace.
 */
public interface NetworkManagerSession extends AutoCloseable {

    /** Whether NetworkManager owns {@code org.freedesktop.NetworkManager} on the bus now. */
    boolean running();

    /** Brings interfaces up as NetworkManager connections named {@code lxc-auto-NAME}. */
    NetworkBackend backend();

    /**
     * Makes NetworkManager leave {@code device} alone (Device.Managed = false): a container's
     * host-side veth must never get DHCP or be torn down by NetworkManager.
     */
    void unmanage(String device, Instant deadline) throws NetworkException, InterruptedException;

    @Override
    void close();
}
