package org.lxcauto.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The lock file's one line, {@code PID KIND}. */
class LockHolderTest {

    @Test
    void readsWhatItWrites() {
        LockHolder start = new LockHolder(1234, "start web");
        assertEquals("1234 start web\n", start.line());
        assertEquals(Optional.of(start), LockHolder.parse(start.line()));
        assertEquals("lxc-auto start web", start.command());
        assertFalse(start.isDaemon());
        assertTrue(LockHolder.parse("77 daemon\n").orElseThrow().isDaemon());
    }

    @Test
    void anythingElseNamesNoHolder() {
        for (String content : new String[] {"", "\n", "1234", "1234 ", "x daemon", "-5 daemon", "0 boot"}) {
            assertEquals(Optional.empty(), LockHolder.parse(content), "'" + content + "'");
        }
    }

    @Test
    void aKindStaysOneLine() {
        assertEquals("9 start a?b\n", new LockHolder(9, "start a\nb").line());
    }
}
