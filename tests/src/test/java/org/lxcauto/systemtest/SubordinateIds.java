package org.lxcauto.systemtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Grants root the subordinate ids {@code 100000:65536} in /etc/subuid and /etc/subgid, which
 * LXC needs to map an unprivileged container's root, and puts both files back exactly as they
 * were (bytes, mode, modification time; or absent) at close, whether the test passed or not. A
 * file that already grants root that range is left untouched.
 */
final class SubordinateIds implements AutoCloseable {

    private static final String RANGE = "root:" + Lab.UNPRIVILEGED_ROOT + ":65536";

    /** A file as it was before the grant; {@code bytes} null when it did not exist. */
    private record Saved(Path file, byte[] bytes, Set<PosixFilePermission> mode, FileTime modified) {
    }

    private final List<Saved> changed = new ArrayList<>();

    private SubordinateIds() {
    }

    static SubordinateIds grant() throws IOException {
        SubordinateIds ids = new SubordinateIds();
        try {
            ids.add(Path.of("/etc/subuid"));
            ids.add(Path.of("/etc/subgid"));
        } catch (IOException | RuntimeException e) {
            ids.close();
            throw e;
        }
        return ids;
    }

    private void add(Path file) throws IOException {
        if (!Files.exists(file)) {
            changed.add(new Saved(file, null, null, null));
            Files.writeString(file, RANGE + "\n");
            return;
        }
        String text = Files.readString(file);
        if (text.lines().anyMatch(RANGE::equals)) {
            return;
        }
        changed.add(new Saved(file, Files.readAllBytes(file), Files.getPosixFilePermissions(file),
                Files.getLastModifiedTime(file)));
        Files.writeString(file, text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + RANGE + "\n");
    }

    @Override
    public void close() throws IOException {
        for (Saved saved : changed) {
            if (saved.bytes() == null) {
                Files.deleteIfExists(saved.file());
            } else {
                Files.write(saved.file(), saved.bytes());
                Files.setPosixFilePermissions(saved.file(), saved.mode());
                Files.setLastModifiedTime(saved.file(), saved.modified());
            }
        }
        changed.clear();
    }
}
