package org.lxcauto.container;

import java.nio.file.Path;

/**
 * What lxc-auto starts and stops: an LXC container (a name under an lxcpath), or a libvirt domain
 * (a name under a libvirt connection URI).
 *
 * @param lxcpath the directory holding the container; null for a domain
 * @param name the container's or domain's name
 * @param uri the libvirt connection URI ({@code qemu:///system}, {@code lxc:///system}) of a
 *     domain; null for an LXC container
 */
public record ContainerRef(Path lxcpath, String name, String uri) {

    /** An LXC container. */
    public ContainerRef(Path lxcpath, String name) {
        this(lxcpath, name, null);
    }

    /** A libvirt domain. */
    public static ContainerRef domain(String uri, String name) {
        return new ContainerRef(null, name, uri);
    }

    /** Whether this is a libvirt domain rather than an LXC container. */
    public boolean isDomain() {
        return uri != null;
    }

    @Override
    public String toString() {
        return name;
    }
}
