package org.lxcauto.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.lxcauto.system.LockHolder;

/**
 * What the commands say about the agent lock (docs/commands.md, one agent at a time): who holds it
 * and what to do instead. Each names the holder's PID and the lock file, so that a person can see
 * for themselves ({@code ps PID}, {@code cat LOCK}).
 */
final class LockMessages {

    private LockMessages() {
    }

    /** A resident daemon holds the lock, and a command of {@code kind} cannot go through it. */
    static String daemonHolds(String kind, LockHolder daemon, Path lock) {
        long pid = daemon.pid();
        String[] words = kind.split(" ", 2);
        String verb = words[0];
        String what = words.length > 1 ? verb + " '" + words[1] + "'" : verb;
        return switch (verb) {
            case LockHolder.DAEMON -> "another lxc-auto daemon (PID " + pid + ") holds " + lock
                    + "; it is already supervising the containers (stop it first: 'systemctl stop lxc-auto',"
                    + " 'service lxc-auto stop', or 'kill " + pid + "' if it was started by hand)";
            case "boot" -> "the lxc-auto daemon (PID " + pid + ") holds " + lock + ": it has booted the containers"
                    + " and supervises them; run 'lxc-auto reload' to start what is enabled and not running,"
                    + " or stop the daemon first";
            case "shutdown" -> "the lxc-auto daemon (PID " + pid + ") holds " + lock + ": it stops the containers"
                    + " itself when the host goes down; 'kill -PWR " + pid + "' makes it stop them all now, as at a"
                    + " host shutdown, and 'lxc-auto stop NAME' stops one";
            default -> "the lxc-auto daemon (PID " + pid + ") holds " + lock + " but does not answer on the system"
                    + " bus, so it cannot " + what + " for this command (it offers its D-Bus API once its boot is"
                    + " done, and only when it reaches a bus); retry when its boot is done"
                    + (verb.equals("reload") ? ", or send it SIGHUP: 'kill -HUP " + pid + "'"
                            : "; on a host without a system bus, stop the daemon first (its containers keep running)");
        };
    }

    /** Printed once when a command starts waiting for the holder to finish. */
    static String waiting(Optional<LockHolder> holder, Path lock) {
        return holder.map(h -> "waiting for '" + h.command() + "' (PID " + h.pid() + ") to finish: it holds " + lock)
                .orElse("waiting for the lock " + lock + ": another process holds it and does not say which");
    }

    /** The wait ended without the lock. */
    static String gaveUp(Optional<LockHolder> holder, Path lock, Duration waited) {
        return holder.map(h -> "gave up after " + human(waited) + " waiting for '" + h.command() + "' (PID " + h.pid()
                        + ") to finish: it still holds " + lock + "; try again once it has finished, or end it ('kill "
                        + h.pid() + "')")
                .orElse("gave up after " + human(waited) + " waiting for the lock " + lock
                        + ": another process holds it and does not say which");
    }

    /** There is no lock to be had; the command goes on without. */
    static String unavailable(Path lock, String cause) {
        return "warning: cannot take the lock " + lock + ": " + cause
                + "; going on without it: another agent could act at the same time";
    }

    private static String human(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds % 60 == 0 && seconds > 0 ? seconds / 60 + " min" : seconds + " s";
    }
}
