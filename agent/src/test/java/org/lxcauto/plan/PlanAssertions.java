package org.lxcauto.plan;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

/** What planner tests look up in a plan, failing with the plan's contents when it is not there. */
final class PlanAssertions {

    private PlanAssertions() {
    }

    static Optional<Exclusion> exclusion(Plan plan, String name) {
        return plan.excluded().stream().filter(x -> x.name().equals(name)).findFirst();
    }

    static Exclusion excluded(Plan plan, String name) {
        return exclusion(plan, name).orElseThrow(() -> new AssertionError("'" + name + "' not excluded: " + plan));
    }

    static Step step(Plan plan, String name) {
        return plan.step(name).orElseThrow(() -> new AssertionError("no step '" + name + "' in " + plan.names()));
    }

    /** Asserts that {@code first} comes before {@code then} in the plan's dispatch order. */
    static void assertBefore(Plan plan, String first, String then) {
        List<String> names = plan.names();
        assertTrue(names.contains(first) && names.contains(then) && names.indexOf(first) < names.indexOf(then),
                () -> "expected '" + first + "' before '" + then + "' in " + names);
    }
}
