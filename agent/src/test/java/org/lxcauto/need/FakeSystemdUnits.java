package org.lxcauto.need;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link SystemdUnits} without systemd: tests set units' states, and every watcher of a unit hears
 * each change at once, as systemd's {@code PropertiesChanged} would tell it. Thread-safe.
 */
public final class FakeSystemdUnits implements SystemdUnits {

    private final boolean booted;
    private final Map<String, String> states = new HashMap<>();
    private final Map<String, List<Runnable>> watchers = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private String unavailable;
    private boolean closed;

    public FakeSystemdUnits(boolean booted) {
        this.booted = booted;
    }

    /** A host that runs systemd. */
    public FakeSystemdUnits() {
        this(true);
    }

    /** Sets {@code unit}'s ActiveState and tells its watchers. */
    public void set(String unit, String state) {
        List<Runnable> told;
        synchronized (this) {
            states.put(unit, state);
            told = List.copyOf(watchers.getOrDefault(unit, List.of()));
        }
        told.forEach(Runnable::run);
    }

    /** From now on every call fails as if systemd could not be reached, saying {@code reason}; null ends it. */
    public synchronized void unavailable(String reason) {
        unavailable = reason;
    }

    /** Every call, in order: "watch UNIT", "state UNIT", "unwatch UNIT". */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** How many watches of {@code unit} are open. */
    public synchronized int watching(String unit) {
        return watchers.getOrDefault(unit, List.of()).size();
    }

    public synchronized boolean closed() {
        return closed;
    }

    @Override
    public boolean booted() {
        return booted;
    }

    @Override
    public synchronized String activeState(String unit) throws UnitsUnavailableException {
        calls.add("state " + unit);
        if (unavailable != null) {
            throw new UnitsUnavailableException(unavailable);
        }
        return states.getOrDefault(unit, "inactive");
    }

    @Override
    public synchronized Subscription watch(String unit, Runnable changed) throws UnitsUnavailableException {
        calls.add("watch " + unit);
        if (unavailable != null) {
            throw new UnitsUnavailableException(unavailable);
        }
        watchers.computeIfAbsent(unit, k -> new ArrayList<>()).add(changed);
        return () -> {
            synchronized (FakeSystemdUnits.this) {
                calls.add("unwatch " + unit);
                watchers.getOrDefault(unit, new ArrayList<>()).remove(changed);
            }
        };
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
