package org.lxcauto.plan;

import java.util.List;
import java.util.Optional;

/**
 * What a boot or shutdown will do, computed without touching the system.
 *
 * @param direction start or stop
 * @param steps the containers to act on, in dispatch order: a topological order of the
 *     dependencies that, among steps free to run, takes the lowest (group, order, name) first
 * @param excluded containers named in the configuration that will not be acted on, and why
 */
public record Plan(Direction direction, List<Step> steps, List<Exclusion> excluded) {

    /** Start (boot) or stop (shutdown). */
    public enum Direction { START, STOP }

    public Optional<Step> step(String name) {
        return steps.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The steps grouped by wave: wave N can run once waves before it are done. */
    public List<List<Step>> waves() {
        int max = steps.stream().mapToInt(Step::wave).max().orElse(-1);
        return java.util.stream.IntStream.rangeClosed(0, max)
                .mapToObj(w -> steps.stream().filter(s -> s.wave() == w).toList())
                .toList();
    }

    public List<String> names() {
        return steps.stream().map(Step::name).toList();
    }
}
