package org.lxcauto.plan;

import java.util.Map;
import java.util.Set;

/**
 * Which of the configured containers a plan is for.
 *
 * @param names the containers asked for, or null for every autostart entry
 * @param reason why the others are left out, e.g. "on-boot = restore: not running at last shutdown"
 * @param reasons for a container left out for a reason of its own (its entry's {@code on-boot}),
 *     that reason instead of {@code reason}
 * @param held containers the operator stopped, with what to tell about them: left out even when a
 *     selected container needs them, and so are the containers that need them
 */
public record Selection(Set<String> names, String reason, Map<String, String> reasons, Map<String, String> held) {

    public Selection {
        names = names == null ? null : Set.copyOf(names);
        reasons = Map.copyOf(reasons);
        held = Map.copyOf(held);
    }

    public static Selection all() {
        return new Selection(null, null, Map.of(), Map.of());
    }

    public static Selection only(Set<String> names, String reason) {
        return new Selection(names, reason, Map.of(), Map.of());
    }

    /** Only {@code names}; the others are left out each for its reason in {@code reasons}, else {@code reason}. */
    public static Selection only(Set<String> names, Map<String, String> reasons, String reason) {
        return new Selection(names, reason, reasons, Map.of());
    }

    /** The same selection, leaving out the containers the operator stopped (and what needs them). */
    public Selection holding(Map<String, String> stoppedByOperator) {
        return new Selection(names, reason, reasons, stoppedByOperator);
    }

    public boolean isAll() {
        return names == null;
    }

    /** Why {@code name} is not selected. */
    public String reasonFor(String name) {
        return reasons.getOrDefault(name, reason);
    }
}
