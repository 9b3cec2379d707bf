package org.lxcauto.lifecycle;

import org.lxcauto.container.ContainerRef;
import org.lxcauto.config.ContainerEntry;

/** How an entry maps to the container LXC actually runs. */
public final class Runtimes {

    /** Suffix of the overlay copy an {@code ephemeral = yes} entry runs as. */
    public static final String EPHEMERAL_SUFFIX = "-ephemeral";

    private Runtimes() {
    }

    /** The container LXC runs for {@code entry}: itself, or its ephemeral copy. */
    public static ContainerRef running(ContainerEntry entry) {
        return new ContainerRef(entry.lxcpath(), entry.ephemeral() ? entry.name() + EPHEMERAL_SUFFIX : entry.name());
    }

    /** The container the entry names (for an ephemeral entry, the untouched base). */
    public static ContainerRef base(ContainerEntry entry) {
        return new ContainerRef(entry.lxcpath(), entry.name());
    }
}
