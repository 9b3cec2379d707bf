package org.lxcauto.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lxcauto.system.FakeClock;

/**
 * {@link RoutingRuntime}: each reference goes to the runtime of its kind, even when an LXC
 * container and a domain share a name.
 */
class RoutingRuntimeTest {

    private static final Path LXCPATH = Path.of("/var/lib/lxc");

    private final FakeClock clock = new FakeClock();
    private final FakeRuntime lxc = new FakeRuntime(clock);
    private final FakeRuntime domains = new FakeRuntime(clock);
    private final RoutingRuntime routing = new RoutingRuntime(lxc, domains);

    private final ContainerRef container = lxc.add(new ContainerRef.Lxc(LXCPATH, "web"));
    private final ContainerRef domain = domains.add(new ContainerRef.Domain("qemu:///system", "web"));

    @Test
    void aDomainGoesToTheDomainRuntimeAndAContainerToLxc() throws Exception {
        assertEquals(StartOutcome.STARTED, routing.start(domain));
        assertEquals(ContainerState.RUNNING, routing.state(domain));
        assertEquals(ContainerState.STOPPED, routing.state(container), "the container of the same name is untouched");
        assertEquals(List.of(), lxc.names(FakeRuntime.START));

        assertEquals(StartOutcome.STARTED, routing.start(container));
        assertEquals(StopOutcome.CLEAN, routing.stop(container, Duration.ofSeconds(5)));
        assertEquals(List.of("web"), lxc.names(FakeRuntime.STOP));
        assertEquals(List.of(), domains.names(FakeRuntime.STOP));
        assertEquals(ContainerState.RUNNING, domains.stateOf(domain));
    }

    @Test
    void anEphemeralCopyGoesWhereItsBaseLives() throws Exception {
        ContainerRef copy = new ContainerRef.Lxc(LXCPATH, "web-ephemeral");
        assertEquals(StartOutcome.STARTED, routing.startEphemeral(container, copy, List.of()));
        assertEquals(List.of("web-ephemeral"), lxc.names(FakeRuntime.START_EPHEMERAL));
        assertEquals(Set.of("web-ephemeral"), routing.running(LXCPATH), "running containers are LXC's to list");
    }
}
