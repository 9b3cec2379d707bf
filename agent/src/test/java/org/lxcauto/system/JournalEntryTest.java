package org.lxcauto.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** journald's native format, byte for byte, and which JOURNAL_STREAM values name standard error. */
class JournalEntryTest {

    @Test
    void plainValuesAreKeyEqualsValueLines() {
        byte[] bytes = new JournalEntry().add("MESSAGE", "web: ready in 812 ms (running)").add("PRIORITY", "6").bytes();
        assertEquals("MESSAGE=web: ready in 812 ms (running)\nPRIORITY=6\n", new String(bytes, StandardCharsets.UTF_8));
    }

    @Test
    void aValueWithANewlineTakesTheBinaryFormWithItsLittleEndianLength() {
        byte[] bytes = new JournalEntry().add("MESSAGE", "boom\nat x").add("PRIORITY", "3").bytes();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes("MESSAGE\n".getBytes(StandardCharsets.US_ASCII));
        expected.writeBytes(new byte[] {9, 0, 0, 0, 0, 0, 0, 0});
        expected.writeBytes("boom\nat x\nPRIORITY=3\n".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(expected.toByteArray(), bytes);
    }

    @Test
    void theLengthCountsBytesNotCharacters() {
        byte[] bytes = new JournalEntry().add("M", "é\n").bytes();
        assertEquals(3, bytes[2], "é is two bytes in UTF-8, plus the newline");
        assertEquals(2 + 8 + 3 + 1, bytes.length);
    }

    @Test
    void namesJournaldWouldRefuseAreMadeValid() {
        assertEquals("CONTAINER_NAME", JournalEntry.fieldName("container.name"));
        assertEquals("SECRET", JournalEntry.fieldName("_SECRET"), "a leading underscore is journald's own");
        assertEquals("FIELD_1X", JournalEntry.fieldName("1x"));
        assertEquals(64, JournalEntry.fieldName("x".repeat(100)).length());
    }

    @Test
    void journalStreamMatchesOnlyItsOwnDeviceAndInode() {
        assertTrue(JournalStream.names("9:7120420", 9, 7120420));
        assertFalse(JournalStream.names("9:7120421", 9, 7120420), "another stream (stderr redirected)");
        assertFalse(JournalStream.names("8:7120420", 9, 7120420));
        assertFalse(JournalStream.names("garbage", 9, 7120420));
        assertFalse(JournalStream.names("9:", 9, 7120420));
    }
}
