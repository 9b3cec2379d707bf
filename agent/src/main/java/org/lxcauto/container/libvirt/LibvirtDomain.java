package org.lxcauto.container.libvirt;

import java.util.List;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.UInt32;

/**
 * One libvirt domain as libvirt-dbus exposes it ({@value #INTERFACE}, at a path such as
 * {@code /org/libvirt/LXC/domain/_<uuid with _ for ->}): starting, stopping and inspecting it.
 * Its properties ({@value #NAME}, {@value #ACTIVE}, {@value #AUTOSTART} ...) are read, and
 * {@value #AUTOSTART} written, through {@link org.freedesktop.dbus.interfaces.Properties}; they are
 * read live from libvirtd and never announced with PropertiesChanged.
 *
 * <p>Every call returns once libvirtd has acted, not when the domain has reached its new state:
 * {@link LibvirtConnect.DomainEvent} says when. Errors are {@value LibvirtConnect#ERROR} with
 * libvirt's message, e.g. "Requested operation is not valid: domain is not running".
 */
@DBusInterfaceName(LibvirtDomain.INTERFACE)
public interface LibvirtDomain extends DBusInterface {

    /** D-Bus interface name. */
    String INTERFACE = "org.libvirt.Domain";
    /** Property {@code s}: the domain's name. */
    String NAME = "Name";
    /** Property {@code b}: whether it runs. */
    String ACTIVE = "Active";
    /** Property {@code b}, writable: whether libvirtd starts it when libvirtd starts. */
    String AUTOSTART = "Autostart";
    /** Property {@code u}: the running domain's id (for LXC the PID of its libvirt_lxc), else 0. */
    String ID = "Id";
    /** Property {@code s}: the domain's UUID. */
    String UUID = "UUID";

    /**
     * {@link #Shutdown} flag: send SIGTERM to the domain's init. The only flag that stops a
     * container whose init has no {@code /dev/initctl}: with 0 or {@link #SHUTDOWN_INITCTL} alone,
     * libvirt (9.0) finds no initctl fifo, counts that as done and sends nothing.
     */
    int SHUTDOWN_SIGNAL = 8;
    /** {@link #Shutdown} flag: ask a SysV init for runlevel 0 through its initctl fifo. */
    int SHUTDOWN_INITCTL = 4;

    /** {@link LibvirtDomainState#state()}: running. */
    int STATE_RUNNING = 1;
    /** {@link LibvirtDomainState#state()}: paused. */
    int STATE_PAUSED = 3;
    /** {@link LibvirtDomainState#state()}: being shut down. */
    int STATE_SHUTDOWN = 4;
    /** {@link LibvirtDomainState#state()}: not running. */
    int STATE_SHUTOFF = 5;
    /** {@link LibvirtDomainState#state()}: crashed. */
    int STATE_CRASHED = 6;

    /** {@link #InterfaceAddresses} source: libvirt's DHCP leases (needs a libvirt-managed network). */
    int ADDRESSES_FROM_LEASE = 0;
    /** {@link #InterfaceAddresses} source: the host's ARP table. */
    int ADDRESSES_FROM_ARP = 2;

    /** Starts the defined domain; 0 for {@code flags}. An error if it runs already. */
    void Create(UInt32 flags);

    /**
     * Asks the domain to stop ({@link #SHUTDOWN_SIGNAL}, {@link #SHUTDOWN_INITCTL}) and returns at
     * once; the domain stops when its init exits. An error if it does not run.
     */
    void Shutdown(UInt32 flags);

    /**
     * Stops the domain now: libvirt sends TERM to every process of the container, then KILL to
     * what is left (about 2 s later); returns when it has stopped. LXC accepts only 0 as flags.
     */
    void Destroy(UInt32 flags);

    /** The state and its reason ({@code virDomainGetState}); 0 for {@code flags}. */
    LibvirtDomainState GetState(UInt32 flags);

    /**
     * The domain's interfaces and their addresses, from {@code source} ({@link #ADDRESSES_FROM_LEASE},
     * {@link #ADDRESSES_FROM_ARP}); 0 for {@code flags}. For LXC domains this may fail
     * altogether: no lease without a libvirt network, and libvirt 9.0's ARP reader rejects
     * newer kernels' replies ("wrong nlmsg len").
     */
    List<LibvirtInterface> InterfaceAddresses(UInt32 source, UInt32 flags);

    /** The domain's XML definition; 0 for {@code flags} (the live one while it runs). */
    String GetXMLDesc(UInt32 flags);
}
