package org.lxcauto.lifecycle;

import org.lxcauto.config.ContainerEntry;
import org.lxcauto.config.Target;
import org.lxcauto.container.ContainerRef;

/** How an entry maps to what actually runs: an LXC container, its ephemeral copy, or a libvirt domain. */
public final class Runtimes {

    /** Suffix of the overlay copy an {@code ephemeral = yes} entry runs as. */
    public static final String EPHEMERAL_SUFFIX = org.lxcauto.config.Names.EPHEMERAL_SUFFIX;

    private Runtimes() {
    }

    /** What runs for {@code entry}: its domain, the container itself, or its ephemeral copy. */
    public static ContainerRef running(ContainerEntry entry) {
        if (entry.target() instanceof Target.Lxc container && container.ephemeral()) {
            return new ContainerRef.Lxc(container.lxcpath(), entry.name() + EPHEMERAL_SUFFIX, container.user());
        }
        return base(entry);
    }

    /** The container or domain the entry names (for an ephemeral entry, the untouched base). */
    public static ContainerRef base(ContainerEntry entry) {
        return entry.target().match(
                container -> new ContainerRef.Lxc(container.lxcpath(), entry.name(), container.user()),
                domain -> new ContainerRef.Domain(domain.uri(), entry.name()));
    }
}
