package org.lxcauto.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether standard error is connected to the journal: systemd sets {@code $JOURNAL_STREAM} to
 * {@code DEVICE:INODE} of the stream it connected a service's output to, and a process whose
 * standard error is still that stream may log through the native protocol instead, with fields
 * (sd_journal_print(3)). One that inherited the variable but whose standard error went elsewhere
 * (redirected to a file, or a command run from a shell in that service) keeps plain lines.
 */
public final class JournalStream {

    private static final Path STDERR = Path.of("/proc/self/fd/2");

    private JournalStream() {
    }

    /** Whether {@code $JOURNAL_STREAM} names this process's standard error. */
    public static boolean isStderr() {
        String value = System.getenv("JOURNAL_STREAM");
        if (value == null || value.isEmpty()) {
            return false;
        }
        try {
            // The JDK's stat follows /proc's link to the socket itself: no native library is loaded for it.
            long device = ((Number) Files.getAttribute(STDERR, "unix:dev")).longValue();
            long inode = ((Number) Files.getAttribute(STDERR, "unix:ino")).longValue();
            return names(value, device, inode);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return false; // no /proc, or no standard error at all: plain lines, as everywhere else
        }
    }

    /** Whether {@code journalStream} ("DEVICE:INODE", both decimal) is the file with that device and inode. */
    static boolean names(String journalStream, long device, long inode) {
        int colon = journalStream.indexOf(':');
        if (colon < 0) {
            return false;
        }
        try {
            return Long.parseUnsignedLong(journalStream.substring(0, colon)) == device
                    && Long.parseUnsignedLong(journalStream.substring(colon + 1)) == inode;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
