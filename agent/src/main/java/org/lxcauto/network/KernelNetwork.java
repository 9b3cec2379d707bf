package org.lxcauto.network;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.lxcauto.config.Cidr;
import org.lxcauto.config.InterfaceDeclaration;
import org.lxcauto.system.Clock;

/**
 * Brings interfaces up directly in the kernel with iproute2: for hosts without NetworkManager.
 * Only adds what is missing (the bridge, addresses, ports, the UP flag), so running it twice
 * changes nothing, and it never removes anything.
 */
public final class KernelNetwork implements NetworkBackend {

    private final IpRoute ip;
    private final LinkWatcher links;
    private final Clock clock;

    public KernelNetwork(IpRoute ip, LinkWatcher links, Clock clock) {
        this.ip = ip;
        this.links = links;
        this.clock = clock;
    }

    @Override
    public String label() {
        return "kernel";
    }

    @Override
    public void bringUp(InterfaceDeclaration iface, Instant deadline) throws NetworkException, InterruptedException {
        String name = iface.name();
        if (!ip.link(name).exists()) {
            if (iface.kind() == InterfaceDeclaration.Kind.BRIDGE) {
                ip.addBridge(name, iface.stp());
            } else if (!links.awaitLink(name, clock.remaining(deadline))) {
                throw new NetworkException("ethernet interface '" + name + "' did not appear within "
                        + Duration.between(clock.now(), deadline).abs().toSeconds() + "s; check the hardware or the name in "
                        + iface.origin());
            }
        }
        if (iface.dhcp4()) {
            throw new NetworkException("'" + name + "' asks for DHCP (" + iface.origin() + "), which the kernel path cannot"
                    + " do; give it a static address or run NetworkManager");
        }
        List<String> present = ip.addresses(name);
        for (String cidr : iface.addresses()) {
            if (!present.contains(normalized(cidr))) {
                ip.addAddress(name, cidr);
            }
        }
        for (String port : iface.ports()) {
            LinkState state = ip.link(port);
            if (!state.exists()) {
                throw new NetworkException("port '" + port + "' of bridge '" + name + "' does not exist; fix 'ports' in "
                        + iface.origin());
            }
            if (!name.equals(state.master())) {
                ip.enslave(port, name);
            }
            if (!state.adminUp()) {
                ip.setUp(port);
            }
        }
        ip.setUp(name);
        LinkState after = ip.link(name);
        if (!after.adminUp()) {
            throw new NetworkException("'" + name + "' is still " + after.describe() + " after 'ip link set up'");
        }
    }

    /** ip prints IPv6 addresses compressed and lower case; compare the same way. */
    private static String normalized(String cidr) {
        return Cidr.isIpv6(cidr) ? cidr.toLowerCase() : cidr;
    }
}
