package org.lxcauto.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads configuration files the way a root daemon must: only regular files (a FIFO would block the
 * reader for ever, a device would never end), at most {@link #MAX_BYTES} (a 60 MB file once ended
 * in an OutOfMemoryError), with no NUL bytes (binary data is not configuration), and for text,
 * strictly in its encoding. Each refusal says what the file is and how to fix it, located at the
 * offending line where there is one (docs/configuration.md, file safety).
 */
public final class ConfigFiles {

    /** Far more than any real configuration file (the largest LXC configs are a few kB). */
    public static final int MAX_BYTES = 1 << 20;

    private static final int S_IFMT = 0170000;
    private static final Map<Integer, String> KINDS = Map.of(
            0040000, "a directory", 0010000, "a FIFO (named pipe)", 0140000, "a socket",
            0020000, "a character device", 0060000, "a block device");

    private ConfigFiles() {
    }

    /** Why a file cannot be read as configuration, and where. */
    public static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;
        private final int line;

        Unreadable(int line, String reason) {
            super(reason, null, false, false);
            this.line = line;
        }

        /** The 1-based line at fault, or 0 for the whole file. */
        public int line() {
            return line;
        }

        /** The refusal as a problem of {@code file}. */
        public Problem problem(Path file, String container) {
            return Problem.error(file, line, container, getMessage());
        }
    }

    /** The bytes of {@code file} (symlinks followed), when it is a regular file of at most {@link #MAX_BYTES}. */
    public static byte[] bytes(Path file) throws Unreadable {
        try {
            Map<String, Object> stat = Files.readAttributes(file, "unix:mode,size"); // one stat(2) for both
            String kind = KINDS.get((Integer) stat.get("mode") & S_IFMT);
            if (kind != null) {
                throw new Unreadable(0, "is " + kind + ", not a regular file; remove or rename it (only regular"
                        + " files are configuration)");
            }
            long size = (Long) stat.get("size");
            if (size > MAX_BYTES) {
                throw tooLarge(size);
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                // As large as the file was, and one more to see that it has not grown: reading
                // into growing chunks was most of what 20,000 small files allocated.
                byte[] buffer = new byte[(int) size + 1];
                int read = in.readNBytes(buffer, 0, buffer.length);
                bytes = read < buffer.length ? java.util.Arrays.copyOf(buffer, read)
                        : concat(buffer, in.readNBytes(MAX_BYTES + 1 - buffer.length)); // it grew since it was measured
            }
            if (bytes.length > MAX_BYTES) {
                throw tooLarge(bytes.length);
            }
            int nul = indexOf(bytes, (byte) 0);
            if (nul >= 0) {
                throw new Unreadable(lineAt(bytes, nul), "binary data (a NUL byte at offset " + nul + "), not text;"
                        + " is it the right file? Configuration files are text");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new Unreadable(0, "cannot read: no such file; create it or fix the path");
        } catch (AccessDeniedException e) {
            throw new Unreadable(0, "cannot read: permission denied; check that it is readable by root");
        } catch (FileSystemException e) {
            throw new Unreadable(0, "cannot read: " + (e.getReason() == null ? e.getClass().getSimpleName() : e.getReason())
                    + "; fix the path (a symlink loop?) or the file");
        } catch (IOException e) {
            throw new Unreadable(0, "cannot read: " + IniReader.describe(e) + "; check that it is readable by root");
        }
    }

    /** {@link #bytes} decoded strictly as {@code charset}: text that is not in it is refused at its line. */
    public static String text(Path file, Charset charset) throws Unreadable {
        byte[] bytes = bytes(file);
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Unreadable(firstUndecodableLine(bytes, charset), "not valid " + charset.name()
                    + " text; convert the file, e.g. 'iconv -f latin1 -t utf-8 " + file + "'");
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static Unreadable tooLarge(long size) {
        return new Unreadable(0, "is " + size + " bytes, more than the " + (MAX_BYTES >> 20) + " MiB a configuration"
                + " file may have; is it the right file?");
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** The 1-based line that byte {@code offset} is on. */
    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static int firstUndecodableLine(byte[] bytes, Charset charset) {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                try {
                    charset.newDecoder().decode(ByteBuffer.wrap(bytes, start, i - start));
                } catch (CharacterCodingException e) {
                    return line;
                }
                line++;
                start = i + 1;
            }
        }
        return 0;
    }
}
