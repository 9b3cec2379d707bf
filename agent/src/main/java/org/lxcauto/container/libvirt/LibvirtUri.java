package org.lxcauto.container.libvirt;

import java.util.Locale;

/**
 * What lxc-auto reads from a libvirt connection URI: its driver. The two drivers stop a domain
 * differently (see {@link #isLxc}), and libvirt-dbus serves one object per driver.
 */
final class LibvirtUri {

    private LibvirtUri() {
    }

    /**
     * The driver part of {@code uri}: "lxc" for {@code lxc:///system} and {@code
     * lxc+ssh://host/system}, "qemu" for {@code qemu:///system}.
     */
    static String driver(String uri) {
        int colon = uri.indexOf(':');
        String scheme = colon < 0 ? uri : uri.substring(0, colon);
        int plus = scheme.indexOf('+');
        return (plus < 0 ? scheme : scheme.substring(0, plus)).toLowerCase(Locale.ROOT);
    }

    /**
     * Whether {@code uri} is a connection to libvirt's LXC driver. Such a domain is stopped with
     * SIGTERM to its init: libvirt's default (the initctl FIFO of a SysV init) finds no FIFO in
     * most containers, counts that as success and sends nothing at all.
     */
    static boolean isLxc(String uri) {
        return driver(uri).equals("lxc");
    }
}
