package org.lxcauto.need;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.lxcauto.system.Backoff;
import org.lxcauto.system.Clock;

/**
 * Waits until every need of a container holds, or its deadline (docs/boot-and-shutdown.md, needs).
 *
 * <p>All of a container's needs are watched at once, on the calling thread, each the way its
 * source allows: a {@code unit:} on systemd's change signals (subscribed before its state is
 * first read, so no change falls between the two), a {@code mount:} by reading the mount table
 * every {@link #MOUNT_POLL} (the kernel signals its changes only to poll(2), which Java has not),
 * a {@code tcp:} by connecting with a backoff, the host name looked up again at each attempt
 * (a name server may come up late in the boot).
 */
public final class NeedsGate {

    /** How often the mount table is read while a {@code mount:} is waited for. */
    static final Duration MOUNT_POLL = Duration.ofMillis(500);
    /** Between two connection attempts of a {@code tcp:}: from this, doubling ... */
    static final Duration TCP_FIRST = Duration.ofMillis(100);
    /** ... up to this. */
    static final Duration TCP_MAX = Duration.ofSeconds(2);
    /** How long one connection attempt may take: a host that drops packets must not hold the other needs. */
    static final Duration TCP_ATTEMPT = Duration.ofSeconds(1);
    /** How soon systemd is asked again after it could not be asked at all (no bus yet). */
    static final Duration UNITS_RETRY = Duration.ofSeconds(1);

    /** One TCP connection attempt (the agent's: {@code SocketPortProbe}); true when accepted. */
    @FunctionalInterface
    public interface Connect {
        boolean accepts(String host, int port, Duration timeout);
    }

    /** Hears how the wait goes: for {@code status} and the run record. Called on the waiting thread. */
    public interface Listener {

        /** The needs not met yet; called first with all of them, then each time one is met. */
        void waiting(List<Need> unmet);

        /** {@code need} was found to hold at {@code at}. */
        void met(Need need, Instant at);

        Listener NONE = new Listener() {
            @Override
            public void waiting(List<Need> unmet) {
            }

            @Override
            public void met(Need need, Instant at) {
            }
        };
    }

    /**
     * A need that did not hold.
     *
     * @param need the need
     * @param why what was last seen, as the end of "needs NEED, ..." ("which is not a mount point")
     * @param fix what the administrator can do, as a clause ("mount it, or fix the path")
     * @param timedOut true when it was waited for until the deadline; false when waiting could not
     *     help (a unit on a host without systemd), and the gate gave up at once
     */
    public record Unmet(Need need, String why, String fix, boolean timedOut) {
    }

    private final MountTable mounts;
    private final SystemdUnits units;
    private final Connect connect;
    private final Clock clock;

    public NeedsGate(MountTable mounts, SystemdUnits units, Connect connect, Clock clock) {
        this.mounts = mounts;
        this.units = units;
        this.connect = connect;
        this.clock = clock;
    }

    /**
     * Blocks until every one of {@code needs} holds, or {@code deadline}.
     *
     * @return the needs that did not hold, in the order given; empty when all did
     */
    public List<Unmet> await(List<Need> needs, Instant deadline, Listener listener) throws InterruptedException {
        List<Unmet> impossible = impossible(needs);
        if (!impossible.isEmpty()) {
            return impossible;
        }
        BlockingQueue<Need> changed = new LinkedBlockingQueue<>();
        Map<Need, Watch> open = new LinkedHashMap<>();
        for (Need need : needs) {
            open.put(need, new Watch(need, changed));
        }
        listener.waiting(List.copyOf(open.keySet()));
        try {
            while (true) {
                boolean progress = false;
                for (Watch watch : List.copyOf(open.values())) {
                    if (!clock.now().isBefore(watch.due) && watch.check()) {
                        open.remove(watch.need).close();
                        listener.met(watch.need, clock.now());
                        progress = true;
                    }
                }
                if (open.isEmpty()) {
                    return List.of();
                }
                if (progress) {
                    listener.waiting(List.copyOf(open.keySet()));
                }
                if (clock.remaining(deadline).isZero()) {
                    return open.values().stream().map(Watch::unmet).toList();
                }
                Instant wake = open.values().stream().map(w -> w.due).min(Instant::compareTo).orElse(deadline);
                Need woken = clock.poll(changed, wake.isBefore(deadline) ? wake : deadline);
                for (; woken != null; woken = changed.poll()) {
                    Watch watch = open.get(woken);
                    if (watch != null) {
                        watch.due = clock.now(); // systemd says it changed: read it now
                    }
                }
            }
        } finally {
            open.values().forEach(Watch::close);
        }
    }

    /** The {@code unit:} needs of a host without systemd: no wait can make them hold. */
    private List<Unmet> impossible(List<Need> needs) {
        if (needs.stream().noneMatch(n -> n instanceof Need.Unit) || units.booted()) {
            return List.of();
        }
        return needs.stream().filter(n -> n instanceof Need.Unit).map(n -> new Unmet(n,
                "but this host does not run systemd (no /run/systemd/system)", "remove it from needs", false)).toList();
    }

    /** One need being waited for: when to look next, and what was seen last. */
    private final class Watch implements AutoCloseable {
        private final Need need;
        private final BlockingQueue<Need> changed;
        private final Backoff backoff;
        /** When to check next; far away for a unit, whose changes wake the gate. */
        private Instant due;
        private String lastSeen;
        private SystemdUnits.Subscription subscription;

        Watch(Need need, BlockingQueue<Need> changed) {
            this.need = need;
            this.changed = changed;
            this.backoff = new Backoff(need instanceof Need.Tcp ? TCP_FIRST : UNITS_RETRY,
                    need instanceof Need.Tcp ? TCP_MAX : UNITS_RETRY);
            this.due = clock.now();
            this.lastSeen = "which was not checked yet";
        }

        /** Checks the need now; false (with what was seen, and when to look again) when it does not hold. */
        boolean check() throws InterruptedException {
            if (need instanceof Need.Mount mount) {
                return checkMount(mount);
            }
            if (need instanceof Need.Tcp tcp) {
                return checkTcp(tcp);
            }
            return checkUnit((Need.Unit) need);
        }

        private boolean checkMount(Need.Mount mount) {
            try {
                if (mounts.mountPoints().contains(mount.path())) {
                    return true;
                }
                lastSeen = "which is not a mount point";
            } catch (IOException e) {
                lastSeen = "which could not be looked up in the mount table (" + e.getMessage() + ")";
            }
            due = clock.now().plus(MOUNT_POLL);
            return false;
        }

        private boolean checkTcp(Need.Tcp tcp) {
            if (connect.accepts(tcp.host(), tcp.port(), TCP_ATTEMPT)) {
                return true;
            }
            lastSeen = "which did not accept a connection";
            due = clock.now().plus(backoff.next());
            return false;
        }

        private boolean checkUnit(Need.Unit unit) {
            try {
                if (subscription == null) {
                    subscription = units.watch(unit.name(), () -> changed.add(need));
                }
                String state = units.activeState(unit.name());
                if (state.equals("active")) {
                    return true;
                }
                lastSeen = "which is " + state;
                due = Instant.MAX; // until systemd says it changed
            } catch (UnitsUnavailableException e) {
                lastSeen = "which systemd could not be asked about (" + e.getMessage() + ")";
                due = clock.now().plus(backoff.next());
            }
            return false;
        }

        Unmet unmet() {
            String fix;
            if (need instanceof Need.Mount) {
                fix = "mount it (or have it mounted earlier in the boot), or fix the path";
            } else if (need instanceof Need.Tcp) {
                fix = "start the service there (or check the route and firewall to it), or fix the address";
            } else {
                fix = "start it ('systemctl start " + ((Need.Unit) need).name() + "', see 'systemctl status "
                        + ((Need.Unit) need).name() + "'), or fix the name";
            }
            return new Unmet(need, lastSeen, fix, true);
        }

        @Override
        public void close() {
            if (subscription != null) {
                subscription.close();
                subscription = null;
            }
        }
    }
}
