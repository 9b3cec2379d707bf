package org.lxcauto.config;

import java.nio.file.Path;
import java.util.List;

/**
 * An interface the containers need, declared in a {@code [bridge NAME]} section of the agent
 * configuration or in a netcf {@code <interface>} XML file, brought up before the containers
 * that use it.
 *
 * @param name interface name
 * @param kind bridge or plain ethernet
 * @param addresses CIDR addresses (IPv4 or IPv6) to put on it
 * @param dhcp4 whether IPv4 comes from DHCP (NetworkManager only; the kernel path cannot)
 * @param ports interfaces to enslave to a bridge
 * @param stp whether a bridge runs the spanning tree protocol
 * @param manager who brings it up
 * @param onBoot whether it is brought up at boot ({@code <start mode='onboot'/>}); others are
 *     only waited for
 * @param file where it was declared
 * @param line the line of the declaration
 */
public record InterfaceDeclaration(String name, Kind kind, List<String> addresses, boolean dhcp4, List<String> ports,
        boolean stp, Manager manager, boolean onBoot, Path file, int line) {

    /** The netcf interface types lxc-auto brings up. */
    public enum Kind { BRIDGE, ETHERNET }

    /** {@code manager =}: who creates and activates the interface. */
    public enum Manager { AUTO, NETWORKMANAGER, KERNEL, NETCF }

    /** FILE:LINE, for messages. */
    public String origin() {
        return file + ":" + line;
    }
}
