package org.lxcauto.lifecycle;

import org.lxcauto.config.Entries;
import org.lxcauto.container.ContainerRef;
import org.lxcauto.state.ContainerRecord;
import org.lxcauto.state.RunRecord;

/** What lifecycle tests look up: the container an {@link Entries} entry names, and its record in a run. */
final class Lookups {

    private Lookups() {
    }

    /** The LXC container {@code name} under {@link Entries#LXCPATH}, where {@code Entries.e(name)} puts it. */
    static ContainerRef ref(String name) {
        return new ContainerRef.Lxc(Entries.LXCPATH, name);
    }

    /** The record of {@code name} in {@code run}. */
    static ContainerRecord record(RunRecord run, String name) {
        return run.containers().stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no record of '" + name + "' in " + run.containers()));
    }
}
