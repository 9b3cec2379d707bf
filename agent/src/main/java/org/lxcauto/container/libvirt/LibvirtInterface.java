package org.lxcauto.container.libvirt;

import java.util.List;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;

/** One {@code (ssa(isu))} of {@link LibvirtDomain#InterfaceAddresses}: an interface and its addresses. */
public final class LibvirtInterface extends Struct {

    @Position(0)
    private final String name;
    @Position(1)
    private final String hwaddr;
    @Position(2)
    private final List<LibvirtAddress> addresses;

    /** Called by dbus-java for each interface of the reply. */
    public LibvirtInterface(String name, String hwaddr, List<LibvirtAddress> addresses) {
        this.name = name;
        this.hwaddr = hwaddr;
        this.addresses = List.copyOf(addresses);
    }

    /** The interface's name as libvirt knows it. */
    public String name() {
        return name;
    }

    /** Its MAC address. */
    public String hwaddr() {
        return hwaddr;
    }

    /** Its addresses. */
    public List<LibvirtAddress> addresses() {
        return addresses;
    }
}
