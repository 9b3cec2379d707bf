package org.lxcauto.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * When a process started, from {@code /proc}: the kernel's boot time ({@code btime} in
 * {@code /proc/stat}) plus the process's {@code starttime} (field 22 of {@code /proc/PID/stat}, in
 * clock ticks since boot). Precise to about a second, as {@code btime} is.
 */
public final class ProcessStarts {

    /**
     * Clock ticks per second in {@code /proc}: USER_HZ, which the kernel keeps at 100 for user
     * space on every architecture Debian builds, whatever its internal HZ.
     */
    static final long TICKS_PER_SECOND = 100;
    private static final Path PROC = Path.of("/proc");
    private static final int STARTTIME_AFTER_COMM = 19; // field 22, counted from field 3 (state)

    private ProcessStarts() {
    }

    /** When process {@code pid} started; empty when it does not exist or /proc cannot tell. */
    public static Optional<Instant> of(long pid) {
        try {
            return parse(Files.readString(PROC.resolve("stat"), StandardCharsets.US_ASCII),
                    Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.ISO_8859_1));
        } catch (IOException | SecurityException | NumberFormatException e) {
            // The process ended meanwhile, /proc is not mounted, or not as expected: nothing to say.
            return Optional.empty();
        }
    }

    /** The start time from the texts of {@code /proc/stat} and {@code /proc/PID/stat}. */
    static Optional<Instant> parse(String procStat, String pidStat) {
        Long btime = null;
        for (String line : procStat.split("\n")) {
            if (line.startsWith("btime ")) {
                btime = Long.parseLong(line.substring("btime ".length()).strip());
            }
        }
        // The command name, in parentheses, may hold spaces and parentheses itself: fields follow the last ')'.
        int close = pidStat.lastIndexOf(')');
        if (btime == null || close < 0) {
            return Optional.empty();
        }
        String[] fields = pidStat.substring(close + 1).strip().split("\\s+");
        if (fields.length <= STARTTIME_AFTER_COMM) {
            return Optional.empty();
        }
        long ticks = Long.parseLong(fields[STARTTIME_AFTER_COMM]);
        return Optional.of(Instant.ofEpochSecond(btime).plusMillis(ticks * 1000 / TICKS_PER_SECOND));
    }
}
