package org.lxcauto.container;

import java.nio.file.Path;

/**
 * A container as LXC knows it: a name under an lxcpath.
 *
 * @param lxcpath the directory holding the container
 * @param name the container's name there
 */
public record ContainerRef(Path lxcpath, String name) {

    @Override
    public String toString() {
        return name;
    }
}
