package org.lxcauto.plan;

import java.util.List;
import org.lxcauto.config.ContainerEntry;

/**
 * One container in a start or stop plan.
 *
 * @param name the container
 * @param entry its configuration; null for a running container that is not autostarted (stop plans)
 * @param requires containers that must have succeeded first; if one fails, this step is not run
 * @param orderedAfter containers that must have finished first, whatever their outcome
 * @param bridges interfaces that must be up before the container starts (start plans)
 * @param wave 0 for steps that wait for nothing, else 1 + the highest wave waited for
 * @param why why the step is in the plan, for {@code lxc-auto plan}
 */
public record Step(String name, ContainerEntry entry, List<String> requires, List<String> orderedAfter,
        List<String> bridges, int wave, String why) {

    /** Everything this step waits for, hard and soft. */
    public List<String> waitsFor() {
        return java.util.stream.Stream.concat(requires.stream(), orderedAfter.stream()).distinct().toList();
    }
}
