package org.lxcauto.lifecycle;

import org.lxcauto.container.ContainerRuntime;
import org.lxcauto.container.LxcRuntime;
import org.lxcauto.container.PortProbe;
import org.lxcauto.container.ReadinessGate;
import org.lxcauto.container.SocketPortProbe;
import org.lxcauto.network.IpRoute;
import org.lxcauto.network.KernelLinkWatcher;
import org.lxcauto.network.KernelNetwork;
import org.lxcauto.network.LinkWatcher;
import org.lxcauto.network.NetcfNetwork;
import org.lxcauto.network.NetworkManagerSession;
import org.lxcauto.network.NetworkManagers;
import org.lxcauto.network.NetworkSetup;
import org.lxcauto.system.Clock;
import org.lxcauto.system.CommandRunner;
import org.lxcauto.system.ProcessCommandRunner;
import org.lxcauto.system.Programs;
import org.lxcauto.system.SystemClock;

/**
 * Every side effect the lifecycle needs, in one place: real ones from {@link #real}, fakes in
 * unit tests.
 *
 * @param runtime the container runtime
 * @param links the network-interface watcher
 * @param ports the TCP probe for {@code ready = tcp:PORT}
 * @param clock the clock
 * @param network brings declared interfaces up
 * @param nm NetworkManager on the system bus, or its absence
 */
public record Host(ContainerRuntime runtime, LinkWatcher links, PortProbe ports, Clock clock, NetworkSetup network,
        NetworkManagerSession nm) implements AutoCloseable {

    /**
     * The real host.
     *
     * @param busAddress D-Bus address of the system bus ({@code --bus}), or null for the default
     * @param stateDir the state directory; containers' LXC logs go to its {@code logs/}
     */
    public static Host real(String busAddress, java.nio.file.Path stateDir) {
        CommandRunner runner = new ProcessCommandRunner();
        Clock clock = new SystemClock();
        LinkWatcher links = new KernelLinkWatcher();
        IpRoute ip = new IpRoute(runner);
        NetworkManagerSession nm = NetworkManagers.connect(busAddress);
        NetworkSetup network = new NetworkSetup(ip, new KernelNetwork(ip, links, clock), new NetcfNetwork(runner, clock),
                nm, Programs::onPath, clock);
        return new Host(new LxcRuntime(runner, stateDir.resolve("logs")), links, new SocketPortProbe(), clock, network, nm);
    }

    ReadinessGate readinessGate() {
        return new ReadinessGate(runtime, ports, clock);
    }

    @Override
    public void close() {
        nm.close();
    }
}
