package org.lxcauto.system;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * An {@link AgentLock} for unit tests: each {@link #tryLock} answers the next of the attempts it
 * was given, the last one again once they run out; it records what was asked and whether the lock
 * it handed out was released.
 */
public final class FakeAgentLock implements AgentLock {

    /** The path the messages name. */
    public static final Path PATH = Path.of("/var/lib/lxc-auto/lock");

    private final Deque<Attempt> answers = new ArrayDeque<>();
    private final List<String> asked = new ArrayList<>();
    private boolean held;

    /** Answers {@code attempts} in order; {@link #free()} makes the answer of a lock free to take. */
    public FakeAgentLock(Attempt... attempts) {
        answers.addAll(List.of(attempts));
    }

    /** Answers {@code attempts} after those given so far. */
    public FakeAgentLock then(Attempt... attempts) {
        answers.addAll(List.of(attempts));
        return this;
    }

    /** A lock free to take, whose release this fake records. */
    public Attempt free() {
        return (Held) () -> {
            synchronized (this) {
                held = false;
            }
        };
    }

    /** Busy, held by {@code pid} doing {@code kind}. */
    public static Attempt busy(long pid, String kind) {
        return new Busy(Optional.of(new LockHolder(pid, kind)));
    }

    /** Busy, by a holder that has not written its line. */
    public static Attempt unnamed() {
        return new Busy(Optional.empty());
    }

    @Override
    public Path path() {
        return PATH;
    }

    @Override
    public synchronized Attempt tryLock(String kind) {
        asked.add(kind);
        Attempt next = answers.size() > 1 ? answers.poll() : answers.peek();
        if (next instanceof Held) {
            held = true;
        }
        return next;
    }

    /** The kind of every attempt, in order. */
    public synchronized List<String> asked() {
        return List.copyOf(asked);
    }

    /** A lock this fake handed out is still held. */
    public synchronized boolean held() {
        return held;
    }
}
