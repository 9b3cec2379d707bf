package org.lxcauto.systemtest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A mount over a lab's state directory, for the tests of a state directory that cannot be
 * written: the directory bound onto itself read-only, or a tiny tmpfs that is then filled. It is
 * unmounted at close, whatever the test did (use it in try-with-resources), and lazily if it is
 * still busy, so that no mount outlives the test.
 */
final class StateMount implements AutoCloseable {

    private final Path dir;

    private StateMount(Path dir) {
        this.dir = dir;
    }

    /** {@code dir}, with what it holds, bound onto itself and remounted read-only. */
    static StateMount readOnly(Path dir) {
        Commands.ok("mount", "--bind", dir.toString(), dir.toString());
        StateMount mount = new StateMount(dir);
        try {
            Commands.ok("mount", "-o", "remount,bind,ro", dir.toString());
        } catch (AssertionError e) {
            mount.close();
            throw e;
        }
        return mount;
    }

    /** An empty tmpfs of {@code size} ("16k") over {@code dir}. */
    static StateMount tmpfs(Path dir, String size) {
        Commands.ok("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs", dir.toString());
        return new StateMount(dir);
    }

    Path dir() {
        return dir;
    }

    /** Fills the file system with {@code dir/filler} until it has no byte left. */
    void fill() throws IOException {
        byte[] page = new byte[4096];
        try (OutputStream out = Files.newOutputStream(dir.resolve("filler"))) {
            for (int i = 0; i < 1_000_000; i++) {
                out.write(page);
                out.flush();
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left on device")) {
                throw e;
            }
            return;
        }
        throw new AssertionError(dir + " never filled up");
    }

    @Override
    public void close() {
        if (Commands.run("umount", dir.toString()).exitCode() != 0) {
            Commands.run("umount", "-l", dir.toString());
        }
    }
}
