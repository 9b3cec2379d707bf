package org.lxcauto.state;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the bytes of one state file, refusing what is not a state file before it is opened: a
 * directory, a FIFO (opening one blocks until something writes to it, and {@code status} would
 * hang), a socket or device, and anything larger than {@link #MAX_BYTES}.
 */
final class StateFileReader {

    /**
     * The most a state file may hold. A run record is about 350 bytes per container, so 10,000
     * containers make 3.5 MiB; a file four times that is not a record, and parsing it would take
     * much of the 256 MiB heap the launchers give the agent.
     */
    static final long MAX_BYTES = 16L << 20;

    private static final int TYPE_MASK = 0170000;
    private static final int FIFO = 0010000;
    private static final int SOCKET = 0140000;
    private static final int CHARACTER_DEVICE = 0020000;
    private static final int BLOCK_DEVICE = 0060000;

    private StateFileReader() {
    }

    /**
     * The content of {@code file}, or empty when there is none (never written).
     *
     * @param rewrittenBy what writes the file again ("the next boot"), for the message
     * @throws StateFileException when it is not a regular file, too large, empty or unreadable
     */
    static Optional<byte[]> read(Path file, String rewrittenBy) throws StateFileException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            if (Files.isSymbolicLink(file)) {
                throw damaged(file, "a symbolic link to a missing file", "remove it; " + rewritten(rewrittenBy), e);
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new StateFileException(file, "cannot be read (" + IoReasons.describe(e) + ")", null, e);
        }
        if (attributes.isDirectory()) {
            throw damaged(file, "a directory, not a file",
                    "remove it ('rm -r " + file + "'): " + rewrittenBy + " cannot put a file in its place", null);
        }
        if (!attributes.isRegularFile()) {
            throw damaged(file, special(file) + ", not a regular file", "remove it; " + rewritten(rewrittenBy), null);
        }
        if (attributes.size() > MAX_BYTES) {
            throw damaged(file, tooLarge(attributes.size()), rewritten(rewrittenBy), null);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) MAX_BYTES + 1); // bounded even if it grew since the check
        } catch (NoSuchFileException e) {
            return Optional.empty(); // removed in between: as if never written
        } catch (IOException e) {
            throw new StateFileException(file, "cannot be read (" + IoReasons.describe(e) + ")", null, e);
        }
        if (bytes.length > MAX_BYTES) {
            throw damaged(file, tooLarge(bytes.length), rewritten(rewrittenBy), null);
        }
        if (bytes.length == 0) {
            throw damaged(file, "empty file", rewritten(rewrittenBy), null);
        }
        return Optional.of(bytes);
    }

    static StateFileException damaged(Path file, String reason, String remedy, Throwable cause) {
        return new StateFileException(file, "damaged (" + reason + ")", remedy, cause);
    }

    static String rewritten(String rewrittenBy) {
        return "it is rewritten at " + rewrittenBy;
    }

    private static String tooLarge(long size) {
        return String.format(Locale.ROOT, "%.1f MiB, more than the %d MiB a state file may hold", size / 1048576.0,
                MAX_BYTES >> 20);
    }

    /** What kind of special file it is, from its mode, which is read without opening it. */
    private static String special(Path file) {
        try {
            int type = (Integer) Files.getAttribute(file, "unix:mode") & TYPE_MASK;
            return switch (type) {
                case FIFO -> "a FIFO";
                case SOCKET -> "a socket";
                case CHARACTER_DEVICE -> "a character device";
                case BLOCK_DEVICE -> "a block device";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException e) {
            return "a special file";
        }
    }
}
