package org.lxcauto.container;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.lxcauto.system.CommandResult;

/**
 * One {@link ContainerRuntime} for the lifecycle, two underneath, chosen by the reference's type:
 * {@link ContainerRef.Domain} to the domain runtime, {@link ContainerRef.Lxc} to LXC. The graph, the
 * readiness gate and the timeline never need to know which is which.
 */
public final class RoutingRuntime implements ContainerRuntime {

    private final ContainerRuntime lxc;
    private final ContainerRuntime domains;

    public RoutingRuntime(ContainerRuntime lxc, ContainerRuntime domains) {
        this.lxc = lxc;
        this.domains = domains;
    }

    private ContainerRuntime of(ContainerRef ref) {
        return ref instanceof ContainerRef.Domain ? domains : lxc;
    }

    @Override
    public ContainerState state(ContainerRef container) throws InterruptedException {
        return of(container).state(container);
    }

    @Override
    public Set<String> running(Path lxcpath) throws InterruptedException {
        return lxc.running(lxcpath);
    }

    @Override
    public Set<String> autostartedByLibvirt(String uri) throws InterruptedException {
        return domains.autostartedByLibvirt(uri);
    }

    @Override
    public StartOutcome start(ContainerRef container) throws ContainerException, InterruptedException {
        return of(container).start(container);
    }

    @Override
    public StartOutcome startEphemeral(ContainerRef base, ContainerRef copy, List<Path> keep)
            throws ContainerException, InterruptedException {
        return of(base).startEphemeral(base, copy, keep);
    }

    @Override
    public void destroyLeftoverCopy(ContainerRef copy) throws ContainerException, InterruptedException {
        of(copy).destroyLeftoverCopy(copy);
    }

    @Override
    public Optional<String> ipv4(ContainerRef container) throws InterruptedException {
        return of(container).ipv4(container);
    }

    @Override
    public Optional<Instant> runningSince(ContainerRef container) throws InterruptedException {
        return of(container).runningSince(container);
    }

    @Override
    public List<String> hostInterfaces(ContainerRef container) throws InterruptedException {
        return of(container).hostInterfaces(container);
    }

    @Override
    public ContainerExit lastExit(ContainerRef container) {
        return of(container).lastExit(container);
    }

    @Override
    public CommandResult exec(ContainerRef container, List<String> argv, Duration timeout) throws InterruptedException {
        return of(container).exec(container, argv, timeout);
    }

    @Override
    public StopOutcome stop(ContainerRef container, Duration timeout) throws ContainerException, InterruptedException {
        return of(container).stop(container, timeout);
    }

    @Override
    public Stopping beginStop(ContainerRef container, Duration timeout) throws ContainerException, InterruptedException {
        return of(container).beginStop(container, timeout);
    }
}
