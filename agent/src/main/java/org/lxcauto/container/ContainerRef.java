package org.lxcauto.container;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What lxc-auto starts and stops, as a runtime addresses it: an LXC container (a name under an
 * lxcpath) or a libvirt domain (a name under a libvirt connection URI). Sealed, so that {@link
 * RoutingRuntime} routes by type and each runtime reads only the fields of its own kind.
 */
public sealed interface ContainerRef permits ContainerRef.Lxc, ContainerRef.Domain {

    /** The container's or domain's name. */
    String name();

    /**
     * An LXC container.
     *
     * @param lxcpath the directory holding the container
     * @param name its name there
     */
    record Lxc(Path lxcpath, String name) implements ContainerRef {

        public Lxc {
            Objects.requireNonNull(lxcpath, "lxcpath");
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * A libvirt domain.
     *
     * @param uri the libvirt connection URI ({@code qemu:///system}, {@code lxc:///system})
     * @param name the domain's name under it
     */
    record Domain(String uri, String name) implements ContainerRef {

        public Domain {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
