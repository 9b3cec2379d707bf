package org.lxcauto.lifecycle;

import org.lxcauto.container.ContainerRuntime;
import org.lxcauto.container.LxcRuntime;
import org.lxcauto.container.PortProbe;
import org.lxcauto.container.ReadinessGate;
import org.lxcauto.container.SocketPortProbe;
import org.lxcauto.network.KernelLinkWatcher;
import org.lxcauto.network.LinkWatcher;
import org.lxcauto.system.Clock;
import org.lxcauto.system.ProcessCommandRunner;
import org.lxcauto.system.SystemClock;

/**
 * Every side effect the lifecycle needs, in one place: real ones from {@link #real()}, fakes in
 * unit tests.
 *
 * @param runtime the container runtime
 * @param links the network-interface watcher
 * @param ports the TCP probe for {@code ready = tcp:PORT}
 * @param clock the clock
 */
public record Host(ContainerRuntime runtime, LinkWatcher links, PortProbe ports, Clock clock) {

    public static Host real() {
        return new Host(new LxcRuntime(new ProcessCommandRunner()), new KernelLinkWatcher(), new SocketPortProbe(),
                new SystemClock());
    }

    ReadinessGate readinessGate() {
        return new ReadinessGate(runtime, ports, clock);
    }
}
