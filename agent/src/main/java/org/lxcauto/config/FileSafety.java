package org.lxcauto.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Refuses configuration that someone other than root could have written, as sshd's StrictModes
 * does: the agent runs as root and runs commands from these files.
 *
 * <p>Owner and mode come from the JDK's own stat ({@code unix:uid}, POSIX permissions), not from
 * jnr-posix: loading jnr-posix and its native stubs cost about 0.45 s of every command's start
 * (bench/findings.md), and these two fields are all that is needed.
 */
public final class FileSafety {

    private FileSafety() {
    }

    /**
     * Checks owner and mode of {@code file} (following symlinks: the target is what is read).
     *
     * @return true when the file may be used; otherwise a problem was recorded
     */
    public static boolean check(Path file, String container, Problems problems) {
        PosixFileAttributes attributes;
        int uid;
        try {
            attributes = Files.readAttributes(file, PosixFileAttributes.class);
            uid = (Integer) Files.getAttribute(file, "unix:uid");
        } catch (IOException e) {
            problems.add(Problem.error(file, 0, container, "cannot read: " + IniReader.describe(e)
                    + "; check that the file exists and is readable by root"));
            return false;
        }
        Set<PosixFilePermission> mode = attributes.permissions();
        if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            problems.add(Problem.error(file, 0, container, "refused: writable by group or others (mode "
                    + java.nio.file.attribute.PosixFilePermissions.toString(mode) + "); run 'chmod go-w " + file + "'"));
            return false;
        }
        if (uid != 0 && uid != currentUid()) {
            problems.add(Problem.error(file, 0, container, "refused: owned by uid " + uid
                    + ", not root; run 'chown root: " + file + "'"));
            return false;
        }
        return true;
    }

    /**
     * The uid the agent runs as. Root in production; a non-root developer running the unit tests
     * owns the files they create, and those are as trustworthy as the agent itself.
     */
    private static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            return 0;
        }
    }
}
