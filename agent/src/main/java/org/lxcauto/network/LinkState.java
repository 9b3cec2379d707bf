package org.lxcauto.network;

/**
 * A network interface as the kernel reports it ({@code ip -j link show}).
 *
 * @param name the interface
 * @param exists whether it exists at all
 * @param adminUp whether it is set up (the UP flag), which is what lxc-start needs of a bridge
 * @param operstate the kernel's operational state (UP, DOWN, UNKNOWN, ...), for messages
 * @param master the bridge it is enslaved to, or null
 */
public record LinkState(String name, boolean exists, boolean adminUp, String operstate, String master) {

    public static LinkState missing(String name) {
        return new LinkState(name, false, false, "absent", null);
    }

    /** "missing", "down" or "up (operstate UNKNOWN)": how status and messages describe it. */
    public String describe() {
        if (!exists) {
            return "missing";
        }
        return (adminUp ? "up" : "down") + " (operstate " + operstate + ")";
    }
}
