package org.lxcauto.container.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.lxcauto.container.ContainerState;

/** {@link Libvirts}: libvirt-dbus for what it serves when present, virsh otherwise; nothing until a domain is touched. */
class LibvirtsTest {

    private static final String LXC = "lxc:///system";
    private static final String REMOTE = "qemu+ssh://host/system";

    private final FakeLibvirt dbus = new FakeLibvirt().define(LXC, "web");
    private final FakeLibvirt virsh = new FakeLibvirt().define(LXC, "web").define(REMOTE, "vm");
    private final AtomicInteger dbusLookups = new AtomicInteger();
    private final AtomicInteger virshMade = new AtomicInteger();

    private Libvirts libvirts(boolean dbusPresent) {
        return new Libvirts(whyNot -> {
            dbusLookups.incrementAndGet();
            if (!dbusPresent) {
                whyNot.accept("nobody owns org.libvirt");
            }
            return dbusPresent ? Optional.of(dbus) : Optional.empty();
        }, () -> {
            virshMade.incrementAndGet();
            return virsh;
        });
    }

    @Test
    void nothingIsLookedForUntilADomainIsTouched() {
        libvirts(true).close();
        assertEquals(0, dbusLookups.get());
        assertEquals(0, virshMade.get());
    }

    @Test
    void servedUriGoesThroughLibvirtDbusLookedForOnce() throws Exception {
        try (Libvirts libvirts = libvirts(true)) {
            assertEquals(ContainerState.STOPPED, libvirts.state(LXC, "web"));
            libvirts.create(LXC, "web");
            assertEquals(List.of("state lxc:///system web", "create lxc:///system web"), dbus.calls());
            assertEquals(List.of(), virsh.calls());
            assertEquals(1, dbusLookups.get());
        }
        assertTrue(dbus.closed());
    }

    @Test
    void otherUriGoesThroughVirshWithoutLookingForTheBus() throws Exception {
        try (Libvirts libvirts = libvirts(true)) {
            libvirts.state(REMOTE, "vm");
            assertEquals(List.of("state qemu+ssh://host/system vm"), virsh.calls());
            assertEquals(0, dbusLookups.get());
        }
    }

    @Test
    void withoutLibvirtDbusEverythingGoesThroughVirsh() throws Exception {
        try (Libvirts libvirts = libvirts(false)) {
            libvirts.state(LXC, "web");
            libvirts.state(LXC, "web");
            assertEquals(List.of("state lxc:///system web", "state lxc:///system web"), virsh.calls());
            assertEquals(1, dbusLookups.get(), "looked for once, not on every call");
            assertEquals(1, virshMade.get());
        }
        assertTrue(virsh.closed());
    }
}
