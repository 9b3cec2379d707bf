package org.lxcauto.container.libvirt;

import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.lxcauto.container.ContainerException;
import org.lxcauto.container.ContainerState;
import org.lxcauto.container.StartOutcome;
import org.lxcauto.container.StopOutcome;
import org.lxcauto.system.Clock;
import org.lxcauto.system.CommandRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Libvirt} the agent uses: {@link LibvirtDbus} for the URIs libvirt-dbus serves when it
 * is reachable, {@link Virsh} for everything else. Which one serves a URI is logged once, with the
 * reason, at INFO.
 *
 * <p>Nothing happens until a domain is first touched: a host without libvirt, or whose
 * configuration names no domain, never connects to the bus for it nor runs virsh. libvirt-dbus is
 * looked for once, on the first call for a URI it could serve; a host that installs it later needs
 * an agent restart to use it (virsh goes on working meanwhile).
 *
 * <p>Thread-safe; the choice is made under a lock, the calls themselves run outside it, so one
 * domain's long stop never holds up another's.
 */
public final class Libvirts implements Libvirt {

    private static final Logger LOG = LoggerFactory.getLogger(Libvirts.class);

    private final Function<Consumer<String>, Optional<Libvirt>> connectDbus;
    private final Supplier<Libvirt> newVirsh;

    /** Null until libvirt-dbus has been looked for; then it, or empty with {@link #dbusAbsence}. */
    private Optional<Libvirt> dbus;
    private String dbusAbsence;
    private Libvirt virsh;
    private final Set<String> announced = new HashSet<>();

    /**
     * @param busAddress the bus libvirt-dbus is looked for on ({@code unix:path=...}), null for the
     *     system bus
     * @param runner runs virsh
     * @param clock paces virsh's wait for a stop
     */
    public Libvirts(String busAddress, CommandRunner runner, Clock clock) {
        this(whyNot -> LibvirtDbus.connect(busAddress, clock, whyNot), () -> new Virsh(runner, clock));
    }

    /**
     * @param connectDbus looks for libvirt-dbus, telling its argument why when it is absent
     * @param newVirsh makes the virsh implementation
     */
    Libvirts(Function<Consumer<String>, Optional<Libvirt>> connectDbus, Supplier<Libvirt> newVirsh) {
        this.connectDbus = connectDbus;
        this.newVirsh = newVirsh;
    }

    /** The implementation for {@code uri}, choosing (and saying so) on its first use. */
    private synchronized Libvirt of(String uri) {
        if (LibvirtDbus.serves(uri)) {
            if (dbus == null) {
                dbus = connectDbus.apply(why -> dbusAbsence = why);
            }
            if (dbus.isPresent()) {
                announce(uri, "libvirt-dbus", LibvirtConnect.BUS_NAME + " answers on the bus");
                return dbus.get();
            }
            announce(uri, "virsh", dbusAbsence);
        } else {
            announce(uri, "virsh", "libvirt-dbus serves only the local system connections (qemu:///system,"
                    + " lxc:///system)");
        }
        if (virsh == null) {
            virsh = newVirsh.get();
        }
        return virsh;
    }

    private void announce(String uri, String which, String why) {
        if (announced.add(uri)) {
            LOG.info("Domains on {} are handled through {}: {}", uri, which, why);
        }
    }

    @Override
    public ContainerState state(String uri, String name) throws InterruptedException {
        return of(uri).state(uri, name);
    }

    @Override
    public Set<String> autostarted(String uri) throws InterruptedException {
        return of(uri).autostarted(uri);
    }

    @Override
    public StartOutcome create(String uri, String name) throws ContainerException, InterruptedException {
        return of(uri).create(uri, name);
    }

    @Override
    public boolean shutdown(String uri, String name) throws ContainerException, InterruptedException {
        return of(uri).shutdown(uri, name);
    }

    @Override
    public StopOutcome awaitShutdown(String uri, String name, Duration timeout) throws ContainerException, InterruptedException {
        return of(uri).awaitShutdown(uri, name, timeout);
    }

    @Override
    public Optional<String> ipv4(String uri, String name) throws InterruptedException {
        return of(uri).ipv4(uri, name);
    }

    /** Closes what was opened; a later call would open it again. */
    @Override
    public synchronized void close() {
        if (dbus != null) {
            dbus.ifPresent(Libvirt::close);
            dbus = null;
        }
        if (virsh != null) {
            virsh.close();
            virsh = null;
        }
    }
}
