package org.lxcauto.system;

import java.util.Optional;

/**
 * Who holds the agent lock, as the holder wrote it into the lock file right after taking it: one
 * line {@code PID KIND}, KIND being {@code daemon}, {@code boot}, {@code shutdown}, {@code reload},
 * {@code start NAME} or {@code stop NAME}. It lets a command that finds the lock taken say whom it
 * waits for, and tell a resident daemon (never finishes: refuse at once) from a short command
 * (finishes: wait for it).
 *
 * @param pid the holder's process
 * @param kind what it is doing
 */
public record LockHolder(long pid, String kind) {

    /** The kind of the resident daemon. */
    public static final String DAEMON = "daemon";

    public LockHolder {
        // One line, whatever a container name holds: the line is the whole format.
        kind = kind.replaceAll("\\p{Cntrl}", "?").strip();
    }

    /** The holder is {@code lxc-auto daemon}, which holds the lock until it leaves. */
    public boolean isDaemon() {
        return DAEMON.equals(kind);
    }

    /** The command line a person would recognize: {@code lxc-auto boot}. */
    public String command() {
        return "lxc-auto " + kind;
    }

    /** The lock file's content. */
    public String line() {
        return pid + " " + kind + "\n";
    }

    /** Reads a lock file's content; empty when it holds no {@code PID KIND} line (not written yet). */
    public static Optional<LockHolder> parse(String content) {
        String first = content.lines().findFirst().orElse("").strip();
        String[] fields = first.split(" ", 2);
        if (fields.length < 2 || fields[1].isBlank()) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(fields[0]);
            return pid > 0 ? Optional.of(new LockHolder(pid, fields[1])) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
