package org.lxcauto.lifecycle;

/**
 * What an administrator sees instead when a run could not be recorded (read-only or full state
 * directory): the run did its work, only the reports lag behind.
 */
final class Unrecorded {

    private Unrecorded() {
    }

    static String consequence(String kind) {
        return switch (kind) {
            case "boot" -> "status, blame and plot will show the previous boot";
            case "shutdown" -> "plot will show the previous shutdown";
            default -> "it keeps the previous " + kind;
        };
    }
}
