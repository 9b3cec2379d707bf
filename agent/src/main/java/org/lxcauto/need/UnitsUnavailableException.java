package org.lxcauto.need;

/** systemd could not be asked about a unit (no system bus, systemd not answering); the message says which and why. */
public final class UnitsUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public UnitsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public UnitsUnavailableException(String message) {
        super(message);
    }
}
