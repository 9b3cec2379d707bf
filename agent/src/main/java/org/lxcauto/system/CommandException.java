package org.lxcauto.system;

/** A program could not be executed at all: missing, not executable, or the fork failed. */
public final class CommandException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CommandException(String message, Throwable cause) {
        super(message, cause);
    }
}
