package org.lxcauto.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What is not a small regular text file is refused by name, at once: never a hang, never an OOM. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConfigFilesTest {

    @TempDir
    Path dir;

    private static String refusal(Path file) {
        return assertThrows(ConfigFiles.Unreadable.class, () -> ConfigFiles.text(file, StandardCharsets.UTF_8)).getMessage();
    }

    @Test
    void fifoIsRefusedWithoutOpeningIt() throws Exception {
        Path fifo = dir.resolve("web.conf");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        assertTrue(refusal(fifo).startsWith("is a FIFO (named pipe), not a regular file"), refusal(fifo));
    }

    @Test
    void directoryIsRefused() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("web.conf"));
        assertTrue(refusal(sub).startsWith("is a directory, not a regular file"), refusal(sub));
    }

    @Test
    void socketIsRefused() throws IOException {
        Path socket = dir.resolve("web.conf");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            assertTrue(refusal(socket).startsWith("is a socket"), refusal(socket));
        }
    }

    @Test
    void deviceIsRefused() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("web.conf"), Path.of("/dev/zero"));
        assertTrue(refusal(link).startsWith("is a character device"), refusal(link));
    }

    @Test
    void fileOverTheLimitIsRefusedBeforeItIsRead() throws IOException {
        Path big = dir.resolve("big.conf");
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(60L << 20); // sparse: 60 MB that cost no disk
        }
        assertEquals("is 62914560 bytes, more than the 1 MiB a configuration file may have; is it the right file?",
                refusal(big));
    }

    @Test
    void binaryDataIsRefusedAtItsLine() throws IOException {
        Path file = dir.resolve("bin.conf");
        Files.write(file, new byte[] {'[', 'c', ']', '\n', 'a', 0, 'b'});
        ConfigFiles.Unreadable e = assertThrows(ConfigFiles.Unreadable.class, () -> ConfigFiles.text(file, StandardCharsets.UTF_8));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().startsWith("binary data (a NUL byte at offset 5)"), e.getMessage());
    }

    @Test
    void invalidUtf8IsRefusedAtItsLine() throws IOException {
        Path file = dir.resolve("latin1.conf");
        Files.write(file, "[container]\n; caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        ConfigFiles.Unreadable e = assertThrows(ConfigFiles.Unreadable.class, () -> ConfigFiles.text(file, StandardCharsets.UTF_8));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("iconv -f latin1 -t utf-8 " + file), e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        assertTrue(refusal(dir.resolve("absent.conf")).startsWith("cannot read: no such file"));
    }

    @Test
    void smallTextFileIsRead() throws Exception {
        Path file = dir.resolve("ok.conf");
        Files.writeString(file, "[container]\nname = web\n");
        assertEquals("[container]\nname = web\n", ConfigFiles.text(file, StandardCharsets.UTF_8));
    }
}
