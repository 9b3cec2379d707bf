package org.lxcauto.config;

import java.nio.file.Path;
import jnr.posix.FileStat;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * Refuses configuration that someone other than root could have written, as sshd's StrictModes
 * does: the agent runs as root and runs commands from these files. Owner and mode come from
 * stat(2) through jnr-posix.
 */
public final class FileSafety {

    private static final POSIX POSIX = POSIXFactory.getNativePOSIX();
    private static final int GROUP_OR_OTHER_WRITE = 0022;

    private FileSafety() {
    }

    /**
     * Checks owner and mode of {@code file} (following symlinks: the target is what is read).
     *
     * @return true when the file may be used; otherwise a problem was recorded
     */
    public static boolean check(Path file, String container, Problems problems) {
        FileStat stat = POSIX.allocateStat();
        if (POSIX.stat(file.toString(), stat) != 0) {
            problems.add(Problem.error(file, 0, container, "cannot read: " + POSIX.strerror(POSIX.errno())
                    + "; check that the file exists and is readable by root"));
            return false;
        }
        int mode = stat.mode() & 07777;
        if ((mode & GROUP_OR_OTHER_WRITE) != 0) {
            problems.add(Problem.error(file, 0, container, "refused: writable by group or others (mode "
                    + symbolic(mode) + "); run 'chmod go-w " + file + "'"));
            return false;
        }
        // Root's files, or (for a developer running the unit tests unprivileged) the agent's own
        // user's, which are exactly as trustworthy as the agent itself.
        if (stat.uid() != 0 && stat.uid() != POSIX.geteuid()) {
            problems.add(Problem.error(file, 0, container, "refused: owned by uid " + stat.uid()
                    + ", not root; run 'chown root: " + file + "'"));
            return false;
        }
        return true;
    }

    /** {@code rw-rw-r--}, as ls shows it. */
    static String symbolic(int mode) {
        StringBuilder text = new StringBuilder();
        for (int shift = 6; shift >= 0; shift -= 3) {
            text.append((mode >> shift & 4) != 0 ? 'r' : '-').append((mode >> shift & 2) != 0 ? 'w' : '-')
                    .append((mode >> shift & 1) != 0 ? 'x' : '-');
        }
        return text.toString();
    }
}
