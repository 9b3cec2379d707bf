package org.lxcauto.daemon;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.lxcauto.config.AgentConfig;
import org.lxcauto.config.Configuration;
import org.lxcauto.config.ContainerEntry;
import org.lxcauto.system.Clock;
import org.lxcauto.system.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * systemd's service watchdog (docs/daemon.md, "The watchdog"): {@code WATCHDOG=1} only while the
 * daemon loop turns, so that a loop stuck for good (a call that never returns, a deadlock) stops
 * the keep-alives and systemd restarts the service, whose next daemon adopts the containers.
 *
 * <p>Every half of {@code WATCHDOG_USEC}, as sd_watchdog_enabled(3) recommends, a timer of the
 * clock queues a tick on the loop, before work that is not urgent; the tick, once the loop runs
 * it, sends the keep-alive. At most one tick waits in the queue: a loop that is stuck does not
 * pile them up.
 *
 * <p>Some work on the loop is long and healthy: a start or a reload waits for containers to be
 * ready (a start-timeout of minutes), a stop for them to halt. Such work runs under a
 * {@linkplain #busy lease}: while it lasts, the timer sends the keep-alive itself, until the
 * lease's bound has passed since the work began or last made progress (a container started or
 * failed). The bound is what the configuration's own timeouts allow, plus a margin; work still
 * running after that is stuck, and the keep-alives stop.
 *
 * <p>Started only once the daemon said {@code READY=1}: systemd arms the watchdog at the end of
 * the start-up, and a keep-alive sent during the boot would arm it early.
 */
final class Watchdog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);
    static final String KEEP_ALIVE = "WATCHDOG=1";
    /** Beyond the configured timeouts: lxc-start, lxc-stop -k and the agent's own commands. */
    static final Duration MARGIN = Duration.ofSeconds(30);

    private final Duration timeout;
    private final Clock clock;
    private final Consumer<Runnable> loop;
    private final Notifier notifier;
    private final AtomicBoolean tickQueued = new AtomicBoolean();
    private volatile Lease lease;
    private volatile boolean closed;
    private Clock.Scheduled timer;

    /**
     * @param timeout systemd's watchdog timeout ({@link org.lxcauto.system.SdNotifier#watchdogTimeout()}), or empty
     *     when systemd expects no keep-alive
     * @param loop queues work on the daemon loop, before work that is not urgent
     */
    Watchdog(Optional<Duration> timeout, Clock clock, Consumer<Runnable> loop, Notifier notifier) {
        this.timeout = timeout.orElse(null);
        this.clock = clock;
        this.loop = loop;
        this.notifier = notifier;
    }

    /** Whether systemd expects keep-alives. */
    boolean enabled() {
        return timeout != null;
    }

    /** Begins the keep-alives; call once, after {@code READY=1}. */
    void start() {
        if (timeout == null) {
            return;
        }
        Duration period = timeout.dividedBy(2);
        LOG.info("daemon: systemd watchdog of {} ms: a keep-alive every {} ms while the daemon loop turns",
                timeout.toMillis(), period.toMillis());
        timer = clock.scheduleEvery(period, this::tick);
    }

    /** On the clock's thread: queue the loop's keep-alive, and send one for long work still within its bound. */
    private void tick() {
        Lease busy = lease;
        if (busy != null && busy.within()) {
            keepAlive();
        }
        if (tickQueued.compareAndSet(false, true)) {
            loop.accept(() -> {
                tickQueued.set(false);
                keepAlive();
            });
        }
    }

    private void keepAlive() {
        if (!closed) {
            notifier.notify(KEEP_ALIVE);
        }
    }

    /**
     * Marks long work on the loop, allowed to run {@code bound} at a time without progress; close
     * it when the work ends. Leases nest: the inner one counts until it is closed.
     *
     * @param what the work, for the warning when it outlasts its bound
     */
    Lease busy(String what, Duration bound) {
        Lease opened = new Lease(what, bound, lease);
        lease = opened;
        return opened;
    }

    /** The long work under way made progress (a container is up or failed): its bound counts afresh. */
    void progress() {
        Lease busy = lease;
        if (busy != null) {
            busy.renew();
        }
    }

    /**
     * Ends the keep-alives for good; call it with {@code STOPPING=1}. systemd does not watch a
     * service that stops, but arms the watchdog anew on every keep-alive, whatever the state: one
     * sent while the daemon stops would bring it back.
     */
    @Override
    public void close() {
        closed = true;
        if (timer != null) {
            timer.cancel();
        }
    }

    /**
     * The longest a start (a boot, a reload, a restart) may go without a container coming up or
     * failing: a container's start-delay and start-timeout, the wait for its interfaces, and the
     * margin. While a step is under way, the next one ends within that time of the last.
     */
    static Duration startBound(Configuration config) {
        AgentConfig agent = config.agent();
        Duration longest = agent.startTimeout();
        for (ContainerEntry entry : config.entries()) {
            Duration timeout = entry.startTimeout() != null ? entry.startTimeout() : agent.startTimeout();
            Duration delay = entry.startDelay() != null ? entry.startDelay() : Duration.ZERO;
            longest = max(longest, delay.plus(timeout));
        }
        return longest.plus(agent.bridgeTimeout()).plus(MARGIN);
    }

    /** The longest a stop (of one container or of all) may take: shutdown-timeout bounds both, then the kills. */
    static Duration stopBound(Configuration config) {
        return config.agent().shutdownTimeout().plus(MARGIN);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Long work on the loop: it keeps the keep-alives going until its bound has passed without progress. */
    final class Lease implements AutoCloseable {
        private final String what;
        private final Duration bound;
        private final Lease outer;
        private volatile Instant until;
        private volatile boolean warned;

        private Lease(String what, Duration bound, Lease outer) {
            this.what = what;
            this.bound = bound;
            this.outer = outer;
            renew();
        }

        private void renew() {
            until = clock.now().plus(bound);
        }

        /** Whether the work is still within its bound; says so once when it is not. */
        private boolean within() {
            if (clock.now().isBefore(until)) {
                return true;
            }
            if (!warned) {
                warned = true;
                LOG.warn("daemon: {} has made no progress for {} s, longer than its timeouts allow; no more watchdog"
                        + " keep-alives: systemd will restart the service if it stays stuck", what, bound.toSeconds());
            }
            return false;
        }

        @Override
        public void close() {
            lease = outer;
        }
    }
}
