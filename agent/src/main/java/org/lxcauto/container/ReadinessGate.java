package org.lxcauto.container;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.lxcauto.config.Readiness;
import org.lxcauto.system.Backoff;
import org.lxcauto.system.Clock;
import org.lxcauto.system.CommandResult;

/**
 * Waits until a started container passes its {@code ready} check, or its start timeout passes.
 *
 * <p>Readiness is a property of the service inside the container, which sends no event when it
 * comes up; so this probes, starting fast (a container is often ready within 100 ms) and backing
 * off to at most half a second. A container that stops while we wait fails at once instead of
 * burning its whole timeout.
 */
public final class ReadinessGate {

    private static final Duration FIRST_INTERVAL = Duration.ofMillis(20);
    private static final Duration MAX_INTERVAL = Duration.ofMillis(500);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    /** How often, while probing, LXC is asked whether the container still runs. */
    static final Duration STATE_EVERY = Duration.ofSeconds(1);
    /** How long the in-container loop pauses between two runs of an exec check. */
    static final String LOOP_PAUSE = "0.05";
    /** Repeats "$@" until it succeeds; a sleep without fractions (a minimal busybox) falls back to 1 s. */
    static final String LOOP_SCRIPT = "until \"$@\"; do sleep " + LOOP_PAUSE + " 2>/dev/null || sleep 1; done";

    private final ContainerRuntime runtime;
    private final PortProbe ports;
    private final Clock clock;

    public ReadinessGate(ContainerRuntime runtime, PortProbe ports, Clock clock) {
        this.runtime = runtime;
        this.ports = ports;
        this.clock = clock;
    }

    /**
     * Blocks until {@code container} is ready, or {@code deadline}.
     *
     * @param timeout the configured start-timeout the deadline derives from, for the message
     * @throws ContainerException naming the check and how long was waited, when it never passes
     */
    public void await(ContainerRef container, Readiness ready, Instant deadline, Duration timeout)
            throws ContainerException, InterruptedException {
        if (ready instanceof Readiness.Running) {
            return; // the start returned once LXC reported RUNNING
        }
        if (ready instanceof Readiness.Exited) {
            awaitExit(container, deadline, timeout);
            return;
        }
        if (ready instanceof Readiness.Exec exec && loopInside(container, exec, deadline)) {
            return;
        }
        Backoff backoff = new Backoff(FIRST_INTERVAL, MAX_INTERVAL);
        Instant stateCheckedAt = null;
        while (true) {
            Optional<String> failure = check(container, ready);
            if (failure.isEmpty()) {
                return;
            }
            // Asking LXC for the state costs a process: only after a failed check, at most every STATE_EVERY.
            if (stateCheckedAt == null || !clock.now().isBefore(stateCheckedAt.plus(STATE_EVERY))) {
                stateCheckedAt = clock.now();
                if (runtime.state(container) != ContainerState.RUNNING) {
                    throw new ContainerException("stopped while waiting to be ready (" + ready + "); see 'lxc-start -F -n "
                            + container.name() + "' for why its init exits");
                }
            }
            Duration left = clock.remaining(deadline);
            if (left.isZero()) {
                throw new ContainerException("not ready after " + timeout.toSeconds() + "s: " + ready + " still fails ("
                        + failure.get() + "); raise start-timeout or fix the service inside the container");
            }
            backoff.pause(clock, left);
        }
    }

    /**
     * A one-shot container's job: waits until its init has ended, then judges it by the exit
     * status LXC logged. LXC writes that line before it reports the container STOPPED, so the
     * status read after STOPPED is this run's. A job still running at the deadline is left
     * running: cutting a schema migration off halfway is worse than a late one, and the operator
     * can watch it finish or stop it.
     */
    private void awaitExit(ContainerRef container, Instant deadline, Duration timeout)
            throws ContainerException, InterruptedException {
        Backoff backoff = new Backoff(FIRST_INTERVAL, MAX_INTERVAL);
        while (!ended(runtime.state(container))) {
            Duration left = clock.remaining(deadline);
            if (left.isZero()) {
                throw new ContainerException("its job still runs after " + timeout.toSeconds() + "s (ready = exited);"
                        + " it is left running, and what needs it is not started; raise start-timeout, or stop it with"
                        + " 'lxc-stop -n " + container.name() + "'");
            }
            backoff.pause(clock, left);
        }
        ContainerExit exit = runtime.lastExit(container);
        OptionalInt status = exit.exitStatus();
        if (status.isPresent() && status.getAsInt() == 0) {
            return;
        }
        String how = status.isPresent() ? "exit status " + status.getAsInt()
                : exit.cause() == ContainerExit.Cause.UNKNOWN ? "no exit status LXC logged (" + exit.detail() + ")"
                : exit.detail();
        throw new ContainerException("its job failed: " + how + " (ready = exited needs exit status 0); see its output"
                + " with 'lxc-start -F -n " + container.name() + "'");
    }

    /** STOPPED, or MISSING: LXC destroys an ephemeral copy once it stopped. */
    private static boolean ended(ContainerState state) {
        return state == ContainerState.STOPPED || state == ContainerState.MISSING;
    }

    /**
     * Runs the exec check in a loop inside the container, with one lxc-attach for the whole wait
     * instead of one per probe, and notices success within {@link #LOOP_PAUSE} seconds instead of the
     * probing backoff. The user's argv goes in as positional parameters of a constant script, so
     * no shell ever parses configuration text.
     *
     * @return true when the check passed; false when the loop could not tell (no /bin/sh, the
     *     container stopped, the deadline passed), and the probing loop, which says why, takes over
     */
    private boolean loopInside(ContainerRef container, Readiness.Exec exec, Instant deadline) throws InterruptedException {
        Duration left = clock.remaining(deadline);
        if (left.isZero()) {
            return false;
        }
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", LOOP_SCRIPT, "sh"));
        argv.addAll(exec.argv());
        return runtime.exec(container, argv, left).succeeded();
    }

    /** Empty when ready, else what was observed. */
    private Optional<String> check(ContainerRef container, Readiness ready) throws InterruptedException {
        if (ready instanceof Readiness.Ipv4) {
            return runtime.ipv4(container).isPresent() ? Optional.empty() : Optional.of("no IPv4 address");
        }
        if (ready instanceof Readiness.Tcp tcp) {
            Optional<String> address = runtime.ipv4(container);
            if (address.isEmpty()) {
                return Optional.of("no IPv4 address to connect to");
            }
            return ports.accepts(address.get(), tcp.port(), PROBE_TIMEOUT) ? Optional.empty()
                    : Optional.of("connection to " + address.get() + ":" + tcp.port() + " refused or timed out");
        }
        Readiness.Exec exec = (Readiness.Exec) ready;
        CommandResult result = runtime.exec(container, exec.argv(), PROBE_TIMEOUT);
        return result.succeeded() ? Optional.empty()
                : Optional.of("last exit status " + (result.timedOut() ? -1 : result.exitCode()));
    }
}
