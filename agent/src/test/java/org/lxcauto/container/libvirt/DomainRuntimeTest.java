package org.lxcauto.container.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lxcauto.container.ContainerException;
import org.lxcauto.container.ContainerExit;
import org.lxcauto.container.ContainerRef;
import org.lxcauto.container.ContainerState;
import org.lxcauto.container.StartOutcome;
import org.lxcauto.container.StopOutcome;

/** {@link DomainRuntime} over a {@link FakeLibvirt}: each runtime operation becomes the right libvirt call on the domain's URI. */
class DomainRuntimeTest {

    private static final String QEMU = "qemu:///system";
    private static final String LXC = "lxc:///system";
    private static final ContainerRef VM = new ContainerRef.Domain(QEMU, "vm");
    private static final ContainerRef WEB = new ContainerRef.Domain(LXC, "web");

    private final FakeLibvirt libvirt = new FakeLibvirt().define(QEMU, "vm").define(LXC, "web");
    private final DomainRuntime runtime = new DomainRuntime(libvirt);

    @Test
    void startCreatesTheDomainOnItsOwnUri() throws Exception {
        assertEquals(StartOutcome.STARTED, runtime.start(VM));
        assertEquals(ContainerState.RUNNING, runtime.state(VM));
        assertEquals(ContainerState.STOPPED, runtime.state(WEB), "same-named lookups stay on their URI");
        assertEquals(StartOutcome.ALREADY_RUNNING, runtime.start(VM));
        assertEquals(List.of("create qemu:///system vm", "state qemu:///system vm", "state lxc:///system web",
                "create qemu:///system vm"), libvirt.calls());
    }

    @Test
    void unknownDomainIsMissingAndItsStartFailsWithLibvirtsError() {
        ContainerRef ghost = new ContainerRef.Domain(QEMU, "ghost");
        assertThrows(ContainerException.class, () -> runtime.start(ghost));
    }

    @Test
    void haltSendsTheShutdownThenWaitsWithTheTimeout() throws Exception {
        libvirt.setState(LXC, "web", ContainerState.RUNNING);
        assertEquals(StopOutcome.CLEAN, runtime.stop(WEB, Duration.ofSeconds(30)));
        assertEquals(List.of("shutdown lxc:///system web", "awaitShutdown lxc:///system web 30s"), libvirt.calls());
    }

    @Test
    void domainIgnoringTheShutdownIsForced() throws Exception {
        libvirt.setState(QEMU, "vm", ContainerState.RUNNING).ignoreShutdown(QEMU, "vm");
        assertEquals(StopOutcome.FORCED, runtime.stop(VM, Duration.ofSeconds(5)));
    }

    @Test
    void haltOfAStoppedDomainIsNothingToWaitFor() throws Exception {
        assertEquals(StopOutcome.NOT_RUNNING, runtime.stop(WEB, Duration.ofSeconds(30)));
        assertEquals(List.of("shutdown lxc:///system web"), libvirt.calls(), "nothing waited for");
    }

    @Test
    void ipv4IsLibvirts() throws Exception {
        libvirt.setState(QEMU, "vm", ContainerState.RUNNING).setIpv4(QEMU, "vm", "192.168.122.70");
        assertEquals(Optional.of("192.168.122.70"), runtime.ipv4(VM));
    }

    @Test
    void domainsAreNeverUnderAnLxcpath() throws Exception {
        libvirt.setState(LXC, "web", ContainerState.RUNNING);
        assertEquals(Set.of(), runtime.running(Path.of("/var/lib/lxc")));
        assertEquals(List.of(), libvirt.calls(), "libvirt is not asked");
    }

    @Test
    void domainCannotBeEphemeral() {
        ContainerException e = assertThrows(ContainerException.class,
                () -> runtime.startEphemeral(VM, new ContainerRef.Domain(QEMU, "vm-copy"), List.of()));
        assertTrue(e.getMessage().contains("a libvirt domain cannot be ephemeral"), e::getMessage);
        assertTrue(e.getMessage().contains("'vm' on qemu:///system"), e::getMessage);
        assertEquals(List.of(), libvirt.calls());
    }

    @Test
    void execFailsTheCheckWithoutTouchingLibvirt() {
        assertEquals(DomainRuntime.CANNOT_EXEC, runtime.exec(VM, List.of("true"), Duration.ofSeconds(5)).exitCode());
        assertEquals(List.of(), libvirt.calls());
    }

    @Test
    void hostInterfacesAreLibvirtsBusiness() {
        assertEquals(List.of(), runtime.hostInterfaces(VM));
    }

    @Test
    void lastExitPointsToLibvirtsOwnRecord() {
        ContainerExit exit = runtime.lastExit(WEB);
        assertEquals(ContainerExit.Cause.UNKNOWN, exit.cause());
        assertTrue(exit.detail().contains("virsh -c lxc:///system domstate --reason web"), exit::detail);
    }

    @Test
    void lxcContainerIsRefusedWithWhereItBelongs() {
        ContainerRef lxc = new ContainerRef.Lxc(Path.of("/var/lib/lxc"), "db");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> runtime.state(lxc));
        assertEquals("'db' is an LXC container, not a libvirt domain; it belongs to the LXC runtime",
                e.getMessage());
    }
}
