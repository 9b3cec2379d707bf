package org.lxcauto.config;

import java.nio.file.Path;
import java.util.List;

/**
 * A bridge the containers need, declared in a {@code [bridge NAME]} section.
 *
 * @param name interface name
 * @param addresses CIDR addresses to put on it
 * @param ports physical ports to enslave
 * @param stp whether the spanning tree protocol is on
 * @param manager who brings it up
 * @param file where it was declared
 * @param line the section's line
 */
public record BridgeDeclaration(String name, List<String> addresses, List<String> ports, boolean stp,
        Manager manager, Path file, int line) {

    /** {@code manager =}: who creates and activates the bridge. */
    public enum Manager { AUTO, NETWORKMANAGER, KERNEL, NETCF }
}
