package org.lxcauto.Agent1.Error;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/**
 * {@code org.lxcauto.Agent1.Error.ShuttingDown}: {@code Start} or {@code Reload} after the daemon
 * has stopped the containers because the host goes down; it starts nothing until it runs again.
 */
public final class ShuttingDown extends DBusExecutionException {

    private static final long serialVersionUID = 1L;

    /** Called by dbus-java on the calling side, with the message the daemon sent. */
    public ShuttingDown(String message) {
        super(message);
    }
}
