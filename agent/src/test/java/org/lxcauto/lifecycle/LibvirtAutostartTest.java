package org.lxcauto.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.lxcauto.config.Entries.config;
import static org.lxcauto.config.Entries.e;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lxcauto.config.Configuration;
import org.lxcauto.config.ContainerEntry;
import org.lxcauto.container.FakeRuntime;
import org.lxcauto.system.FakeClock;

/** {@link LibvirtAutostart}: which of libvirt's own autostart domains an entry names, by URI. */
class LibvirtAutostartTest {

    private static final String QEMU = "qemu:///system";
    private static final String LXC = "lxc:///system";

    private final FakeRuntime runtime = new FakeRuntime(new FakeClock());

    @Test
    void domainsNoEntryNamesAreLeftToLibvirtAndTheOthersWarned() throws InterruptedException {
        // "web" is an LXC container named like one of libvirt's domains, and "db" a domain under another URI.
        runtime.libvirtAutostarts(QEMU, "vm", "web", "db").libvirtAutostarts(LXC, "unasked");
        Configuration config = config(e("vm").domain(QEMU), e("web"), e("db").domain("qemu+ssh://host/system"));

        LibvirtAutostart found = LibvirtAutostart.find(runtime, config);

        assertEquals(Map.of(QEMU, List.of("db", "web")), found.leftToLibvirt());
        ContainerEntry vm = config.entries().stream().filter(x -> x.name().equals("vm")).findFirst().orElseThrow();
        assertEquals(List.of(vm), found.alsoByLibvirt());
        assertEquals("libvirt autostarts 'vm' too, ignoring the order; run 'virsh -c qemu:///system autostart --disable"
                + " vm' so that only lxc-auto starts it", LibvirtAutostart.advice(vm));
    }
}
