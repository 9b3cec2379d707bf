package org.lxcauto.lifecycle;

/**
 * {@code start NAME} of a name the configuration has no usable autostart entry for. The message
 * says which and, for a broken entry, why; the caller adds what to do, which differs between the
 * command and the daemon (the daemon's configuration is the one it last read).
 */
public final class NotAutostartException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final String broken;

    /** @param broken why its entry is unusable, or null when there is none */
    public NotAutostartException(String name, String broken) {
        super("'" + name + "' is not an autostart container" + (broken == null ? "" : " with a usable configuration: " + broken));
        this.name = name;
        this.broken = broken;
    }

    public String name() {
        return name;
    }

    /** Why its entry is unusable, or null when it has no entry at all. */
    public String broken() {
        return broken;
    }
}
