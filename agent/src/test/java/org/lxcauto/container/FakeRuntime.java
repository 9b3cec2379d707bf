package org.lxcauto.container;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.lxcauto.system.CommandResult;
import org.lxcauto.system.FakeClock;

/**
 * An in-memory {@link ContainerRuntime}: containers keyed by {@link ContainerRef}, each with a state
 * and an IPv4 address, plus behaviours scripted per container name (a start that fails, a service
 * that never becomes ready, an init that ignores the halt signal, a stop that throws).
 *
 * <p>It records every start, ephemeral start, exec and stop with the {@link FakeClock} time, so
 * tests assert on what was (and was not) done and in which order instead of on log text.
 * Thread-safe: {@code DagRunner} calls it from several worker threads; the call log is in the
 * order the calls took the lock.
 */
public final class FakeRuntime implements ContainerRuntime {

    /** Operations recorded in the call log. */
    public static final String START = "start";
    public static final String START_EPHEMERAL = "startEphemeral";
    public static final String EXEC = "exec";
    public static final String STOP = "stop";
    public static final String DESTROY_LEFTOVER = "destroyLeftover";

    /**
     * One recorded call.
     *
     * @param op {@link #START}, {@link #START_EPHEMERAL}, {@link #EXEC} or {@link #STOP}
     * @param container the container acted on (for an ephemeral start, the copy)
     * @param at the fake time of the call
     * @param timeout the timeout given (stop, exec), else null
     * @param detail the base of an ephemeral start, the argv of an exec, else null
     */
    public record Call(String op, ContainerRef container, Instant at, Duration timeout, String detail) {
    }

    /** What one container does when acted on; defaults: starts, is ready at once, halts cleanly. */
    private static final class Behaviour {
        String startFailure;
        RuntimeException startCrash;
        int failedProbes;
        int diesAfterProbes = -1;
        boolean ignoresHalt;
        String stopFailure;
        RuntimeException stopCrash;
        Duration stopTakes = Duration.ZERO;
        Duration execTakes = Duration.ZERO;
        Integer execStatus;
        String execOutput = "";
        Duration copyLingers = Duration.ZERO;
        boolean notACopy;
        Duration jobRuns;
    }

    private static final class Box {
        ContainerState state;
        String ipv4;

        Box(ContainerState state, String ipv4) {
            this.state = state;
            this.ipv4 = ipv4;
        }
    }

    private final FakeClock clock;
    private final Map<ContainerRef, Box> containers = new HashMap<>();
    private final Map<String, Behaviour> behaviours = new HashMap<>();
    private final Map<String, Integer> probes = new HashMap<>();
    private final List<Call> calls = new ArrayList<>();
    /** Ephemeral copies started here, with what they keep; LXC destroys them once stopped. */
    private final Map<ContainerRef, List<Path>> copies = new HashMap<>();
    /** When LXC's monitor destroys a stopped copy. */
    private final Map<ContainerRef, Instant> destroyedAt = new HashMap<>();
    private int nextAddress = 2;

    private final java.util.Map<String, ContainerExit> exits = new java.util.HashMap<>();
    /** When a one-shot container's job ends, and its init with it. */
    private final Map<ContainerRef, Instant> jobEnds = new HashMap<>();
    /** When each running container's init started, as LXC and /proc would tell; unset means "cannot tell". */
    private final Map<ContainerRef, Instant> runningSince = new HashMap<>();
    private final Map<String, Set<String>> libvirtAutostart = new HashMap<>();

    public FakeRuntime(FakeClock clock) {
        this.clock = clock;
    }

    // ---- setting up containers ----

    /** Defines a stopped container, with an IPv4 address it will have while running. */
    public synchronized ContainerRef add(ContainerRef ref) {
        containers.put(ref, new Box(ContainerState.STOPPED, "10.0.3." + nextAddress++));
        return ref;
    }

    /** Defines a container that is running already. */
    public synchronized ContainerRef addRunning(ContainerRef ref) {
        add(ref);
        containers.get(ref).state = ContainerState.RUNNING;
        return ref;
    }

    public synchronized void setState(ContainerRef ref, ContainerState state) {
        box(ref).state = state;
    }

    /** The address the container reports while running; null for none (ready = ipv4 never passes). */
    public synchronized void setIpv4(ContainerRef ref, String address) {
        box(ref).ipv4 = address;
    }

    // ---- scripting behaviours, by container name ----

    /** {@code start} (and an ephemeral start of a copy with this name) throws with {@code message}. */
    public synchronized FakeRuntime failStart(String name, String message) {
        behaviour(name).startFailure = message;
        return this;
    }

    /** {@code start} throws an unchecked exception, as a missing lxc-start binary would. */
    public synchronized FakeRuntime crashStart(String name, RuntimeException exception) {
        behaviour(name).startCrash = exception;
        return this;
    }

    /** Its ipv4, tcp (no address) and exec checks never pass. */
    public synchronized FakeRuntime neverReady(String name) {
        return readyAfterProbes(name, Integer.MAX_VALUE);
    }

    /** The first {@code failed} readiness probes (ipv4 or exec calls) fail, later ones pass. */
    public synchronized FakeRuntime readyAfterProbes(String name, int failed) {
        behaviour(name).failedProbes = failed;
        return this;
    }

    /** The container stops by itself (its init exits) once it has been probed {@code count} times. */
    public synchronized FakeRuntime diesAfterProbes(String name, int count) {
        behaviour(name).diesAfterProbes = count;
        return this;
    }

    /**
     * A one-shot container: its init runs a job for {@code runs} (from its start, or from now when
     * it runs already) and then ends as {@code exit} says.
     */
    public synchronized FakeRuntime jobRuns(String name, Duration runs, ContainerExit exit) {
        behaviour(name).jobRuns = runs;
        exits.put(name, exit);
        containers.forEach((ref, box) -> {
            if (ref.name().equals(name) && box.state == ContainerState.RUNNING) {
                jobEnds.put(ref, clock.now().plus(runs));
            }
        });
        return this;
    }

    /** It ignores the halt signal: {@code stop} kills it and returns {@link StopOutcome#FORCED}. */
    public synchronized FakeRuntime ignoreHalt(String name) {
        behaviour(name).ignoresHalt = true;
        return this;
    }

    /** {@code stop} throws a {@link ContainerException} with {@code message}; the container keeps running. */
    public synchronized FakeRuntime stopThrows(String name, String message) {
        behaviour(name).stopFailure = message;
        return this;
    }

    /** {@code stop} throws an unchecked exception, as a missing lxc-stop binary would. */
    public synchronized FakeRuntime crashStop(String name, RuntimeException exception) {
        behaviour(name).stopCrash = exception;
        return this;
    }

    /** A stop takes {@code duration} of fake time (clamped to the timeout it is given). */
    public synchronized FakeRuntime stopTakes(String name, Duration duration) {
        behaviour(name).stopTakes = duration;
        return this;
    }

    /**
     * After a stop of the ephemeral copy {@code name}, LXC takes {@code duration} of fake time to
     * destroy it (it does so asynchronously); a length past every deadline: never.
     */
    public synchronized FakeRuntime copyLingers(String name, Duration duration) {
        behaviour(name).copyLingers = duration;
        return this;
    }

    /** {@code destroyLeftoverCopy} finds that {@code name} is no ephemeral copy and refuses. */
    public synchronized FakeRuntime notACopy(String name) {
        behaviour(name).notACopy = true;
        return this;
    }

    // ---- reading back ----

    /** The kept directories the last ephemeral start of {@code copy} was given. */
    public synchronized List<Path> kept(ContainerRef copy) {
        return copies.get(copy);
    }

    /** Every recorded call, in order. */
    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Names of the containers {@code op} was called for, in order. */
    public synchronized List<String> names(String op) {
        return calls.stream().filter(c -> c.op().equals(op)).map(c -> c.container().name()).toList();
    }

    /** The single {@code op} call for {@code name}. */
    public synchronized Call call(String op, String name) {
        List<Call> matching = calls.stream().filter(c -> c.op().equals(op) && c.container().name().equals(name)).toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one '" + op + "' of '" + name + "', got " + matching + " in " + calls);
        }
        return matching.get(0);
    }

    /** The current state, for assertions; {@link ContainerState#MISSING} when not defined. */
    public synchronized ContainerState stateOf(ContainerRef ref) {
        Box box = containers.get(ref);
        return box == null ? ContainerState.MISSING : box.state;
    }

    // ---- ContainerRuntime ----

    @Override
    public synchronized ContainerState state(ContainerRef container) {
        Instant jobEnd = jobEnds.get(container);
        if (jobEnd != null && !clock.now().isBefore(jobEnd)) {
            jobEnds.remove(container);
            box(container).state = ContainerState.STOPPED;
        }
        Instant destroy = destroyedAt.get(container);
        if (destroy != null && !clock.now().isBefore(destroy)) {
            destroyedAt.remove(container);
            containers.remove(container);
        }
        return stateOf(container);
    }

    @Override
    public synchronized Set<String> running(Path lxcpath) {
        Set<String> names = new TreeSet<>();
        containers.forEach((ref, box) -> {
            if (ref instanceof ContainerRef.Lxc container && container.lxcpath().equals(lxcpath)
                    && box.state == ContainerState.RUNNING) {
                names.add(ref.name());
            }
        });
        return names;
    }

    @Override
    public synchronized StartOutcome start(ContainerRef container) throws ContainerException {
        record(START, container, null, null);
        return launch(container);
    }

    @Override
    public synchronized StartOutcome startEphemeral(ContainerRef base, ContainerRef copy, List<Path> keep)
            throws ContainerException {
        record(START_EPHEMERAL, copy, null, base.name());
        if (containers.containsKey(copy) && state(copy) != ContainerState.RUNNING) {
            throw new ContainerException("lxc-copy failed: container '" + copy.name() + "' already exists");
        }
        copies.put(copy, List.copyOf(keep));
        if (!containers.containsKey(base)) {
            throw new ContainerException("lxc-copy failed: container '" + base.name() + "' does not exist");
        }
        if (!containers.containsKey(copy)) {
            containers.put(copy, new Box(ContainerState.STOPPED, containers.get(base).ipv4));
        }
        return launch(copy);
    }

    private StartOutcome launch(ContainerRef container) throws ContainerException {
        Behaviour b = behaviour(container.name());
        if (b.startCrash != null) {
            throw b.startCrash;
        }
        if (b.startFailure != null) {
            throw new ContainerException(b.startFailure);
        }
        Box box = containers.get(container);
        if (box == null) {
            throw new ContainerException("lxc-start failed: container '" + container.name() + "' does not exist");
        }
        if (box.state == ContainerState.RUNNING) {
            return StartOutcome.ALREADY_RUNNING;
        }
        box.state = ContainerState.RUNNING;
        if (b.jobRuns != null) {
            jobEnds.put(container, clock.now().plus(b.jobRuns));
        }
        return StartOutcome.STARTED;
    }

    @Override
    public synchronized Optional<String> ipv4(ContainerRef container) {
        Box box = containers.get(container);
        boolean passes = probe(container);
        return passes && box != null && box.state == ContainerState.RUNNING ? Optional.ofNullable(box.ipv4)
                : Optional.empty();
    }

    /** Says that {@code container}'s current run began at {@code at} (its init's start). */
    public synchronized void runningSince(ContainerRef container, Instant at) {
        runningSince.put(container, at);
    }

    @Override
    public synchronized Optional<Instant> runningSince(ContainerRef container) {
        Box box = containers.get(container);
        return box != null && box.state == ContainerState.RUNNING ? Optional.ofNullable(runningSince.get(container))
                : Optional.empty();
    }

    @Override
    public synchronized ContainerExit lastExit(ContainerRef container) {
        return exits.getOrDefault(container.name(), new ContainerExit(ContainerExit.Cause.UNKNOWN, "not scripted"));
    }

    /** libvirt starts these domains under {@code uri} by itself (their autostart flag). */
    public synchronized FakeRuntime libvirtAutostarts(String uri, String... names) {
        libvirtAutostart.put(uri, Set.of(names));
        return this;
    }

    @Override
    public synchronized Set<String> autostartedByLibvirt(String uri) {
        return libvirtAutostart.getOrDefault(uri, Set.of());
    }

    /** How {@code name} is said to have ended the next time it stops. */
    public synchronized FakeRuntime exits(String name, ContainerExit exit) {
        exits.put(name, exit);
        return this;
    }

    @Override
    public synchronized List<String> hostInterfaces(ContainerRef container) {
        Box box = containers.get(container);
        return box != null && box.state == ContainerState.RUNNING ? List.of("veth-" + container.name()) : List.of();
    }

    /**
     * Its execs (a stop-exec) take {@code duration} of fake time and exit {@code status}, printing
     * {@code output}; one that would outlast its timeout is ended at it. Readiness probes still count.
     */
    public synchronized FakeRuntime execDoes(String name, Duration duration, int status, String output) {
        Behaviour b = behaviour(name);
        b.execTakes = duration;
        b.execStatus = status;
        b.execOutput = output;
        return this;
    }

    @Override
    public synchronized CommandResult exec(ContainerRef container, List<String> argv, Duration timeout) {
        record(EXEC, container, timeout, String.join(" ", argv));
        Behaviour b = behaviour(container.name());
        Box box = containers.get(container);
        boolean passes = probe(container);
        if (b.execTakes.compareTo(timeout) >= 0) {
            clock.advance(timeout);
            return new CommandResult(argv, -1, "", "", true);
        }
        clock.advance(b.execTakes);
        int status = b.execStatus != null ? b.execStatus
                : passes && box != null && box.state == ContainerState.RUNNING ? 0 : 1;
        return new CommandResult(argv, status, b.execOutput, "", false);
    }

    /** Counts a readiness probe; true when this one passes. */
    private boolean probe(ContainerRef container) {
        Behaviour b = behaviour(container.name());
        int count = probes.merge(container.name(), 1, Integer::sum);
        if (b.diesAfterProbes >= 0 && count >= b.diesAfterProbes && containers.containsKey(container)) {
            containers.get(container).state = ContainerState.STOPPED;
        }
        return count > b.failedProbes;
    }

    @Override
    public synchronized StopOutcome stop(ContainerRef container, Duration timeout) throws ContainerException {
        record(STOP, container, timeout, null);
        Behaviour b = behaviour(container.name());
        if (b.stopCrash != null) {
            throw b.stopCrash;
        }
        if (b.stopFailure != null) {
            throw new ContainerException(b.stopFailure);
        }
        Box box = containers.get(container);
        if (box == null || box.state != ContainerState.RUNNING) {
            return StopOutcome.NOT_RUNNING;
        }
        clock.advance(b.ignoresHalt ? timeout : (b.stopTakes.compareTo(timeout) < 0 ? b.stopTakes : timeout));
        box.state = ContainerState.STOPPED;
        if (copies.containsKey(container) || container.name().endsWith("-ephemeral")) {
            destroyedAt.put(container, clock.now().plus(b.copyLingers));
        }
        return b.ignoresHalt ? StopOutcome.FORCED : StopOutcome.CLEAN;
    }

    @Override
    public synchronized void destroyLeftoverCopy(ContainerRef copy) throws ContainerException {
        record(DESTROY_LEFTOVER, copy, null, null);
        if (behaviour(copy.name()).notACopy) {
            throw new ContainerException("'" + copy.name() + "' exists, stopped, and is not an ephemeral copy");
        }
        containers.remove(copy);
    }

    private void record(String op, ContainerRef container, Duration timeout, String detail) {
        calls.add(new Call(op, container, clock.now(), timeout, detail));
    }

    private Behaviour behaviour(String name) {
        return behaviours.computeIfAbsent(name, k -> new Behaviour());
    }

    private Box box(ContainerRef ref) {
        Box box = containers.get(ref);
        if (box == null) {
            throw new IllegalArgumentException("no container '" + ref.name() + "' (" + ref + ") known; add it first");
        }
        return box;
    }
}
