package org.lxcauto.plan;

import java.util.Set;

/**
 * Which of the configured containers a plan is for.
 *
 * @param names the containers asked for, or null for every autostart entry
 * @param reason why the others are left out, e.g. "on-boot = restore: not running at last shutdown"
 */
public record Selection(Set<String> names, String reason) {

    public static Selection all() {
        return new Selection(null, null);
    }

    public static Selection only(Set<String> names, String reason) {
        return new Selection(Set.copyOf(names), reason);
    }

    public boolean isAll() {
        return names == null;
    }
}
