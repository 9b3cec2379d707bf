package org.lxcauto.container.libvirt;

import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.types.UInt32;

/** One {@code (isu)} of a {@link LibvirtInterface}: an IP address with its prefix length. */
public final class LibvirtAddress extends Struct {

    /** {@link #type()} of an IPv4 address. */
    public static final int IPV4 = 0;
    /** {@link #type()} of an IPv6 address. */
    public static final int IPV6 = 1;

    @Position(0)
    private final int type;
    @Position(1)
    private final String address;
    @Position(2)
    private final UInt32 prefix;

    /** Called by dbus-java for each address of the reply. */
    public LibvirtAddress(int type, String address, UInt32 prefix) {
        this.type = type;
        this.address = address;
        this.prefix = prefix;
    }

    /** {@link #IPV4} or {@link #IPV6}. */
    public int type() {
        return type;
    }

    /** The address, e.g. "10.0.3.5". */
    public String address() {
        return address;
    }

    /** The prefix length, e.g. 24. */
    public int prefix() {
        return prefix.intValue();
    }
}
