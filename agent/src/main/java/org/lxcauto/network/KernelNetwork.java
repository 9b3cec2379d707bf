package org.lxcauto.network;

import java.net.InetAddress;
import java.net.UnknownHostException;
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
        if (iface.dhcp4()) { // refused before anything is created, so nothing is left half made
            throw new NetworkException("'" + name + "' asks for DHCP (" + iface.origin() + "), which the kernel path cannot"
                    + " do; give it a static address or run NetworkManager");
        }
        if (!ip.link(name).exists()) {
            Duration wait = clock.remaining(deadline);
            if (iface.kind() == InterfaceDeclaration.Kind.BRIDGE) {
                ip.addBridge(name, iface.stp());
            } else if (!links.awaitLink(name, wait)) {
                throw new NetworkException("ethernet interface '" + name + "' did not appear within " + wait.toSeconds()
                        + "s; check the hardware or the name in " + iface.origin());
            }
        }
        List<String> present = ip.addresses(name).stream().map(KernelNetwork::canonical).toList();
        for (String cidr : iface.addresses()) {
            if (!present.contains(canonical(cidr))) {
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

    /**
     * One spelling per address, so that {@code fd00:0:0::1/64} as declared matches {@code fd00::1/64}
     * as ip prints it. The text is a literal (checked by {@link Cidr}), so no name lookup happens.
     */
    static String canonical(String cidr) {
        try {
            return InetAddress.getByName(Cidr.address(cidr)).getHostAddress() + "/" + Cidr.prefix(cidr);
        } catch (UnknownHostException | RuntimeException e) {
            return cidr.toLowerCase();
        }
    }
}
