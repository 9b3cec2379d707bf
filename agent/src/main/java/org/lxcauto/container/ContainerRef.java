package org.lxcauto.container;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.lxcauto.system.Accounts;

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
     * @param user the account every lxc-* command for it runs as ({@code user = NAME}); empty for root
     */
    record Lxc(Path lxcpath, String name, Optional<Accounts.Account> user) implements ContainerRef {

        public Lxc {
            Objects.requireNonNull(lxcpath, "lxcpath");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(user, "user");
        }

        /** One of root's containers. */
        public Lxc(Path lxcpath, String name) {
            this(lxcpath, name, Optional.empty());
        }

        /** The same container as root addresses it, for matching a name LXC lists to an entry. */
        public Lxc asRoot() {
            return new Lxc(lxcpath, name);
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
