package org.lxcauto.need;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** A {@link MountTable} that tests mount and unmount paths in; counts how often it was read. Thread-safe. */
public final class FakeMountTable implements MountTable {

    private final Set<Path> points = new HashSet<>();
    private final java.util.Map<Path, java.util.function.BooleanSupplier> conditional = new java.util.HashMap<>();
    private String unreadable;
    private int reads;

    public synchronized FakeMountTable mount(String path) {
        points.add(Path.of(path));
        return this;
    }

    public synchronized FakeMountTable unmount(String path) {
        points.remove(Path.of(path));
        return this;
    }

    /** {@code path} is a mount point whenever {@code when} says so (asked at each read). */
    public synchronized FakeMountTable mountWhen(String path, java.util.function.BooleanSupplier when) {
        conditional.put(Path.of(path), when);
        return this;
    }

    /** Every read from now on fails with {@code reason}. */
    public synchronized FakeMountTable unreadable(String reason) {
        unreadable = reason;
        return this;
    }

    public synchronized int reads() {
        return reads;
    }

    @Override
    public synchronized Set<Path> mountPoints() throws IOException {
        reads++;
        if (unreadable != null) {
            throw new IOException(unreadable);
        }
        Set<Path> now = new HashSet<>(points);
        conditional.forEach((path, when) -> {
            if (when.getAsBoolean()) {
                now.add(path);
            }
        });
        return Set.copyOf(now);
    }
}
