package org.lxcauto.Agent1.Error;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/**
 * {@code org.lxcauto.Agent1.Error.UnknownContainer}: {@code Start} of a name the daemon's
 * configuration has no usable autostart entry for.
 */
public final class UnknownContainer extends DBusExecutionException {

    private static final long serialVersionUID = 1L;

    /** Called by dbus-java on the calling side, with the message the daemon sent. */
    public UnknownContainer(String message) {
        super(message);
    }
}
