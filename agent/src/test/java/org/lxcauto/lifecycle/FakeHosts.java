package org.lxcauto.lifecycle;

import org.lxcauto.container.FakePortProbe;
import org.lxcauto.container.FakeRuntime;
import org.lxcauto.network.FakeLinkWatcher;
import org.lxcauto.network.FakeNetworkManager;
import org.lxcauto.network.IpRoute;
import org.lxcauto.network.NetworkSetup;
import org.lxcauto.system.FakeClock;
import org.lxcauto.system.FakeCommandRunner;

/** A {@link Host} made of fakes, for unit tests of boot and shutdown. */
final class FakeHosts {

    private FakeHosts() {
    }

    static Host host(FakeRuntime runtime, FakeLinkWatcher links, FakePortProbe ports, FakeClock clock,
            FakeNetworkManager nm) {
        // No interfaces are declared in these tests, so ip is never asked anything.
        IpRoute ip = new IpRoute(new FakeCommandRunner());
        NetworkSetup network = new NetworkSetup(ip, nm.backend(), nm.backend(), nm, program -> false, clock);
        return new Host(runtime, links, ports, clock, network, nm);
    }
}
