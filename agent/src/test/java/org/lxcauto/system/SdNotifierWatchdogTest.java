package org.lxcauto.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lxcauto.lifecycle.LogCapture;

/** How the daemon reads systemd's watchdog settings: sd_watchdog_enabled(3)'s rules. */
class SdNotifierWatchdogTest {

    private static final long OURS = 4242;

    @Test
    void theTimeoutIsOursWhenThePidIsOursOrUnset() {
        assertEquals(Optional.of(Duration.ofSeconds(2)),
                SdNotifier.watchdogTimeout(Map.of("WATCHDOG_USEC", "2000000", "WATCHDOG_PID", "4242"), OURS));
        assertEquals(Optional.of(Duration.ofMillis(1500)), SdNotifier.watchdogTimeout(Map.of("WATCHDOG_USEC", "1500000"), OURS));
    }

    @Test
    void noWatchdogWithoutTheVariableOrForAnotherProcess() {
        assertEquals(Optional.empty(), SdNotifier.watchdogTimeout(Map.of(), OURS));
        assertEquals(Optional.empty(), SdNotifier.watchdogTimeout(Map.of("WATCHDOG_PID", "4242"), OURS));
        // A child of the watched process inherits both variables: the keep-alives are not its to send.
        assertEquals(Optional.empty(),
                SdNotifier.watchdogTimeout(Map.of("WATCHDOG_USEC", "2000000", "WATCHDOG_PID", "4241"), OURS));
    }

    @Test
    void aValueThatIsNoNumberIsReportedAndDisablesTheWatchdog() {
        record Case(Map<String, String> environment, String quoted) {
        }
        for (Case c : List.of(new Case(Map.of("WATCHDOG_USEC", "30s"), "WATCHDOG_USEC='30s'"),
                new Case(Map.of("WATCHDOG_USEC", "0"), "WATCHDOG_USEC='0'"),
                new Case(Map.of("WATCHDOG_USEC", "-5"), "WATCHDOG_USEC='-5'"),
                new Case(Map.of("WATCHDOG_USEC", "99999999999999999999"), "WATCHDOG_USEC='99999999999999999999'"),
                new Case(Map.of("WATCHDOG_USEC", "2000000", "WATCHDOG_PID", "self"), "WATCHDOG_PID='self'"))) {
            try (LogCapture log = new LogCapture(SdNotifier.class)) {
                assertEquals(Optional.empty(), SdNotifier.watchdogTimeout(c.environment(), OURS), c.toString());
                assertEquals(1, log.lines().size(), log.all());
                assertTrue(log.lines().get(0).startsWith("WARN " + c.quoted() + " is not a"), log.all());
            }
        }
    }
}
