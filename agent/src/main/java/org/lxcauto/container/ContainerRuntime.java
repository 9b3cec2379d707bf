package org.lxcauto.container;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.lxcauto.system.CommandResult;

/**
 * The container operations lxc-auto needs, behind one boundary: {@link LxcRuntime} drives the real
 * lxc-* tools, a fake in unit tests records calls and scripts outcomes.
 */
public interface ContainerRuntime {

    /** The current state; {@link ContainerState#MISSING} when the container does not exist. */
    ContainerState state(ContainerRef container) throws InterruptedException;

    /** Names of the containers running under {@code lxcpath}. */
    Set<String> running(Path lxcpath) throws InterruptedException;

    /**
     * Names of the domains libvirt starts by itself at boot under {@code uri} (their autostart
     * flag): left to libvirt unless an entry names them. None for a runtime without domains.
     */
    default Set<String> autostartedByLibvirt(String uri) throws InterruptedException {
        return Set.of();
    }

    /**
     * Starts the container in the background and returns once LXC reports it RUNNING; a container
     * that runs already is left alone and reported as such.
     */
    StartOutcome start(ContainerRef container) throws ContainerException, InterruptedException;

    /**
     * Starts a temporary overlay copy of {@code base} named {@code copy.name()}, destroyed when it
     * stops (lxc-copy -e); the base container is never written to. The directories in {@code keep}
     * (absolute, as the container sees them) are bind-mounted from the host, where they outlive
     * the copy, and are made from the base's on the first run.
     */
    StartOutcome startEphemeral(ContainerRef base, ContainerRef copy, List<Path> keep)
            throws ContainerException, InterruptedException;

    /**
     * Removes {@code copy}, an ephemeral copy found stopped where LXC should have destroyed it (a
     * power loss while it ran); refuses a container of that name that is no ephemeral copy.
     */
    default void destroyLeftoverCopy(ContainerRef copy) throws ContainerException, InterruptedException {
        throw new ContainerException("'" + copy.name() + "' cannot be an ephemeral copy");
    }

    /** The container's first IPv4 address, if it has one. */
    Optional<String> ipv4(ContainerRef container) throws InterruptedException;

    /**
     * When the container's current run began (its init started), if the runtime can tell; empty
     * when it does not run or cannot say. {@code status} needs it for a container lxc-auto did not
     * start itself, and to notice one restarted behind its back.
     */
    default Optional<Instant> runningSince(ContainerRef container) throws InterruptedException {
        return Optional.empty();
    }

    /** The host-side network devices of a running container (its veth peers), by name. */
    List<String> hostInterfaces(ContainerRef container) throws InterruptedException;

    /** Why the container's init ended the last time, as far as LXC's log of its last start says. */
    ContainerExit lastExit(ContainerRef container);

    /**
     * Runs {@code argv} inside the container (lxc-attach, no shell) and returns what it did: its exit
     * status and output, or that it was ended at {@code timeout}.
     *
     * @throws org.lxcauto.system.CommandException when the tool that attaches cannot run at all
     */
    CommandResult exec(ContainerRef container, List<String> argv, Duration timeout) throws InterruptedException;

    /**
     * Asks the container to halt (its {@code lxc.signal.halt}, SIGPWR by default), asking again
     * while it runs, for an init that was not ready to hear it the first time, and waits up to
     * {@code timeout}; kills it if it is still running then.
     *
     * @return {@link StopOutcome#NOT_RUNNING} when there was nothing to stop
     */
    StopOutcome stop(ContainerRef container, Duration timeout) throws ContainerException, InterruptedException;

    /**
     * {@link #stop} in two parts: sends the halt and returns, so that the caller can count the
     * sending apart from the waiting (max-parallel counts launches, docs/boot-and-shutdown.md);
     * {@link Stopping#await} waits, kills at the timeout, and gives the outcome. The default sends
     * nothing until {@code await}.
     */
    default Stopping beginStop(ContainerRef container, Duration timeout) throws ContainerException, InterruptedException {
        return () -> stop(container, timeout);
    }

    /** A stop whose halt was sent by {@link #beginStop}. */
    @FunctionalInterface
    interface Stopping {
        StopOutcome await() throws ContainerException, InterruptedException;
    }
}
