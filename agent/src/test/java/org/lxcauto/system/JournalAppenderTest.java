package org.lxcauto.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * {@link JournalAppender} against a datagram socket bound in a temporary directory, standing in
 * for journald's: what a line becomes, and that a journal which does not take it (gone, or not
 * reading) neither loses the line nor holds the logger back. Real journald: SystemdJournalFieldsTest.
 */
@Timeout(20)
class JournalAppenderTest {

    @TempDir
    Path dir;

    private final LoggerContext context = new LoggerContext();
    private final Logger logger = context.getLogger("test");
    private final ListAppender<ILoggingEvent> stderr = new ListAppender<>();
    private Path path;
    private AFUNIXDatagramSocket journald;
    private JournalAppender appender;

    @BeforeEach
    void setUp() throws IOException {
        path = dir.resolve("socket");
        journald = bind();
        stderr.setContext(context);
        stderr.start();
        appender = new JournalAppender(path, stderr);
        appender.setContext(context);
        appender.start();
    }

    @AfterEach
    void tearDown() {
        appender.stop();
        journald.close();
    }

    private AFUNIXDatagramSocket bind() throws IOException {
        AFUNIXDatagramSocket socket = AFUNIXDatagramSocket.newInstance();
        socket.bind(AFUNIXSocketAddress.of(path));
        socket.setSoTimeout(5000);
        return socket;
    }

    private LoggingEvent line(Level level, String message) {
        return new LoggingEvent(getClass().getName(), logger, level, message, null, null);
    }

    private String received() throws IOException {
        byte[] buffer = new byte[65536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        journald.receive(packet);
        return new String(Arrays.copyOf(buffer, packet.getLength()), StandardCharsets.UTF_8);
    }

    @Test
    void aLineCarriesItsPriorityIdentifierAndKeyValuePairsAsFields() throws IOException {
        LoggingEvent event = line(Level.ERROR, "Cannot start 'web': bridge 'br9' not up after 30s");
        event.addKeyValuePair(new org.slf4j.event.KeyValuePair("CONTAINER_NAME", "web"));
        event.addKeyValuePair(new org.slf4j.event.KeyValuePair("LXC_AUTO_EVENT", "failed"));
        event.addKeyValuePair(new org.slf4j.event.KeyValuePair("LXC_AUTO_DURATION_MS", 30004L));
        appender.doAppend(event);

        assertEquals("MESSAGE=Cannot start 'web': bridge 'br9' not up after 30s\nPRIORITY=3\nSYSLOG_IDENTIFIER=lxc-auto\n"
                + "CONTAINER_NAME=web\nLXC_AUTO_EVENT=failed\nLXC_AUTO_DURATION_MS=30004\n", received());
        assertEquals(List.of(), stderr.list, "nothing went to standard error");
    }

    @Test
    void levelsBecomeSyslogPriorities() throws IOException {
        for (Level level : List.of(Level.WARN, Level.INFO, Level.DEBUG)) {
            appender.doAppend(line(level, "x"));
        }
        List<String> priorities = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            priorities.add(received().lines().filter(l -> l.startsWith("PRIORITY=")).findFirst().orElseThrow());
        }
        assertEquals(List.of("PRIORITY=4", "PRIORITY=6", "PRIORITY=7"), priorities);
    }

    @Test
    void aStackTraceGoesWithItsMessageInTheBinaryForm() throws IOException {
        LoggingEvent event = new LoggingEvent(getClass().getName(), logger, Level.ERROR, "internal error",
                new IllegalStateException("bug"), null);
        appender.doAppend(event);
        String got = received();
        assertTrue(got.startsWith("MESSAGE\n"), got);
        assertTrue(got.contains("internal error\njava.lang.IllegalStateException: bug\n"), got);
    }

    @Test
    void withJournaldGoneTheLineGoesToStandardErrorAndTheFieldsComeBackWithIt() throws IOException {
        appender.doAppend(line(Level.INFO, "first"));
        assertTrue(received().startsWith("MESSAGE=first\n"));

        journald.close();
        Files.delete(path);
        appender.doAppend(line(Level.INFO, "while away"));
        appender.doAppend(line(Level.INFO, "still away"));
        List<String> said = stderr.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(3, said.size(), said.toString());
        assertTrue(said.get(0).startsWith("Cannot log to the journal at " + path), said.get(0));
        assertEquals(List.of("while away", "still away"), said.subList(1, 3), "said once, then every line");

        journald = bind(); // journald restarted: a new socket at the same path
        appender.doAppend(line(Level.INFO, "back"));
        assertTrue(received().startsWith("MESSAGE=back\n"));
        assertEquals(3, stderr.list.size());
    }

    @Test
    void aBurstLargerThanJournaldsQueueKeepsItsFieldsWhileJournaldReads() throws InterruptedException {
        int lines = 3000; // more than net.unix.max_dgram_qlen (10 by default, 512 under systemd)
        java.util.concurrent.atomic.AtomicInteger got = new java.util.concurrent.atomic.AtomicInteger();
        Thread reader = new Thread(() -> {
            try {
                for (int i = 0; i <= lines; i++) {
                    received();
                    got.incrementAndGet();
                }
            } catch (IOException e) {
                // A timeout: the count below tells how many came.
            }
        });
        reader.start();
        appender.doAppend(line(Level.INFO, "first"));
        while (got.get() == 0 && reader.isAlive()) {
            Thread.onSpinWait(); // until the reader runs: journald is up and reading before the burst
        }
        for (int i = 0; i < lines; i++) {
            appender.doAppend(line(Level.INFO, "line " + i));
        }
        reader.join();
        assertEquals(List.of(), stderr.list.stream().map(ILoggingEvent::getFormattedMessage).limit(3).toList());
        assertEquals(lines + 1, got.get());
    }

    @Test
    void aJournalThatDoesNotReadNeverHoldsTheLoggerBack() throws SocketTimeoutException {
        long began = System.nanoTime();
        int lines = 5000;
        for (int i = 0; i < lines; i++) {
            appender.doAppend(line(Level.INFO, "line " + i + " " + "x".repeat(200)));
        }
        long millis = (System.nanoTime() - began) / 1_000_000;
        assertTrue(!stderr.list.isEmpty(), "a full queue sends lines to standard error");
        List<String> fallen = stderr.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("line ")).toList();
        assertTrue(fallen.get(fallen.size() - 1).startsWith("line " + (lines - 1) + " "), "the last line is not lost");
        assertTrue(millis < 5_000, "took " + millis + " ms: a wait for every line?");
    }
}
