package org.lxcauto.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** {@link ContainerExit} read from the lines LXC logs when a container's init ends. */
class ContainerExitTest {

    private static final String PREFIX = "lxc-start job 20261207131820.566 INFO     error - ../src/lxc/error.c:"
            + "lxc_error_set_and_log:31 - ";

    @Test
    void anErrorStatusIsAFailureWithItsNumber() {
        ContainerExit exit = ContainerExit.fromLogLine(PREFIX + "Child <22658> ended on error (3)");
        assertEquals(ContainerExit.Cause.FAILED, exit.cause());
        assertEquals("Child <22658> ended on error (3)", exit.detail());
        assertEquals(OptionalInt.of(3), exit.exitStatus());
    }

    @Test
    void statusZeroIsWhatNoLineMeans() {
        assertEquals(OptionalInt.of(0), new ContainerExit(ContainerExit.Cause.EXITED, "init exited with status 0").exitStatus());
    }

    @Test
    void signalsAndUnknownEndsHaveNoStatus() {
        assertEquals(OptionalInt.empty(), ContainerExit.fromLogLine(PREFIX + "Child <1> ended on signal Killed(9)").exitStatus());
        assertEquals(OptionalInt.empty(), ContainerExit.fromLogLine(PREFIX + "Child <1> ended on signal Interrupt(2)").exitStatus());
        assertEquals(OptionalInt.empty(), ContainerExit.fromLogLine(null).exitStatus());
    }
}
