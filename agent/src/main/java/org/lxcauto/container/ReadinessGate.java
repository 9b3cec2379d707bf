package org.lxcauto.container;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.lxcauto.config.Readiness;
import org.lxcauto.system.Clock;

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
        Duration interval = FIRST_INTERVAL;
        String lastObservation = "not checked yet";
        Instant stateCheckedAt = null;
        while (true) {
            // Asking LXC for the state costs a process: once at first, then at most every STATE_EVERY.
            if (stateCheckedAt == null || !clock.now().isBefore(stateCheckedAt.plus(STATE_EVERY))) {
                stateCheckedAt = clock.now();
                if (runtime.state(container) != ContainerState.RUNNING) {
                    throw new ContainerException("stopped while waiting to be ready (" + ready + "); see 'lxc-start -F -n "
                            + container.name() + "' for why its init exits");
                }
            }
            Optional<String> failure = check(container, ready);
            if (failure.isEmpty()) {
                return;
            }
            lastObservation = failure.get();
            Duration left = clock.remaining(deadline);
            if (left.isZero()) {
                throw new ContainerException("not ready after " + timeout.toSeconds() + "s: " + ready + " still fails ("
                        + lastObservation + "); raise start-timeout or fix the service inside the container");
            }
            clock.sleep(interval.compareTo(left) < 0 ? interval : left);
            interval = interval.multipliedBy(2).compareTo(MAX_INTERVAL) < 0 ? interval.multipliedBy(2) : MAX_INTERVAL;
        }
    }

    /** Empty when ready, else what was observed. */
    private Optional<String> check(ContainerRef container, Readiness ready) throws InterruptedException {
        if (ready instanceof Readiness.Running) {
            return Optional.empty();
        }
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
        int status = runtime.exec(container, exec.argv(), PROBE_TIMEOUT);
        return status == 0 ? Optional.empty() : Optional.of("last exit status " + status);
    }
}
