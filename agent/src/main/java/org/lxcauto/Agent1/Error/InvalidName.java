package org.lxcauto.Agent1.Error;

import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.lxcauto.config.Names;

/**
 * {@code org.lxcauto.Agent1.Error.InvalidName}: a container name that breaks the rule every
 * autostart entry follows ({@link Names#CONTAINER_RULE}). Such a name can match no container, so
 * the daemon answers at once, without queueing the call behind a boot in progress.
 */
public final class InvalidName extends DBusExecutionException {

    private static final long serialVersionUID = 1L;

    /** Called by dbus-java on the calling side, with the message the daemon sent. */
    public InvalidName(String message) {
        super(message);
    }

    /** The error for {@code name}, which the message shows safely (see {@link ShownName}). */
    public static InvalidName of(String name) {
        return new InvalidName((name.isEmpty() ? "empty container name" : "invalid container name " + ShownName.of(name))
                + ": " + Names.CONTAINER_RULE);
    }
}
