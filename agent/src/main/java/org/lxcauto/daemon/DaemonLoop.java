package org.lxcauto.daemon;

import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.lxcauto.system.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's one thread of work (docs/daemon.md): signals, D-Bus calls, logind's announcement,
 * container deaths and timers only queue work here, and it runs one piece at a time. So a reload
 * never races a shutdown, and no lock is needed.
 *
 * <p>Work runs in the order it came, except that urgent work — the host going down, the agent
 * being stopped — goes before everything still queued (and after urgent work queued earlier): a
 * shutdown that logind holds back for a few seconds must not wait for starts asked for before it.
 * Work that runs already is not interrupted.
 */
final class DaemonLoop {

    private static final Logger LOG = LoggerFactory.getLogger(DaemonLoop.class);

    private record Work(boolean urgent, long order, Runnable task) {
    }

    private final PriorityBlockingQueue<Work> queue = new PriorityBlockingQueue<>(16,
            Comparator.comparing((Work w) -> !w.urgent()).thenComparingLong(Work::order));
    private final AtomicLong orders = new AtomicLong();
    private final Clock clock;

    /** @param clock what the loop waits on, so that under a fake clock the daemon's timers fire while it is idle */
    DaemonLoop(Clock clock) {
        this.clock = clock;
    }

    /** Queues {@code task} after everything queued. */
    void post(Runnable task) {
        queue.add(new Work(false, orders.incrementAndGet(), task));
    }

    /** Queues {@code task} before everything queued that is not urgent. */
    void postUrgent(Runnable task) {
        queue.add(new Work(true, orders.incrementAndGet(), task));
    }

    /** Queues {@code work} in order; its result, or what it threw, once it has run. */
    <T> CompletableFuture<T> submit(Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        post(() -> {
            try {
                result.complete(work.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /**
     * Runs {@code work} on the loop and waits for its result, for a D-Bus method call. An error of
     * the API's own ({@code UnknownContainer}, ...) reaches the caller by its name; anything else
     * becomes a generic D-Bus error with its message.
     */
    <T> T call(Callable<T> work) {
        try {
            return submit(work).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DBusExecutionException answer) {
                throw answer;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** Runs work as it comes until {@code leaving} says so (checked after each piece). */
    void serve(BooleanSupplier leaving) throws InterruptedException {
        while (!leaving.getAsBoolean()) {
            run(clock.take(queue));
        }
    }

    /**
     * Runs what is queued, and what that queues, until nothing is left or {@code leaving} says so;
     * never waits. A test's way to turn the loop by hand.
     *
     * @return how many pieces of work ran
     */
    int runQueued(BooleanSupplier leaving) {
        int ran = 0;
        while (!leaving.getAsBoolean()) {
            Work work = queue.poll();
            if (work == null) {
                break;
            }
            run(work);
            ran++;
        }
        return ran;
    }

    /** A bug in one piece of work is logged; it never ends the loop, which the host's shutdown needs. */
    private static void run(Work work) {
        try {
            work.task().run();
        } catch (RuntimeException e) {
            LOG.error("daemon: internal error, ignored: {}", e.toString(), e);
        }
    }
}
