package org.lxcauto.system;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The lock that lets one lxc-auto act on the containers at a time (docs/commands.md, one agent at
 * a time): the resident daemon holds it while it runs, and {@code boot}, {@code shutdown},
 * {@code start}, {@code stop} and {@code reload} while they act directly. Two agents acting at
 * once would start, supervise and stop the same containers twice.
 *
 * <p>{@link #tryLock} never waits: whether to wait, for how long and what to tell the person
 * waiting is the caller's policy, which unit tests drive with a fake lock and a fake clock.
 * {@link FcntlAgentLock} is the real one.
 */
public interface AgentLock {

    /** Where the lock lives, for messages. */
    Path path();

    /**
     * Takes the lock if it is free, recording {@code kind} ("boot", "start web", ...) and this
     * process's PID as its holder; never blocks.
     */
    Attempt tryLock(String kind);

    /** What {@link #tryLock} found. */
    sealed interface Attempt permits Held, Busy, Unavailable {
    }

    /**
     * The lock is ours until {@link #close}; the kernel releases it anyway when the process ends,
     * however it ends.
     */
    non-sealed interface Held extends Attempt, AutoCloseable {

        /** Releases the lock. */
        @Override
        void close();
    }

    /**
     * Another process holds the lock.
     *
     * @param holder who, when the lock file says so and that process lives; empty for a moment after
     *     another process took the lock and has not written its line yet
     */
    record Busy(Optional<LockHolder> holder) implements Attempt {
    }

    /**
     * There is no lock to be had: the state directory is read-only, missing and uncreatable, or its
     * file system refuses locks.
     *
     * @param cause why, for a person: {@code read-only file system}
     */
    record Unavailable(String cause) implements Attempt {
    }
}
