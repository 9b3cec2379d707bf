package org.lxcauto.container.libvirt;

import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;

/**
 * The {@code (ii)} that {@link LibvirtDomain#GetState} returns: a {@code virDomainState} and the
 * reason for it, whose meaning depends on the state (running 1: booted; shut off 1: shut down,
 * 2: destroyed, 3: crashed).
 */
public final class LibvirtDomainState extends Struct {

    @Position(0)
    private final int state;
    @Position(1)
    private final int reason;

    /** Called by dbus-java with the two integers of the reply. */
    public LibvirtDomainState(int state, int reason) {
        this.state = state;
        this.reason = reason;
    }

    /** {@code virDomainState}: see the {@code STATE_} constants of {@link LibvirtDomain}. */
    public int state() {
        return state;
    }

    /** Why the domain is in that state. */
    public int reason() {
        return reason;
    }
}
