package org.lxcauto.container.libvirt;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.lxcauto.container.ContainerException;
import org.lxcauto.container.ContainerExit;
import org.lxcauto.container.ContainerRef;
import org.lxcauto.container.ContainerRuntime;
import org.lxcauto.container.ContainerState;
import org.lxcauto.container.StartOutcome;
import org.lxcauto.container.StopOutcome;
import org.lxcauto.system.CommandResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ContainerRuntime} for libvirt domains ({@link ContainerRef.Domain}), so that the
 * dependency graph, the readiness gate and the shutdown order treat them like LXC containers.
 * Each reference carries its connection URI; the work is done by a {@link Libvirt}, which the
 * caller owns and closes.
 *
 * <p>What LXC offers and libvirt does not is answered plainly: a domain cannot be an ephemeral
 * copy, commands cannot be run inside it, its host-side network devices are libvirt's to manage,
 * and why it last stopped is for libvirt to say.
 */
public final class DomainRuntime implements ContainerRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(DomainRuntime.class);

    /** What {@link #exec} returns: the shell's "found but cannot be executed". */
    static final int CANNOT_EXEC = 126;

    private final Libvirt libvirt;

    public DomainRuntime(Libvirt libvirt) {
        this.libvirt = libvirt;
    }

    @Override
    public ContainerState state(ContainerRef domain) throws InterruptedException {
        return libvirt.state(uri(domain), domain.name());
    }

    /** Domains do not live under an lxcpath: always empty. */
    @Override
    public Set<String> running(Path lxcpath) {
        return Set.of();
    }

    @Override
    public Set<String> autostartedByLibvirt(String uri) throws InterruptedException {
        return libvirt.autostarted(uri);
    }

    @Override
    public StartOutcome start(ContainerRef domain) throws ContainerException, InterruptedException {
        return libvirt.create(uri(domain), domain.name());
    }

    @Override
    public StartOutcome startEphemeral(ContainerRef base, ContainerRef copy, List<Path> keep) throws ContainerException {
        throw new ContainerException("domain '" + base.name() + "' on " + uri(base) + ": a libvirt domain cannot be"
                + " ephemeral (libvirt has no overlay copies); remove 'ephemeral' from its entry");
    }

    @Override
    public Optional<String> ipv4(ContainerRef domain) throws InterruptedException {
        return libvirt.ipv4(uri(domain), domain.name());
    }

    /** libvirt creates and removes a domain's vnet and veth devices itself: none to report. */
    @Override
    public List<String> hostInterfaces(ContainerRef domain) {
        return List.of();
    }

    @Override
    public ContainerExit lastExit(ContainerRef domain) {
        return new ContainerExit(ContainerExit.Cause.UNKNOWN, "libvirt keeps why a domain stopped; see 'virsh -c "
                + uri(domain) + " domstate --reason " + domain.name() + "'");
    }

    /**
     * Not possible: there is no lxc-attach for a domain. The configuration refuses {@code ready =
     * exec} for domains, so this is reached only through a mistake elsewhere; it fails the check
     * (and says why) rather than the whole run.
     */
    @Override
    public CommandResult exec(ContainerRef domain, List<String> argv, Duration timeout) {
        String why = "Cannot run " + argv + " inside domain '" + domain.name() + "' on " + uri(domain)
                + ": commands run only inside LXC containers";
        LOG.warn("{}, failing the check", why);
        return new CommandResult(argv, CANNOT_EXEC, "", why, false);
    }

    /** libvirt's Shutdown, then its stop event (or Destroy after {@code timeout}). */
    @Override
    public StopOutcome stop(ContainerRef domain, Duration timeout) throws ContainerException, InterruptedException {
        if (!libvirt.shutdown(uri(domain), domain.name())) {
            return StopOutcome.NOT_RUNNING;
        }
        return libvirt.awaitShutdown(uri(domain), domain.name(), timeout);
    }

    private static String uri(ContainerRef ref) {
        if (ref instanceof ContainerRef.Domain domain) {
            return domain.uri();
        }
        throw new IllegalArgumentException("'" + ref.name() + "' is an LXC container, not a libvirt domain; it"
                + " belongs to the LXC runtime");
    }
}
