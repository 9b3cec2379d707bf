package org.lxcauto.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A process's start from /proc: parsed from fixtures, and read for this very JVM. */
class ProcessStartsTest {

    private static final String PROC_STAT = "cpu  1 2 3 4\nintr 5\nbtime 1765000000\nprocesses 42\n";

    @Test
    void addsTheStartTicksToTheBootTime() {
        // A command name with spaces and parentheses: the fields are counted after the last ')'.
        String pidStat = "4242 (init (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 12345 1000 50";

        assertEquals(Optional.of(Instant.ofEpochSecond(1_765_000_000L).plusMillis(123_450)),
                ProcessStarts.parse(PROC_STAT, pidStat));
    }

    @Test
    void saysNothingOfWhatItCannotRead() {
        assertEquals(Optional.empty(), ProcessStarts.parse("cpu 1\n", "1 (x) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 1 1"));
        assertEquals(Optional.empty(), ProcessStarts.parse(PROC_STAT, "1 (x) S 1"));
        assertEquals(Optional.empty(), ProcessStarts.of(Long.MAX_VALUE));
        assertThrows(NumberFormatException.class, () -> ProcessStarts.parse("btime soon\n", "1 (x) S"),
                "of() turns this into 'nothing to say'");
    }

    @Test
    void thisJvmStartedWhenTheKernelSays() {
        Instant expected = ProcessHandle.current().info().startInstant().orElseThrow();

        Instant read = ProcessStarts.of(ProcessHandle.current().pid()).orElseThrow();

        assertTrue(Duration.between(expected, read).abs().compareTo(Duration.ofSeconds(2)) < 0, expected + " vs " + read);
    }
}
