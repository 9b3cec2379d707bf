package org.lxcauto.lifecycle;

import org.lxcauto.container.ContainerMonitor;
import org.lxcauto.container.ContainerRuntime;
import org.lxcauto.container.LxcMonitor;
import org.lxcauto.container.RoutingRuntime;
import org.lxcauto.container.libvirt.DomainRuntime;
import org.lxcauto.container.libvirt.Libvirts;
import org.lxcauto.container.LxcRuntime;
import org.lxcauto.container.PortProbe;
import org.lxcauto.container.ReadinessGate;
import org.lxcauto.container.SocketPortProbe;
import org.lxcauto.event.Events;
import org.lxcauto.need.MountTable;
import org.lxcauto.need.NeedsGate;
import org.lxcauto.need.ProcMountTable;
import org.lxcauto.need.SystemdUnits;
import org.lxcauto.need.DbusSystemdUnits;
import org.lxcauto.network.IpRoute;
import org.lxcauto.network.KernelLinkWatcher;
import org.lxcauto.network.KernelNetwork;
import org.lxcauto.network.LazyNetworkManager;
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
 * Every side effect the lifecycle and the daemon need, in one place: real ones from {@link #real},
 * fakes in unit tests. Commands and the daemon take what they need from here rather than building
 * their own, so that a test that gives them a fake host leaves nothing real behind.
 *
 * @param runtime the container runtime
 * @param monitor the containers' state changes (for the restart policy)
 * @param links the network-interface watcher
 * @param ports the TCP probe for {@code ready = tcp:PORT}
 * @param clock the clock
 * @param ip the kernel's view of the interfaces (iproute2), for status
 * @param network brings declared interfaces up
 * @param nm NetworkManager on the system bus, or its absence
 * @param connections what the runtime holds open (libvirt's bus connection), closed with the host
 * @param events who hears the containers' lifecycle events (the journal's fields are logged
 *     whoever listens); {@link Events#NONE} until a sink subscribes with {@link #withEvents}
 * @param mounts the kernel's mount table, for {@code needs = mount:PATH}
 * @param units the host's systemd units, for {@code needs = unit:NAME}; closed with the host
 */
public record Host(ContainerRuntime runtime, ContainerMonitor monitor, LinkWatcher links, PortProbe ports, Clock clock,
        IpRoute ip, NetworkSetup network, NetworkManagerSession nm, AutoCloseable connections, Events events,
        MountTable mounts, SystemdUnits units) implements AutoCloseable {

    /** A host whose runtime holds no connection of its own to close (the fakes of the unit tests). */
    public Host(ContainerRuntime runtime, ContainerMonitor monitor, LinkWatcher links, PortProbe ports, Clock clock,
            IpRoute ip, NetworkSetup network, NetworkManagerSession nm, MountTable mounts, SystemdUnits units) {
        this(runtime, monitor, links, ports, clock, ip, network, nm, () -> { }, Events.NONE, mounts, units);
    }

    /**
     * The same host, its events heard by {@code events} instead: to add a sink, pass
     * {@code Events.all(host.events(), sink)}. The copy shares every connection; close one of the two.
     */
    public Host withEvents(Events events) {
        return new Host(runtime, monitor, links, ports, clock, ip, network, nm, connections, events, mounts, units);
    }

    /**
     * The real host.
     *
     * @param busAddress D-Bus address of the system bus ({@code --bus}), or null for the default
     * @param stateDir the state directory; containers' LXC logs go to its {@code logs/}
     */
    public static Host real(String busAddress, java.nio.file.Path stateDir) {
        CommandRunner runner = new ProcessCommandRunner();
        Clock clock = new SystemClock();
        LinkWatcher links = new KernelLinkWatcher(runner, clock);
        IpRoute ip = new IpRoute(runner);
        // Connected when first needed: a container's start need not wait for the bus (LazyNetworkManager).
        NetworkManagerSession nm = new LazyNetworkManager(() -> NetworkManagers.connect(busAddress, clock));
        NetworkSetup network = new NetworkSetup(ip, new KernelNetwork(ip, links, clock), new NetcfNetwork(runner, clock),
                nm, Programs::onPath, clock);
        // Domains only cost something once a [domain] entry is acted on: Libvirts connects lazily.
        Libvirts libvirt = new Libvirts(busAddress, runner, clock);
        ContainerRuntime runtime = new RoutingRuntime(
                new LxcRuntime(runner, clock, stateDir.resolve("logs"), stateDir.resolve("keep")), new DomainRuntime(libvirt));
        return new Host(runtime, new LxcMonitor(runner), links, new SocketPortProbe(), clock, ip, network, nm, libvirt,
                Events.NONE, new ProcMountTable(), new DbusSystemdUnits(busAddress));
    }

    ReadinessGate readinessGate() {
        return new ReadinessGate(runtime, ports, clock);
    }

    NeedsGate needsGate() {
        return new NeedsGate(mounts, units, ports::accepts, clock);
    }

    @Override
    public void close() {
        nm.close();
        units.close();
        try {
            connections.close();
        } catch (Exception e) {
            // Closing at exit: a connection that fails to close has nothing left to lose.
        }
    }
}
