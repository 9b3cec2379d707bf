package org.lxcauto.network;

/**
 * NetworkManager, still running, answered a call with an error; the message is the call and
 * NetworkManager's own words, e.g. "AddConnection of 'lxc-auto-br0' was refused: …".
 */
final class NmRefused extends Exception {

    private static final long serialVersionUID = 1L;

    NmRefused(String message, Throwable cause) {
        super(message, cause);
    }
}
