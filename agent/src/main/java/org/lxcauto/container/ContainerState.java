package org.lxcauto.container;

/** The LXC states lxc-auto cares about; everything transitional is reported as it is. */
public enum ContainerState {
    STOPPED, STARTING, RUNNING, STOPPING, ABORTING, FREEZING, FROZEN, THAWED,
    /** The container does not exist under its lxcpath. */
    MISSING;

    /** Parses {@code lxc-info -s -H} output. */
    public static ContainerState parse(String text) {
        try {
            return valueOf(text.strip());
        } catch (IllegalArgumentException e) {
            return MISSING;
        }
    }
}
