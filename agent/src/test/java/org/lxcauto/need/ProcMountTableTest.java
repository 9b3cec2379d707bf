package org.lxcauto.need;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading {@code /proc/self/mountinfo}. */
class ProcMountTableTest {

    @TempDir
    Path dir;

    @Test
    void theFifthFieldIsTheMountPointWithItsEscapesDecoded() {
        String mountinfo = "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
                + "40 22 0:35 / /srv/my\\040data rw - tmpfs tmpfs rw\n"
                + "41 22 0:36 / /srv/back\\134slash rw - tmpfs tmpfs rw\n"
                + "garbage\n";
        assertEquals(Set.of(Path.of("/"), Path.of("/srv/my data"), Path.of("/srv/back\\slash")),
                ProcMountTable.parse(mountinfo));
    }

    @Test
    void theRealTableHasTheRoot() throws IOException {
        assertTrue(new ProcMountTable().mountPoints().contains(Path.of("/")));
    }

    @Test
    void aTableLargerThanTheLimitIsRefused() throws IOException {
        Path big = dir.resolve("mountinfo");
        Files.write(big, new byte[ProcMountTable.MAX_BYTES + 1]);
        IOException e = assertThrows(IOException.class, () -> new ProcMountTable(big).mountPoints());
        assertTrue(e.getMessage().endsWith("is larger than 16 MiB"), e.getMessage());
    }
}
