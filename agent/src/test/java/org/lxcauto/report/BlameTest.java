package org.lxcauto.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lxcauto.report.Records.boot;
import static org.lxcauto.report.Records.done;
import static org.lxcauto.report.Records.failed;
import static org.lxcauto.report.Records.ready;
import static org.lxcauto.report.Records.waited;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lxcauto.state.Outcome;
import org.lxcauto.state.RunRecord;

class BlameTest {

    @Test
    void theWaitForNeedsIsPartOfTimeToReadyAndSaid() {
        RunRecord run = boot(5_000,
                ready("db", 0, 1_000),
                waited(ready("web", 3_000, 3_500, "db"), 1_000, 3_000, "mount:/srv/data@3000", "tcp:db:5432@1200"),
                waited(failed("mail", Outcome.FAILED, "Cannot start 'mail': needs tcp:db:25, which did not accept"
                        + " a connection after 4s (start-timeout)"), 1_000, 5_000, "tcp:db:25"));
        assertEquals("""
                2.500s web (2.000s waiting for mount:/srv/data)
                1.000s db
                failed mail: Cannot start 'mail': needs tcp:db:25, which did not accept a connection after 4s (start-timeout)

                critical chain:
                web @1.000s +2.500s
                └─db @0.000s +1.000s
                """, Blame.render(run));
    }

    @Test
    void listsTimedContainersLongestFirstWithRightAlignedDurations() {
        RunRecord run = boot(12_000,
                ready("web", 2_104, 2_616, "db"),
                ready("db", 301, 2_104),
                ready("cache", 0, 10_250));

        List<String> lines = render(run);

        assertEquals("10.250s cache", lines.get(0));
        assertEquals(" 1.803s db", lines.get(1));
        assertEquals(" 0.512s web", lines.get(2));
    }

    @Test
    void criticalChainThroughDiamondFollowsTheLaterDependency() {
        // app waits for left and right, both wait for base; right is released later.
        RunRecord run = boot(5_000,
                ready("base", 0, 1_000),
                ready("left", 1_000, 1_500, "base"),
                ready("right", 1_000, 2_500, "base"),
                ready("app", 2_500, 3_000, "left", "right"));

        assertEquals(List.of("app", "right", "base"), Blame.criticalChain(run));
        String text = Blame.render(run);
        assertTrue(text.contains("critical chain:\n"
                + "app @2.500s +0.500s\n"
                + "└─right @1.000s +1.500s\n"
                + "  └─base @0.000s +1.000s\n"), text);
    }

    @Test
    void criticalChainPrefersTheLaterReleaseOverTheLaterEnd() {
        // fast ends first but its start delay releases app after slow does.
        RunRecord run = boot(5_000,
                done("fast", Outcome.READY, 0, 500, 3_000),
                ready("slow", 0, 2_000),
                ready("app", 3_000, 3_100, "slow", "fast"));

        assertEquals(List.of("app", "fast"), Blame.criticalChain(run));
    }

    @Test
    void criticalChainSkipsFailuresAndNamesMissingFromTheRecord() {
        RunRecord run = boot(5_000,
                ready("db", 0, 1_000),
                failed("cache", Outcome.FAILED, "readiness check timed out"),
                ready("web", 1_000, 1_200, "cache", "db", "excluded-one"));

        assertEquals(List.of("web", "db"), Blame.criticalChain(run));
    }

    @Test
    void listsFailedAndSkippedContainersAfterTimedOnesWithTheirError() {
        RunRecord run = boot(31_000,
                failed("cache", Outcome.FAILED, "Cannot start 'cache': bridge 'br0' not up after 30s\nsee nmcli"),
                ready("db", 0, 1_000),
                failed("web", Outcome.SKIPPED, "dependency 'cache' did not become ready", "cache"));

        List<String> lines = render(run);

        assertEquals(" 1.000s db", lines.get(0));
        assertEquals(" failed cache: Cannot start 'cache': bridge 'br0' not up after 30s see nmcli", lines.get(1));
        assertEquals("skipped web: dependency 'cache' did not become ready", lines.get(2));
        assertEquals(List.of("db"), Blame.criticalChain(run));
    }

    @Test
    void namesUnusualOutcomesNextToTheDuration() {
        RunRecord run = Records.shutdown(9_000,
                done("web", Outcome.FORCED, 0, 8_000, 8_000),
                done("db", Outcome.CLEAN, 8_000, 8_500, 8_500));

        List<String> lines = render(run);

        assertEquals("8.000s web (forced)", lines.get(0));
        assertEquals("0.500s db", lines.get(1));
    }

    @Test
    void emptyRecordSaysNothingWasStarted() {
        RunRecord run = new RunRecord("boot", Records.T0, Records.at(10), 0, List.of(),
                List.of(new RunRecord.Excluded("web", "autostart = no", false)), List.of());

        String text = Blame.render(run);

        assertTrue(text.startsWith("Nothing was started in this boot"), text);
        assertTrue(text.contains("excluded web: autostart = no"), text);
        assertFalse(text.contains("critical chain"), text);
        assertEquals(List.of(), Blame.criticalChain(run));
    }

    @Test
    void recordWithOnlyFailuresSaysNoChain() {
        RunRecord run = boot(1_000, failed("web", Outcome.FAILED, "lxc-start exited with 1"));

        assertTrue(Blame.render(run).contains("critical chain: none"), Blame.render(run));
    }

    private static List<String> render(RunRecord run) {
        return Blame.render(run).lines().toList();
    }
}
