package org.lxcauto.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.lxcauto.system.AgentLock;
import org.lxcauto.system.Clock;
import org.lxcauto.system.LockHolder;

/**
 * Takes the agent lock for a command that acts on containers (docs/commands.md, one agent at a
 * time), with the policy of who waits for whom:
 *
 * <ul>
 *   <li>held by a resident daemon, which never finishes: refuse at once, saying what to do instead;
 *   <li>held by a short command (a boot, a start, ...): wait for it, at most {@link #WAIT}, saying
 *       once whom we wait for;
 *   <li>no lock to be had (a read-only state directory): warn and go on, since the containers
 *       matter more than the lock.
 * </ul>
 */
final class ExclusiveAccess {

    /**
     * How long a command waits for another to finish: longer than a boot of a host's containers
     * usually takes, and than the default shutdown budget (120 s), yet bounded, so that a stuck
     * holder shows as an error instead of a hang.
     */
    static final Duration WAIT = Duration.ofMinutes(5);
    /**
     * How often the lock is tried while waiting. fcntl has no timed wait (F_SETLKW blocks with no
     * deadline), and trying again also notices a holder that turned into a daemon.
     */
    static final Duration POLL = Duration.ofMillis(100);
    /** How long a holder may take to write its line before we say we wait for an unnamed one. */
    static final Duration UNNAMED_GRACE = Duration.ofSeconds(1);

    private final AgentLock lock;
    private final Clock clock;
    private final PrintStream err;
    private final Duration wait;

    ExclusiveAccess(AgentLock lock, Clock clock, PrintStream err, Duration wait) {
        this.lock = lock;
        this.clock = clock;
        this.err = err;
        this.wait = wait;
    }

    /**
     * The lock, taken for {@code kind} ({@code daemon}, {@code boot}, {@code start web}, ...); close
     * it when done. Without a lock to be had, a stand-in that releases nothing.
     *
     * @throws LockRefusedException a daemon holds it, or the wait ran out
     */
    AgentLock.Held acquire(String kind) throws LockRefusedException, InterruptedException {
        Instant start = clock.now();
        Instant deadline = start.plus(wait);
        Optional<LockHolder> lastNamed = Optional.empty();
        boolean told = false;
        while (true) {
            AgentLock.Attempt attempt = lock.tryLock(kind);
            if (attempt instanceof AgentLock.Held held) {
                return held;
            }
            if (attempt instanceof AgentLock.Unavailable unavailable) {
                err.println("lxc-auto: " + LockMessages.unavailable(lock.path(), unavailable.cause()));
                return () -> { };
            }
            Optional<LockHolder> holder = ((AgentLock.Busy) attempt).holder();
            if (holder.isPresent() && holder.get().isDaemon()) {
                throw new LockRefusedException(LockMessages.daemonHolds(kind, holder.get(), lock.path()));
            }
            lastNamed = holder.isPresent() ? holder : lastNamed;
            if (!told && (holder.isPresent() || !clock.now().isBefore(start.plus(UNNAMED_GRACE)))) {
                err.println("lxc-auto: " + LockMessages.waiting(holder, lock.path()));
                told = true;
            }
            if (!clock.now().isBefore(deadline)) {
                throw new LockRefusedException(LockMessages.gaveUp(lastNamed, lock.path(), wait));
            }
            Duration left = clock.remaining(deadline);
            clock.sleep(left.compareTo(POLL) < 0 ? left : POLL);
        }
    }
}
