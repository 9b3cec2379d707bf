package org.lxcauto.network;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link LinkWatcher} over an in-memory set of interfaces, for tests.
 *
 * <p>A link is there, appears after a number of queries ({@link #appearAfter}), or never appears
 * (anything not added). {@link #awaitLink} never sleeps: a link that is going to appear "appears
 * during the wait" and the call returns true, one that never will returns false at once, as the
 * real watcher would once its timeout ran out. Every wait is recorded with its timeout, so a test
 * can check that the configured {@code bridge-timeout} is the one used. Thread-safe.
 */
public final class FakeLinkWatcher implements LinkWatcher {

    /** One call of {@link #awaitLink}. */
    public record Await(String name, Duration timeout) {
    }

    private final Set<String> existing = new HashSet<>();
    /** name -> number of queries ({@code exists} or {@code awaitLink}) it stays missing for. */
    private final Map<String, Integer> appearing = new HashMap<>();
    private final Map<String, Integer> queries = new HashMap<>();
    private final List<Await> awaits = new ArrayList<>();

    public FakeLinkWatcher(String... existing) {
        this.existing.addAll(List.of(existing));
    }

    /** The interface exists from now on. */
    public synchronized FakeLinkWatcher add(String name) {
        existing.add(name);
        return this;
    }

    /** The interface is missing for the next {@code queries} queries, then exists. */
    public synchronized FakeLinkWatcher appearAfter(String name, int queries) {
        existing.remove(name);
        appearing.put(name, queries);
        return this;
    }

    @Override
    public synchronized boolean exists(String name) {
        int count = queries.merge(name, 1, Integer::sum);
        if (appearing.containsKey(name) && count > appearing.get(name)) {
            existing.add(name);
        }
        return existing.contains(name);
    }

    @Override
    public synchronized boolean awaitLink(String name, Duration timeout) {
        awaits.add(new Await(name, timeout));
        if (exists(name)) {
            return true;
        }
        if (appearing.containsKey(name)) {
            existing.add(name); // the event it was waiting for arrives within the timeout
            return true;
        }
        return false;
    }

    @Override
    public synchronized String describe(String name) {
        return existing.contains(name) ? "exists, operstate up" : "does not exist";
    }

    /** Every {@link #awaitLink} call, in order. */
    public synchronized List<Await> awaits() {
        return List.copyOf(awaits);
    }
}
