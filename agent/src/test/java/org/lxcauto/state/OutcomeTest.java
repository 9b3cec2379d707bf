package org.lxcauto.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** "Is it up": ready or adopted, and nothing else; one definition for the CLI, the daemon and the reports. */
class OutcomeTest {

    @Test
    void onlyReadyAndAdoptedAreUp() {
        EnumSet<Outcome> up = EnumSet.noneOf(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            if (outcome.isUp()) {
                up.add(outcome);
            }
        }
        assertEquals(EnumSet.of(Outcome.READY, Outcome.ADOPTED), up);
    }

    @Test
    void runRecordSaysWhetherOneContainerIsUp() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        RunRecord run = new RunRecord("start", t, t, 2, List.of(
                new ContainerRecord("db", Outcome.ADOPTED, List.of(), t, t, t, null, null),
                new ContainerRecord("web", Outcome.FAILED, List.of("db"), t, null, null, null, "not ready")), List.of(), List.of());
        assertTrue(run.isUp("db"));
        assertFalse(run.isUp("web"));
        assertFalse(run.isUp("cache"));
    }
}
