package org.lxcauto.lifecycle;

import org.lxcauto.container.ContainerRef;
import org.lxcauto.config.ContainerEntry;

/** How an entry maps to what actually runs: an LXC container, its ephemeral copy, or a libvirt domain. */
public final class Runtimes {

    /** Suffix of the overlay copy an {@code ephemeral = yes} entry runs as. */
    public static final String EPHEMERAL_SUFFIX = org.lxcauto.config.Names.EPHEMERAL_SUFFIX;

    private Runtimes() {
    }

    /** What runs for {@code entry}: its domain, the container itself, or its ephemeral copy. */
    public static ContainerRef running(ContainerEntry entry) {
        if (entry.isDomain()) {
            return new ContainerRef.Domain(entry.uri(), entry.name());
        }
        return new ContainerRef.Lxc(entry.lxcpath(), entry.ephemeral() ? entry.name() + EPHEMERAL_SUFFIX : entry.name());
    }

    /** The container the entry names (for an ephemeral entry, the untouched base). */
    public static ContainerRef base(ContainerEntry entry) {
        if (entry.isDomain()) {
            return new ContainerRef.Domain(entry.uri(), entry.name());
        }
        return new ContainerRef.Lxc(entry.lxcpath(), entry.name());
    }
}
