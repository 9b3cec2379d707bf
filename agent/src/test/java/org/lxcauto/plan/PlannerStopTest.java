package org.lxcauto.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lxcauto.config.Entries.config;
import static org.lxcauto.config.Entries.e;
import static org.lxcauto.plan.PlanAssertions.assertBefore;
import static org.lxcauto.plan.PlanAssertions.excluded;
import static org.lxcauto.plan.PlanAssertions.step;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lxcauto.config.Configuration;
import org.lxcauto.config.Entries;
import org.lxcauto.config.Problem;

/**
 * Planner.stop: dependents first, unlisted containers, selections and cycles
 * (docs/boot-and-shutdown.md, shutdown).
 */
class PlannerStopTest {

    private static Plan stopAll(Configuration config, Set<String> running) {
        return Planner.stop(config, running, true, Selection.all());
    }

    @Test
    void dependentsStopFirst() {
        Plan plan = stopAll(config(e("a"), e("b").after("a"), e("c").wants("b")), Set.of("a", "b", "c"));
        assertEquals(Plan.Direction.STOP, plan.direction());
        assertEquals(List.of("c", "b", "a"), plan.names());
        assertEquals(List.of("b"), step(plan, "a").orderedAfter());
        assertEquals(List.of("c"), step(plan, "b").orderedAfter());
        assertEquals(List.of(), step(plan, "c").orderedAfter());
        plan.steps().forEach(s -> assertEquals(List.of(), s.requires(), "a stop never depends on another succeeding"));
        assertEquals(List.of(0, 1, 2), plan.steps().stream().map(Step::wave).toList());
        assertTrue(step(plan, "a").why().startsWith("running; lxc-auto entry /etc/lxc/auto/a.conf:1"), step(plan, "a")::why);
    }

    @Test
    void diamondStopsInReverse() {
        Plan plan = stopAll(config(e("a"), e("b").after("a"), e("c").after("a"), e("d").after("b", "c")),
                Set.of("a", "b", "c", "d"));
        assertEquals("d", plan.names().get(0));
        assertEquals("a", plan.names().get(3));
        assertEquals(Set.of("b", "c"), Set.copyOf(step(plan, "a").orderedAfter()));
    }

    @Test
    void independentContainersStopInReversePriority() {
        Plan plan = stopAll(config(e("x").order(1), e("y").order(2), e("l").lxcKeys(1, 0, 0)), Set.of("x", "y", "l"));
        assertEquals(List.of("l", "y", "x"), plan.names());
    }

    @Test
    void onlyRunningContainersAreStopped() {
        Plan plan = stopAll(config(e("a"), e("b").after("a")), Set.of("a"));
        assertEquals(List.of("a"), plan.names());
        assertEquals(List.of(), step(plan, "a").orderedAfter());
    }

    @Test
    void unlistedRunningContainersOnlyWhenAsked() {
        Configuration config = config(e("a"));
        Plan with = Planner.stop(config, Set.of("a", "manual"), true, Selection.all());
        assertEquals(Set.of("a", "manual"), Set.copyOf(with.names()));
        Step manual = step(with, "manual");
        assertNull(manual.entry());
        assertEquals("running, not autostarted (stop-unlisted = yes)", manual.why());

        Plan without = Planner.stop(config, Set.of("a", "manual"), false, Selection.all());
        assertEquals(List.of("a"), without.names());
        Exclusion x = excluded(without, "manual");
        assertFalse(x.failure());
        assertTrue(x.reason().contains("stop-unlisted = no"), x::reason);
    }

    @Test
    void runningContainerWithBrokenConfigIsStoppedAnyway() {
        Problem problem = Problem.error(Path.of("/etc/lxc/auto/db.conf"), 2, "db", "invalid ready 'x'");
        Plan plan = Planner.stop(config(Map.of("db", problem), e("web")), Set.of("db", "web"), false, Selection.all());
        assertEquals(Set.of("db", "web"), Set.copyOf(plan.names()));
        assertEquals("running; its autostart configuration is broken", step(plan, "db").why());
    }

    @Test
    void selectionStopsRunningDependentsFirst() {
        Configuration config = config(e("db"), e("web").after("db"), e("app").after("web"), e("x"), e("idle").after("db"));
        Plan plan = Planner.stop(config, Set.of("db", "web", "app", "x"), true, Selection.only(Set.of("db"), "stop db"));
        assertEquals(List.of("app", "web", "db"), plan.names());
        assertEquals(List.of("web"), step(plan, "db").orderedAfter());
    }

    @Test
    void twoMemberCycleIsBrokenAndBothStop() {
        Plan plan = stopAll(config(e("a").after("b"), e("b").after("a"), e("c").after("a")), Set.of("a", "b", "c"));
        assertEquals(Set.of("a", "b", "c"), Set.copyOf(plan.names()));
        assertBefore(plan, "c", "a");
    }

    @Test
    void threeMemberCycleIsBrokenAndAllStop() {
        Plan plan = stopAll(config(e("a").after("b"), e("b").after("c"), e("c").after("a"), e("d").after("a")),
                Set.of("a", "b", "c", "d"));
        assertEquals(Set.of("a", "b", "c", "d"), Set.copyOf(plan.names()));
        assertBefore(plan, "d", "a");
    }

    @Test
    void longChainStopsLastFirst() {
        int n = 10_000;
        Entries.Spec[] entries = new Entries.Spec[n];
        Set<String> running = new HashSet<>();
        for (int i = 0; i < n; i++) {
            entries[i] = i == 0 ? e("c0") : e("c" + i).after("c" + (i - 1));
            running.add("c" + i);
        }
        Plan plan = stopAll(config(entries), running);
        assertEquals(n, plan.steps().size());
        assertEquals("c9999", plan.names().get(0));
        assertEquals("c0", plan.names().get(n - 1));
    }
}
