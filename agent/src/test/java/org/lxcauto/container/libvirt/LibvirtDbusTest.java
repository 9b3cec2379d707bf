package org.lxcauto.container.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lxcauto.container.ContainerState;

/**
 * What {@link LibvirtDbus} decides without a bus: which URIs libvirt-dbus serves and at which
 * object, the shutdown flags per driver, libvirt's states, and a missing bus. Its calls are
 * tested against the real libvirt-dbus.
 */
class LibvirtDbusTest {

    @TempDir
    Path dir;

    @Test
    void servesOnlyTheLocalSystemConnections() {
        assertTrue(LibvirtDbus.serves("qemu:///system"));
        assertTrue(LibvirtDbus.serves("lxc:///system"));
        assertTrue(LibvirtDbus.serves("lxc:///"));
        assertFalse(LibvirtDbus.serves("qemu:///session"));
        assertFalse(LibvirtDbus.serves("qemu+ssh://host/system"));
        assertFalse(LibvirtDbus.serves("lxc:///system?socket=/tmp/sock"));
    }

    @Test
    void eachDriverHasItsConnectionObject() {
        assertEquals("/org/libvirt/QEMU", LibvirtDbus.connectionPath("qemu:///system"));
        assertEquals("/org/libvirt/LXC", LibvirtDbus.connectionPath("lxc:///system"));
        assertEquals("/org/libvirt/LXC", LibvirtDbus.connectionPath("lxc:///"));
    }

    @Test
    void otherUriIsRefusedWithWhatItServes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LibvirtDbus.connectionPath("qemu+ssh://host/system"));
        assertEquals("libvirt-dbus serves only the local system connections [lxc:///, lxc:///system, qemu:///system],"
                + " not 'qemu+ssh://host/system'; use virsh for it (Libvirts does)", e.getMessage());
    }

    @Test
    void lxcDomainsAreStoppedBySignalQemuOnesByAcpi() {
        assertEquals(LibvirtDomain.SHUTDOWN_SIGNAL, LibvirtDbus.shutdownFlags("lxc:///system"));
        assertEquals(LibvirtDomain.SHUTDOWN_SIGNAL, LibvirtDbus.shutdownFlags("lxc:///"));
        assertEquals(0, LibvirtDbus.shutdownFlags("qemu:///system"));
    }

    @Test
    void libvirtStatesMapToContainerStates() {
        assertEquals(ContainerState.RUNNING, LibvirtDbus.toState(LibvirtDomain.STATE_RUNNING));
        assertEquals(ContainerState.RUNNING, LibvirtDbus.toState(2)); // blocked
        assertEquals(ContainerState.FROZEN, LibvirtDbus.toState(LibvirtDomain.STATE_PAUSED));
        assertEquals(ContainerState.STOPPING, LibvirtDbus.toState(LibvirtDomain.STATE_SHUTDOWN));
        assertEquals(ContainerState.STOPPED, LibvirtDbus.toState(LibvirtDomain.STATE_SHUTOFF));
        assertEquals(ContainerState.STOPPED, LibvirtDbus.toState(LibvirtDomain.STATE_CRASHED));
        assertEquals(ContainerState.STOPPED, LibvirtDbus.toState(0)); // no state
    }

    @Test
    void missingBusIsNoLibvirtDbusWithTheReason() {
        List<String> why = new ArrayList<>();
        String address = "unix:path=" + dir.resolve("bus");
        assertEquals(Optional.empty(), LibvirtDbus.connect(address, new org.lxcauto.system.FakeClock(), why::add));
        assertEquals(List.of("libvirt-dbus cannot be reached on the bus at '" + address + "': no bus socket at "
                + dir.resolve("bus")), why);
    }

    @Test
    void driverIsTheSchemeWithoutItsTransport() {
        assertEquals("lxc", LibvirtUri.driver("lxc:///system"));
        assertEquals("lxc", LibvirtUri.driver("lxc+ssh://host/system"));
        assertEquals("qemu", LibvirtUri.driver("QEMU:///system"));
        assertTrue(LibvirtUri.isLxc("lxc:///system?socket=/tmp/sock"));
        assertFalse(LibvirtUri.isLxc("qemu:///system"));
    }
}
