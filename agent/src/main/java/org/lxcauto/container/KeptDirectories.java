package org.lxcauto.container;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.lxcauto.system.CommandResult;
import org.lxcauto.system.CommandRunner;

/**
 * The host side of {@code keep = DIR...}: for each kept directory of an ephemeral container, the
 * directory {@code ROOT/NAME/DIR} (ROOT is {@code /var/lib/lxc-auto/keep}) that is bind-mounted
 * into every copy, made on the first run from the base container's rootfs.
 *
 * <p>The first copy is {@code cp -a} so that owners, groups, modes, timestamps and links stay as
 * the base has them: postfix checks the owners and modes of its queue directories, and the rootfs
 * of an unprivileged container holds ids already shifted into its range, which a plain copy by
 * root would replace by root's. It is made under a temporary name and renamed, so a copy cut short
 * (power loss, a full disk) is never taken for a kept directory.
 */
final class KeptDirectories {

    private static final Duration COPY_TIMEOUT = Duration.ofMinutes(5);
    private static final String PARTIAL = ".partial";

    private final CommandRunner runner;
    private final Path root;

    /** @param root where the kept directories of every container live ({@code STATE_DIR/keep}) */
    KeptDirectories(CommandRunner runner, Path root) {
        this.runner = runner;
        this.root = root;
    }

    /** What the base's rootfs is, asked only when a directory has to be made. */
    @FunctionalInterface
    interface Rootfs {
        /** The rootfs as a directory on the host, or empty with why it is none. */
        Optional<Path> directory(StringBuilder whyNot) throws ContainerException, InterruptedException;
    }

    /** The host directory of {@code dir} (absolute, as the container sees it) of container {@code name}. */
    Path hostDirectory(String name, Path dir) {
        return root.resolve(name).resolve(dir.toString().substring(1));
    }

    /**
     * Makes what is missing and gives the {@code -m bind=HOST:DIR} values of lxc-copy, in order.
     *
     * @throws ContainerException when a directory cannot be made: starting without it would lose
     *     what it is kept for
     */
    List<String> prepare(String name, List<Path> keep, Rootfs rootfs) throws ContainerException, InterruptedException {
        List<String> binds = new ArrayList<>();
        Optional<Path> base = Optional.empty();
        boolean asked = false; // the rootfs costs an lxc-info: asked once, and only when needed
        StringBuilder whyNot = new StringBuilder();
        for (Path dir : keep) {
            Path host = hostDirectory(name, dir);
            if (!Files.isDirectory(host)) {
                if (!asked) {
                    base = rootfs.directory(whyNot);
                    asked = true;
                }
                make(name, dir, host, base, whyNot.toString());
            }
            binds.add("bind=" + host + ":" + dir);
        }
        return binds;
    }

    private void make(String name, Path dir, Path host, Optional<Path> base, String whyNot)
            throws ContainerException, InterruptedException {
        if (base.isEmpty()) {
            throw new ContainerException("cannot make the kept directory " + host + " from the base's " + dir + ": "
                    + whyNot + "; create " + host + " yourself, with the owner and mode the container expects");
        }
        Path source = base.get().resolve(dir.toString().substring(1));
        Path partial = host.resolveSibling(host.getFileName() + PARTIAL);
        try {
            Files.createDirectories(host.getParent());
            remove(partial); // an earlier copy cut short
            if (Files.isDirectory(source)) {
                CommandResult copy = runner.run(List.of("cp", "-a", "--", source.toString(), partial.toString()),
                        COPY_TIMEOUT);
                if (!copy.succeeded()) {
                    remove(partial);
                    throw new ContainerException("cannot make the kept directory " + host + ": cp -a " + source
                            + " failed: " + copy.lastErrorLine() + "; free space or fix " + host.getParent());
                }
            } else {
                // Nothing to copy: an empty directory, owned like the rootfs (the container's root).
                Files.createDirectory(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
                Files.setAttribute(partial, "unix:uid", Files.getAttribute(base.get(), "unix:uid"));
                Files.setAttribute(partial, "unix:gid", Files.getAttribute(base.get(), "unix:gid"));
            }
            Files.move(partial, host, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ContainerException("cannot create the kept directory " + host + ": " + reason(e)
                    + "; make " + root + " writable (or give lxc-auto another --state-dir) and start '" + name
                    + "' again");
        }
    }

    /** Removes {@code dir} and what is under it, staying on its file system. */
    private void remove(Path dir) throws ContainerException, InterruptedException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        CommandResult rm = runner.run(List.of("rm", "-rf", "--one-file-system", "--", dir.toString()), COPY_TIMEOUT);
        if (!rm.succeeded()) {
            throw new ContainerException("cannot remove the partial copy " + dir + ": " + rm.lastErrorLine()
                    + "; remove it yourself");
        }
    }

    /** "read-only file system", "no space left on device": what the system said, as it says it. */
    static String reason(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason().toLowerCase(Locale.ROOT);
        }
        return e.getClass().getSimpleName().replace("Exception", "") + " (" + e.getMessage() + ")";
    }
}
