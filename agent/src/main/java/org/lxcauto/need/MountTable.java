package org.lxcauto.need;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The kernel's mount table as a {@code mount:PATH} gate asks about it: which paths are mount
 * points now. Behind an interface so that a gate can be tested with mounts that appear on a fake
 * clock.
 */
public interface MountTable {

    /**
     * Every mount point, as absolute normalised paths.
     *
     * @throws IOException when the table cannot be read; the message says why
     */
    Set<Path> mountPoints() throws IOException;
}
