package org.lxcauto.container;

/** An LXC operation failed; the message says which container, what failed and LXC's own reason. */
public final class ContainerException extends Exception {

    private static final long serialVersionUID = 1L;

    public ContainerException(String message) {
        super(message);
    }
}
