package org.lxcauto.lifecycle;

import org.lxcauto.container.FakeContainerMonitor;
import org.lxcauto.container.FakePortProbe;
import org.lxcauto.container.FakeRuntime;
import org.lxcauto.need.FakeMountTable;
import org.lxcauto.need.FakeSystemdUnits;
import org.lxcauto.network.FakeLinkWatcher;
import org.lxcauto.network.FakeNetworkManager;
import org.lxcauto.network.IpRoute;
import org.lxcauto.network.NetworkSetup;
import org.lxcauto.system.FakeClock;
import org.lxcauto.system.FakeCommandRunner;

/** A {@link Host} made of fakes, for unit tests of boot, shutdown and the daemon. */
public final class FakeHosts {

    private FakeHosts() {
    }

    public static Host host(FakeRuntime runtime, FakeLinkWatcher links, FakePortProbe ports, FakeClock clock,
            FakeNetworkManager nm) {
        return host(runtime, new FakeContainerMonitor(), links, ports, clock, nm);
    }

    /** With the monitor a test posts container state changes through. */
    public static Host host(FakeRuntime runtime, FakeContainerMonitor monitor, FakeLinkWatcher links, FakePortProbe ports,
            FakeClock clock, FakeNetworkManager nm) {
        // No interfaces are declared in these tests, so ip is never asked anything.
        return host(runtime, monitor, links, ports, clock, nm, new FakeMountTable(), new FakeSystemdUnits());
    }

    /** With the mount table and the systemd a test's needs are met through. */
    public static Host host(FakeRuntime runtime, FakeContainerMonitor monitor, FakeLinkWatcher links, FakePortProbe ports,
            FakeClock clock, FakeNetworkManager nm, FakeMountTable mounts, FakeSystemdUnits units) {
        IpRoute ip = new IpRoute(new FakeCommandRunner());
        NetworkSetup network = new NetworkSetup(ip, nm.backend(), nm.backend(), nm, program -> false, clock);
        return new Host(runtime, monitor, links, ports, clock, ip, network, nm, mounts, units);
    }
}
