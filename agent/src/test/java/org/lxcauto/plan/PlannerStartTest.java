package org.lxcauto.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lxcauto.config.Entries.config;
import static org.lxcauto.config.Entries.e;
import static org.lxcauto.plan.PlanAssertions.assertBefore;
import static org.lxcauto.plan.PlanAssertions.excluded;
import static org.lxcauto.plan.PlanAssertions.exclusion;
import static org.lxcauto.plan.PlanAssertions.step;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lxcauto.config.Configuration;
import org.lxcauto.config.Entries;
import org.lxcauto.config.Problem;
import org.lxcauto.config.Target;
import org.lxcauto.config.TempConfig;

/** Planner.start: ordering, waves, exclusions and selections (docs/boot-and-shutdown.md, boot). */
class PlannerStartTest {

    private static Plan start(Configuration config) {
        return Planner.start(config, Selection.all());
    }

    @Test
    void diamondIsTopologicalThenByOrder() {
        Plan plan = start(config(e("d").after("b", "c"), e("b").after("a").order(2), e("c").after("a").order(1), e("a")));
        assertEquals(Plan.Direction.START, plan.direction());
        assertEquals(List.of("a", "c", "b", "d"), plan.names());
        assertEquals(List.of(0, 1, 1, 2), plan.steps().stream().map(Step::wave).toList());
        assertEquals(List.of(List.of("a"), List.of("c", "b"), List.of("d")),
                plan.waves().stream().map(w -> w.stream().map(Step::name).toList()).toList());
        assertEquals(List.of("b", "c"), step(plan, "d").requires());
        assertEquals(List.of(), plan.excluded());
    }

    @Test
    void freeContainersGoByGroupRankThenOrderThenName() {
        Plan plan = start(config(e("m").order(5), e("k").order(5), e("x"), e("l").lxcKeys(1, -10, 0),
                e("n").lxcKeys(0, 3, 0), e("q").after("p"), e("p").order(9), e("r").order(1)));
        // q has order 0 but must wait for p.
        assertEquals(List.of("x", "r", "n", "k", "m", "p", "q", "l"), plan.names());
    }

    @Test
    void chainGetsOneWavePerLink() {
        Plan plan = start(config(e("c").after("b"), e("b").after("a"), e("a").order(100), e("z")));
        assertEquals(List.of("z", "a", "b", "c"), plan.names());
        assertEquals(2, step(plan, "c").wave());
        assertEquals(0, step(plan, "z").wave());
    }

    @Test
    void missingSoftDependencyIsIgnored() {
        Plan plan = start(config(e("web").wants("metrics", "db"), e("db").order(50)));
        assertEquals(List.of("db", "web"), plan.names());
        assertEquals(List.of("db"), step(plan, "web").orderedAfter());
        assertEquals(List.of(), step(plan, "web").requires());
        assertEquals(List.of(), plan.excluded());
    }

    @Test
    void missingHardDependencyExcludesWithAReasonNamingIt() {
        Plan plan = start(config(e("web").after("db"), e("other")));
        assertEquals(List.of("other"), plan.names());
        Exclusion x = excluded(plan, "web");
        assertTrue(x.failure());
        assertTrue(x.reason().contains("needs 'db', which is not an autostart container"), x::reason);
        assertTrue(x.reason().contains("/etc/lxc/auto/web.conf:1"), x::reason);
    }

    @Test
    void brokenHardDependencyIsQuotedInTheReason() {
        Problem problem = Problem.error(Path.of("/etc/lxc/auto/db.conf"), 3, "db", "unknown key 'afer'");
        Plan plan = start(config(Map.of("db", problem), e("web").after("db")));
        Exclusion x = excluded(plan, "web");
        assertTrue(x.failure());
        assertTrue(x.reason().contains("needs 'db', whose configuration is unusable (/etc/lxc/auto/db.conf:3: unknown key"),
                x::reason);
    }

    @Test
    void brokenContainersAreExcludedInNameOrderWhateverOrderTheyWereFoundIn() {
        Map<String, Problem> found = new java.util.LinkedHashMap<>();
        for (String name : List.of("zeta", "alpha", "mu", "beta")) {
            found.put(name, Problem.error(Path.of("/etc/lxc/auto/" + name + ".conf"), 1, name, "unknown key 'x'"));
        }
        Plan plan = start(config(found));
        assertEquals(List.of("alpha", "beta", "mu", "zeta"), plan.excluded().stream().map(Exclusion::name).toList());
    }

    @Test
    void cycleExcludesEveryMemberNamingTheWholeLoop() {
        Plan plan = start(config(e("a").after("b"), e("b").after("c"), e("c").after("a"), e("d").after("c"), e("e")));
        assertEquals(List.of("e"), plan.names());
        for (String member : List.of("a", "b", "c")) {
            Exclusion x = excluded(plan, member);
            assertTrue(x.failure());
            assertTrue(x.reason().startsWith("dependency cycle: a -> b -> c -> a"), x::reason);
        }
        Exclusion d = excluded(plan, "d");
        assertTrue(d.failure());
        assertTrue(d.reason().contains("needs 'c'") && d.reason().contains("dependency cycle"), d::reason);
    }

    @Test
    void softCycleIsACycleToo() {
        Plan plan = start(config(e("x").wants("y"), e("y").wants("x"), e("z").wants("x")));
        assertEquals(List.of("z"), plan.names());
        assertTrue(excluded(plan, "x").reason().contains("x -> y -> x"));
        assertEquals(List.of(), step(plan, "z").orderedAfter());
    }

    @Test
    void everyMemberOfAKnotIsNamed() {
        Plan plan = start(config(e("a").wants("b", "c"), e("b").wants("a"), e("c").wants("a")));
        assertEquals(List.of(), plan.names());
        for (String member : List.of("a", "b", "c")) {
            Exclusion x = excluded(plan, member);
            assertTrue(x.reason().startsWith("dependency cycle"), x::reason);
            assertTrue(x.reason().contains("b") && x.reason().contains("c"), x::reason);
        }
    }

    @Test
    void exclusionPropagatesToHardDependentsOnly() {
        Plan plan = start(config(e("a").after("missing"), e("b").after("a"), e("c").after("b"), e("d").wants("c")));
        assertEquals(List.of("d"), plan.names());
        assertEquals(List.of(), step(plan, "d").orderedAfter());
        Exclusion c = excluded(plan, "c");
        assertTrue(c.failure());
        assertTrue(c.reason().startsWith("needs 'b', which will not be started (needs 'a'"), c::reason);
        assertTrue(c.reason().contains("needs 'missing'"), c::reason);
    }

    @Test
    void selectionPullsInHardDependenciesAndLeavesOthersOut() {
        Configuration config = config(e("web").after("db").wants("cache"), e("db").after("base"), e("base"),
                e("cache"), e("other"), e("broken").after("nowhere"));
        Plan plan = Planner.start(config, Selection.only(Set.of("web"), "start web"));
        assertEquals(List.of("base", "db", "web"), plan.names());
        assertEquals(List.of(), step(plan, "web").orderedAfter());
        assertFalse(step(plan, "web").why().contains("needed by"), step(plan, "web")::why);
        assertTrue(step(plan, "db").why().endsWith("needed by a selected container"), step(plan, "db")::why);
        for (String other : List.of("cache", "other")) {
            Exclusion x = excluded(plan, other);
            assertFalse(x.failure());
            assertEquals("not selected (start web)", x.reason());
        }
        assertTrue(excluded(plan, "broken").failure());
    }

    @Test
    void selectedContainerThatCannotStartStaysAFailure() {
        Plan plan = Planner.start(config(e("web").after("db")), Selection.only(Set.of("web"), "start web"));
        assertEquals(List.of(), plan.names());
        assertTrue(excluded(plan, "web").failure());
    }

    @Test
    void startDelayOrdersLaterLxcKeysContainersAfterTheDelayedOne() {
        Plan plan = start(config(e("a").lxcKeys(0, 1, 5), e("b").lxcKeys(0, 2, 0), e("c").lxcKeys(0, 3, 3),
                e("d").lxcKeys(0, 4, 0), e("g").lxcKeys(1, 0, 0), e("x")));
        assertEquals(List.of(), step(plan, "a").orderedAfter());
        assertEquals(List.of("a"), step(plan, "b").orderedAfter());
        assertEquals(List.of("a"), step(plan, "c").orderedAfter());
        assertEquals(List.of("c"), step(plan, "d").orderedAfter());
        assertEquals(List.of("c"), step(plan, "g").orderedAfter());
        assertEquals(List.of(), step(plan, "x").orderedAfter());
        assertEquals(List.of(), step(plan, "b").requires());
        assertEquals(2, step(plan, "d").wave());
        assertTrue(step(plan, "a").why().startsWith("lxc.start.auto = 1 in /var/lib/lxc/a/config"));
    }

    @Test
    void linksBecomeBridges() {
        Plan plan = start(config(e("web").links("br0", "br1"), e("db")));
        assertEquals(List.of("br0", "br1"), step(plan, "web").bridges());
        assertEquals(List.of(), step(plan, "db").bridges());
    }

    @Test
    void aDomainJoinsTheGraphWithoutBridges() {
        Plan plan = start(config(e("web").after("vm").links("br0"), e("vm").domain("qemu:///system").after("db"),
                e("db").links("br1")));
        assertEquals(List.of("db", "vm", "web"), plan.names());
        assertEquals(List.of(0, 1, 2), plan.steps().stream().map(Step::wave).toList());
        assertEquals(List.of(), step(plan, "vm").bridges(), "libvirt creates a domain's devices itself");
        assertEquals(List.of("br0"), step(plan, "web").bridges());
        assertEquals(new Target.Domain("qemu:///system"), step(plan, "vm").entry().target());
    }

    @Test
    void planFromTheLoaderAgreesWithLxcAutostartOrder(@TempDir Path root) {
        TempConfig t = new TempConfig(root);
        t.container("zeta", "lxc.start.auto = 1", "lxc.group = onboot", "lxc.start.order = 2",
                "lxc.net.0.type = veth", "lxc.net.0.link = lxcbr0");
        t.container("alpha", "lxc.start.auto = 1", "lxc.start.order = 1");
        t.container("beta", "lxc.start.auto = 1", "lxc.group = onboot", "lxc.start.order = 7");
        t.container("gamma", "lxc.start.auto = 1", "lxc.group = onboot", "lxc.start.order = 2", "lxc.start.delay = 4");
        t.container("db");
        t.entry("db.conf", "[container]", "order = 100");
        t.entry("web.conf", "[container]", "after = db", "wants = zeta");
        t.container("web", "lxc.net.0.type = veth", "lxc.net.0.link = br-web");
        Plan plan = start(t.load());
        // lxc-autostart -g onboot, order: gamma (delay 4), zeta, beta, then alpha (no group).
        assertEquals(List.of("gamma", "zeta", "beta", "db", "web", "alpha"), plan.names());
        assertEquals(List.of("lxcbr0"), step(plan, "zeta").bridges());
        assertEquals(List.of("br-web"), step(plan, "web").bridges());
        assertEquals(List.of("gamma"), step(plan, "zeta").orderedAfter());
        assertEquals(List.of("gamma"), step(plan, "alpha").orderedAfter());
        assertEquals(List.of("db"), step(plan, "web").requires());
        assertEquals(List.of("zeta"), step(plan, "web").orderedAfter());
    }

    @Test
    void longChainDoesNotOverflowTheStack() {
        int n = 10_000;
        Entries.Spec[] entries = new Entries.Spec[n];
        for (int i = 0; i < n; i++) {
            entries[i] = i == 0 ? e("c0") : e("c" + i).after("c" + (i - 1));
        }
        Plan plan = start(config(entries));
        assertEquals(n, plan.steps().size());
        assertEquals("c0", plan.names().get(0));
        assertEquals("c9999", plan.names().get(n - 1));
        assertEquals(n - 1, plan.steps().get(n - 1).wave());
        assertTrue(exclusion(plan, "c1").isEmpty());
    }

    @Test
    void longCycleIsFoundWithoutOverflow() {
        int n = 2_000; // every member's reason quotes the whole loop, so keep it modest
        Entries.Spec[] entries = new Entries.Spec[n];
        for (int i = 0; i < n; i++) {
            entries[i] = e("c" + i).after("c" + ((i + 1) % n));
        }
        Plan plan = start(config(entries));
        assertEquals(0, plan.steps().size());
        assertEquals(n, plan.excluded().size());
    }
}
