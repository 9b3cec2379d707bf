package org.lxcauto.state;

import java.time.Instant;
import java.util.List;

/**
 * One boot or shutdown, as saved in {@code /var/lib/lxc-auto/last-boot.json} and
 * {@code last-shutdown.json}.
 *
 * @param kind "boot" or "shutdown"
 * @param started when the run began
 * @param finished when the run ended
 * @param exitCode the command's exit status
 * @param containers every container acted on, in dispatch order
 * @param excluded containers left out, with the reason
 * @param interfaces the declared interfaces a boot brought up (empty for a shutdown)
 */
public record RunRecord(String kind, Instant started, Instant finished, int exitCode, List<ContainerRecord> containers,
        List<Excluded> excluded, List<InterfaceRecord> interfaces) {

    /** A container the plan left out. */
    /** Whether container {@code name} is up after this run ({@link Outcome#isUp}). */
    public boolean isUp(String name) {
        return containers.stream().anyMatch(c -> c.name().equals(name) && c.outcome().isUp());
    }

    public record Excluded(String name, String reason, boolean failure) {
    }
}
