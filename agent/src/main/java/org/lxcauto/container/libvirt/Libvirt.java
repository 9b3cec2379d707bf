package org.lxcauto.container.libvirt;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.lxcauto.container.ContainerException;
import org.lxcauto.container.ContainerState;
import org.lxcauto.container.StartOutcome;
import org.lxcauto.container.StopOutcome;

/**
 * The libvirt operations lxc-auto needs to put libvirt domains into the same dependency graph as
 * LXC containers. Every call names its connection URI ({@code qemu:///system}, {@code
 * lxc:///system}), because one host may run domains under several drivers.
 *
 * <p>Two implementations: {@link LibvirtDbus} talks to libvirt-dbus on the system bus and waits
 * for a stop on libvirt's own lifecycle event; {@link Virsh} runs the {@code virsh} tool, for
 * hosts without libvirt-dbus and for URIs it does not serve. {@link Libvirts} picks one.
 *
 * <p>The queries ({@link #state}, {@link #running}, {@link #autostarted}, {@link #ipv4}) never
 * throw for a libvirt that cannot answer: they report what they could not see as absent, and the
 * next action on the domain ({@link #create}, {@link #shutdown}) throws with libvirt's reason.
 */
public interface Libvirt extends AutoCloseable {

    /**
     * The domain's state: {@link ContainerState#RUNNING}, {@link ContainerState#STOPPED} (shut off
     * or crashed), {@link ContainerState#FROZEN} (paused), {@link ContainerState#STOPPING} (shutting
     * down), or {@link ContainerState#MISSING} when libvirt has no such domain or cannot be asked.
     */
    ContainerState state(String uri, String name) throws InterruptedException;

    /**
     * Names of the domains that libvirt itself starts when libvirtd starts ({@code virsh
     * autostart}), running or not. lxc-auto wants to know them: libvirt starts them at its own
     * moment, ignoring the dependency order. Empty when libvirt cannot be asked.
     */
    Set<String> autostarted(String uri) throws InterruptedException;

    /**
     * Starts the defined domain; returns once libvirt reports it started (for LXC, once its init
     * runs; for QEMU, once the virtual machine runs, long before its guest has booted).
     *
     * @return {@link StartOutcome#ALREADY_RUNNING} if it was running; it is left alone then
     * @throws ContainerException naming the domain and URI, with libvirt's reason, and for a domain
     *     libvirt does not know, how to define it
     */
    StartOutcome create(String uri, String name) throws ContainerException, InterruptedException;

    /**
     * Asks the domain to shut down and returns at once: SIGTERM to the init of an LXC domain, an
     * ACPI power button press for a QEMU one.
     *
     * @return false when it was not running, so there is nothing to wait for
     */
    boolean shutdown(String uri, String name) throws ContainerException, InterruptedException;

    /**
     * After {@link #shutdown}: waits up to {@code timeout} for the domain to stop, and destroys it
     * (TERM, then KILL to every process; for QEMU, the virtual machine's power pulled) if it is
     * still running then.
     *
     * @return {@link StopOutcome#CLEAN} if it stopped in time (or was not running), else
     *     {@link StopOutcome#FORCED}
     * @throws ContainerException if it could not be destroyed either
     */
    StopOutcome awaitShutdown(String uri, String name, Duration timeout) throws ContainerException, InterruptedException;

    /**
     * The domain's first IPv4 address: from libvirt's DHCP leases, else the host's ARP table, else
     * the first {@code <ip address='a.b.c.d'>} of an interface in its XML (what an LXC domain
     * sets inside itself, and what libvirt cannot find by either of the other two).
     */
    Optional<String> ipv4(String uri, String name) throws InterruptedException;

    /** Releases the connection, if there is one; never throws. */
    @Override
    void close();
}
