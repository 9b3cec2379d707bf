package org.lxcauto.config;

import java.nio.file.Path;

/**
 * One thing wrong (or suspicious) in the configuration, located as precisely as we can.
 *
 * <p>Printed as {@code FILE:LINE: message} (the form compilers and editors understand), so an
 * administrator can jump to it. {@code line} is 0 when the problem concerns the whole file.
 *
 * @param file the file at fault
 * @param line 1-based line, or 0 for the whole file
 * @param container the container affected, or null when none in particular
 * @param severity whether it makes the entry unusable
 * @param message what is wrong and how to fix it
 */
public record Problem(Path file, int line, String container, Severity severity, String message) {

    /** How bad a problem is. */
    public enum Severity {
        /** The entry (or setting) cannot be used; the rest of the configuration still is. */
        ERROR,
        /** Worth fixing; a default was used instead. */
        WARNING
    }

    public static Problem error(Path file, int line, String container, String message) {
        return new Problem(file, line, container, Severity.ERROR, message);
    }

    public static Problem warning(Path file, int line, String container, String message) {
        return new Problem(file, line, container, Severity.WARNING, message);
    }

    @Override
    public String toString() {
        String prefix = severity == Severity.WARNING ? "warning: " : "";
        return file + ":" + line + ": " + prefix + message;
    }
}
