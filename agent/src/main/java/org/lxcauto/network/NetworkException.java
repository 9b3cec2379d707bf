package org.lxcauto.network;

/** An interface could not be brought up; the message says which, why, and what the manager reported. */
public final class NetworkException extends Exception {

    private static final long serialVersionUID = 1L;

    public NetworkException(String message) {
        super(message);
    }

    public NetworkException(String message, Throwable cause) {
        super(message, cause);
    }
}
