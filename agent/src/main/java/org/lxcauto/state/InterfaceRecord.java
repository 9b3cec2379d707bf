package org.lxcauto.state;

import java.time.Instant;

/**
 * What a boot did about one interface the containers need.
 *
 * @param name the interface
 * @param manager who brought it up: "NetworkManager", "kernel", "netcf", or "external" when it
 *     was already up and left alone
 * @param ok whether it was up in the end
 * @param error why not; null when ok
 * @param begin when lxc-auto began on it
 * @param end when it was up (or given up on)
 */
public record InterfaceRecord(String name, String manager, boolean ok, String error, Instant begin, Instant end) {
}
