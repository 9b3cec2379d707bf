package org.lxcauto.system;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes files so that a reader (or the next boot after a power cut) sees either the old content
 * or the new, never a torn mix: temporary file in the same directory, fsync, rename, fsync of the
 * directory.
 *
 * <p>The temporary file is {@code .NAME.PID.RANDOM.tmp}, PID being the writer's. A writer killed
 * mid-write (SIGKILL, a power cut) leaves its temporary file behind; the next write of the same
 * file removes those whose writer is gone, so they never pile up, and leaves alone the one of a
 * writer that still runs.
 */
public final class AtomicFiles {

    /** No write takes this long: a temporary file older than this is left over, whoever made it. */
    private static final Duration ABANDONED = Duration.ofHours(1);

    private AtomicFiles() {
    }

    /** Replaces {@code target} with {@code content}, mode 0644, durably: on disk before this returns. */
    public static void write(Path target, String content) throws IOException {
        write(target, content, true);
    }

    /**
     * Replaces {@code target} with {@code content}, mode 0644; a reader sees the old content or the
     * new. With {@code durable} false nothing is forced to disk (no fsync of the file or of the
     * directory): for a file that is rewritten from memory after a crash anyway, such as the
     * metrics file, whose fsyncs cost tens of milliseconds on a busy disk.
     */
    public static void write(Path target, String content, boolean durable) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String name = target.getFileName().toString();
        removeLeftovers(dir, name);
        Path temp = Files.createTempFile(dir, "." + name + "." + ProcessHandle.current().pid() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                if (durable) {
                    channel.force(true);
                }
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        if (!durable) {
            return;
        }
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    /**
     * Removes the temporary files of earlier writes of {@code name} whose writer no longer runs
     * (or that are older than an hour; older versions named them {@code .NAMEDIGITS.tmp}, without
     * the PID). Best effort: a directory that cannot be listed or changed fails the write itself.
     */
    static void removeLeftovers(Path dir, String name) {
        Pattern ours = Pattern.compile("\\." + Pattern.quote(name) + "(?:\\.(\\d+)\\.)?\\d+\\.tmp");
        Instant abandoned = Instant.now().minus(ABANDONED);
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, "." + globQuoted(name) + "*.tmp")) {
            for (Path temp : temps) {
                Matcher match = ours.matcher(temp.getFileName().toString());
                if (match.matches() && (writerGone(match.group(1))
                        || Files.getLastModifiedTime(temp).toInstant().isBefore(abandoned))) {
                    Files.deleteIfExists(temp);
                }
            }
        } catch (IOException e) {
            // Left for a later write; if the directory is unusable, the write says so.
        }
    }

    private static boolean writerGone(String pid) {
        if (pid == null) {
            return false; // an older version's name: removed by age only
        }
        try {
            long writer = Long.parseLong(pid);
            return writer != ProcessHandle.current().pid() && ProcessHandle.of(writer).isEmpty();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String globQuoted(String name) {
        return name.replaceAll("([*?\\[\\]{}\\\\])", "\\\\$1");
    }
}
