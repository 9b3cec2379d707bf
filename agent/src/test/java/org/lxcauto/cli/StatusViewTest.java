package org.lxcauto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lxcauto.config.Problem;
import org.lxcauto.lifecycle.StatusSnapshot;
import org.lxcauto.system.FakeClock;

/** The {@code status} table as people read it: durations counted to the clock's now, widths from the content. */
class StatusViewTest {

    private final FakeClock clock = new FakeClock();
    private final Instant booted = clock.now();

    private StatusSnapshot snapshot(String error) {
        return new StatusSnapshot(true, null, null,
                List.of(new StatusSnapshot.InterfaceRow("lxcbr0", "kernel", "up (operstate UP)", "/etc/lxc/lxc-auto.conf:6",
                        null)),
                List.of(new StatusSnapshot.Row("web", "running", "10.0.3.12", booted, 1843L, "ready", null,
                                "lxc-auto entry", "SIGPWR", null, 0),
                        new StatusSnapshot.Row("db", "running", "10.0.3.13", booted.plus(Duration.ofMinutes(192).minusSeconds(45)),
                                512L, "ready", null, "lxc-auto entry", "SIGRTMIN+3", null, 1),
                        new StatusSnapshot.Row("postfix-frontend-eu", "stopped", null, null, null, "failed", error,
                                "lxc.start.auto", "SIGPWR", null, 0)),
                null, null);
    }

    private static final String ERROR = "Cannot start 'postfix-frontend-eu': bridge 'br-mail' is not up:\n"
            + "  NetworkManager says 'unavailable'; check 'nmcli device status'";

    @Test
    void tableTellsHowLongEachContainerHasBeenReadyAndHowOftenItWasRestarted() {
        clock.advance(Duration.ofMinutes(192).plusSeconds(30));
        Map<String, Problem> broken = Map.of("bad", Problem.error(Path.of("/etc/lxc/auto/bad.conf"), 4, "bad",
                "unknown key 'afer'; did you mean 'after'?"));

        String text = StatusView.text(snapshot(ERROR), broken, clock.now(), false);

        assertEquals("""
                daemon: running
                last boot: none recorded

                INTERFACE  MANAGER  STATE              LAST ERROR
                lxcbr0     kernel   up (operstate UP)  -

                CONTAINER            STATE    READY FOR  RESTARTS  IPV4         BOOT  HALT        LAST ERROR
                web                  running  3h 12min          0  10.0.3.12  1.843s  SIGPWR      -
                db                   running  1min 15s          1  10.0.3.13  0.512s  SIGRTMIN+3  -
                postfix-frontend-eu  stopped  -                 0  -               -  SIGPWR      bridge 'br-mail' is not up: NetworkMa...
                bad                  broken   -                 -  -               -  -           /etc/lxc/auto/bad.conf:4: unknown key...

                Some errors are shortened (...); 'lxc-auto status --full' or '--json' shows them whole.
                """, text);
    }

    @Test
    void fullPrintsErrorsWholeOnOneLine() {
        String text = StatusView.text(snapshot(ERROR), Map.of(), clock.now(), true);

        assertTrue(text.contains("SIGPWR      bridge 'br-mail' is not up:"
                + " NetworkManager says 'unavailable'; check 'nmcli device status'\n"), text);
        assertTrue(!text.contains("shortened"), text);
    }

    @Test
    void withoutADaemonRestartsAreUnknownAndTheReadyTimeStillCounts() {
        StatusSnapshot alone = new StatusSnapshot(false, null, null, List.of(),
                List.of(new StatusSnapshot.Row("web", "running", null, booted, 1843L, "ready", null, "lxc-auto entry",
                        "SIGPWR", null, null)),
                null, null);
        clock.advance(Duration.ofDays(2).plusHours(4).plusMinutes(59));

        assertEquals("""
                daemon: not running
                last boot: none recorded

                CONTAINER  STATE    READY FOR  RESTARTS  IPV4    BOOT  HALT    LAST ERROR
                web        running  2d 4h             -  -     1.843s  SIGPWR  -
                """, StatusView.text(alone, Map.of(), clock.now(), false));
    }

    @Test
    void aContainerHeldBackForItsNeedsSaysWhatForWhole() {
        StatusSnapshot waiting = new StatusSnapshot(true, null, null, List.of(),
                List.of(new StatusSnapshot.Row("web", "stopped", null, null, null, null, null, "lxc-auto entry", "SIGPWR",
                        List.of("mount:/srv/data", "tcp:db:5432", "mount:/srv/a/path/long/enough/to/be/cut/if/it/were/an/error"),
                        0)),
                null, null);

        assertTrue(StatusView.text(waiting, Map.of(), clock.now(), false).contains(
                "web        waiting  -                 0  -        -  SIGPWR  waiting for mount:/srv/data tcp:db:5432"
                + " mount:/srv/a/path/long/enough/to/be/cut/if/it/were/an/error\n"),
                StatusView.text(waiting, Map.of(), clock.now(), false));
    }

    @Test
    void theDaemonSaysHowLongItHasRun() {
        StatusSnapshot snapshot = new StatusSnapshot(true, null, null, List.of(), List.of(), null, booted);
        clock.advance(Duration.ofMinutes(75));

        String first = StatusView.text(snapshot, Map.of(), clock.now(), false).lines().findFirst().orElseThrow();

        assertTrue(first.matches("daemon: running since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\(1h 15min\\)"), first);
    }

    @Test
    void elapsedSaysTheTwoLargestUnits() {
        assertEquals(List.of("0s", "45s", "1min", "5min 3s", "1h", "3h 12min", "1d", "2d 4h", "0s"),
                List.of(Duration.ofMillis(400), Duration.ofSeconds(45), Duration.ofSeconds(60), Duration.ofSeconds(303),
                        Duration.ofHours(1), Duration.ofMinutes(192).plusSeconds(59), Duration.ofDays(1).plusMinutes(3),
                        Duration.ofHours(52), Duration.ofSeconds(-5)).stream().map(StatusView::elapsed).toList());
    }
}
