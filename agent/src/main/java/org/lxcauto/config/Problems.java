package org.lxcauto.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Collects every problem found while reading configuration, so that all are reported at once. */
public final class Problems {

    private final List<Problem> list = new ArrayList<>();

    public synchronized void add(Problem problem) {
        list.add(problem);
    }

    public synchronized List<Problem> all() {
        return Collections.unmodifiableList(new ArrayList<>(list));
    }

    public synchronized boolean hasErrors() {
        return list.stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
    }

    /** True when an error was reported against {@code container}. */
    public synchronized boolean hasErrorsFor(String container) {
        return list.stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR && container.equals(p.container()));
    }
}
