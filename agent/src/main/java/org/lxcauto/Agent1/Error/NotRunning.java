package org.lxcauto.Agent1.Error;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** {@code org.lxcauto.Agent1.Error.NotRunning}: {@code Stop} of a container that does not run. */
public final class NotRunning extends DBusExecutionException {

    private static final long serialVersionUID = 1L;

    /** Called by dbus-java on the calling side, with the message the daemon sent. */
    public NotRunning(String message) {
        super(message);
    }
}
