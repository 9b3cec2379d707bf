package org.lxcauto.need;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * {@link MountTable} read from {@code /proc/self/mountinfo}: the mount points of the agent's own
 * mount namespace, which is where LXC resolves a container's bind mounts.
 */
public final class ProcMountTable implements MountTable {

    /**
     * The most read of the file. A host with thousands of mounts (many containers, each with a dozen)
     * has a table of a few MiB; more than this is not a mount table but a fault, and reading it
     * all on every poll would be one too.
     */
    static final int MAX_BYTES = 16 << 20;

    private final Path file;

    public ProcMountTable() {
        this(Path.of("/proc/self/mountinfo"));
    }

    ProcMountTable(Path file) {
        this.file = file;
    }

    @Override
    public Set<Path> mountPoints() throws IOException {
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            content = in.readNBytes(MAX_BYTES + 1);
        }
        if (content.length > MAX_BYTES) {
            throw new IOException(file + " is larger than " + (MAX_BYTES >> 20) + " MiB");
        }
        return parse(new String(content, StandardCharsets.UTF_8));
    }

    /**
     * The mount points of a mountinfo text ({@code proc(5)}): the fifth field of each line, with
     * the kernel's octal escapes of space, tab, newline and backslash decoded. A line too short to
     * have one is skipped: the kernel writes none, and a gate must not fail for it.
     */
    static Set<Path> parse(String mountinfo) {
        Set<Path> points = new HashSet<>();
        for (String line : mountinfo.split("\n")) {
            String[] fields = line.split(" ");
            if (fields.length > 4 && fields[4].startsWith("/")) {
                points.add(Path.of(unescape(fields[4])).normalize());
            }
        }
        return points;
    }

    /** Decodes {@code \NNN} octal escapes, as the kernel's {@code mangle()} writes them. */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1) && isOctal(field, i + 2)
                    && isOctal(field, i + 3)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String text, int at) {
        return at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '7';
    }
}
