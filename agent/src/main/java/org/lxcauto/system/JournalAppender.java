package org.lxcauto.system;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Path;
import java.util.List;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.slf4j.event.KeyValuePair;

/**
 * Logs through journald's native protocol: one datagram per line to its socket, with the line as
 * {@code MESSAGE=}, {@code PRIORITY=} from the level, {@code SYSLOG_IDENTIFIER=lxc-auto}, and the
 * line's SLF4J key-value pairs as fields of their own ({@code CONTAINER_NAME=web}), which
 * {@code journalctl CONTAINER_NAME=web} then finds. A stack trace goes with its message.
 *
 * <p>The journal must never hold the daemon back, nor lose a line: the socket is non-blocking;
 * a full queue (a burst) gets a short wait for room, and a line journald still cannot take (it
 * stopped reading, it is restarting, the entry is too large for one datagram) is written to
 * standard error instead, by {@code fallback}; there the journal still gets it through the
 * service's output stream, without its fields. The socket is opened again for the next line, so
 * the fields come back once journald does.
 *
 * <p>No library did this without JNA and libsystemd (the maintained appenders are for Log4j);
 * the protocol is a few lines of code on the unix datagram sockets junixsocket already provides.
 * Entries too large for a datagram are not sent through a memfd, which the JDK cannot create:
 * they are the stack traces of hundreds of kilobytes that standard error takes as well.
 */
public final class JournalAppender extends AppenderBase<ILoggingEvent> {

    /** Where journald listens for native entries. */
    public static final Path SOCKET = Path.of("/run/systemd/journal/socket");
    static final String IDENTIFIER = "lxc-auto";
    /** As sd_journal asks for: room for bursts before a send would have to wait. */
    private static final int SEND_BUFFER = 8 * 1024 * 1024;
    /**
     * How long a line may wait for room in journald's queue, once it is full (after a burst of
     * more lines than {@code net.unix.max_dgram_qlen}, 512 under systemd): long enough for a
     * journald that reads, on a busy host, to catch up, so that the line keeps its fields; the
     * wait ends as soon as there is room. Only while the journal took the line before: a journald
     * that stopped reading costs one wait, not one per line.
     */
    static final long QUEUE_WAIT_MILLIS = 250;

    private final Path socket;
    private final Appender<ILoggingEvent> fallback;
    private AFUNIXDatagramChannel channel;
    /** Tells when the channel has room again; opened with it. */
    private Selector room;
    /** The journal failed the last line: said once on standard error, not for every line. */
    private boolean failing;

    /** @param fallback takes the lines the journal cannot (standard error, as plain lines) */
    public JournalAppender(Path socket, Appender<ILoggingEvent> fallback) {
        this.socket = socket;
        this.fallback = fallback;
    }

    @Override
    protected void append(ILoggingEvent event) {
        String problem = send(entry(event).bytes());
        if (problem == null) {
            failing = false;
            return;
        }
        if (!failing) {
            failing = true;
            fallback.doAppend(notice(event, "Cannot log to the journal at " + socket + " (" + problem
                    + "); lines go to standard error, without their fields, until it takes them again"));
        }
        fallback.doAppend(event);
    }

    /** The entry for one log line. */
    static JournalEntry entry(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            message = message + "\n" + ThrowableProxyUtil.asString(thrown);
        }
        JournalEntry entry = new JournalEntry()
                .add("MESSAGE", message == null ? "" : message)
                .add("PRIORITY", Integer.toString(priority(event.getLevel())))
                .add("SYSLOG_IDENTIFIER", IDENTIFIER);
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null) {
            for (KeyValuePair pair : pairs) {
                entry.add(pair.key, String.valueOf(pair.value));
            }
        }
        return entry;
    }

    /** syslog's priorities: err, warning, info, debug. */
    static int priority(Level level) {
        return switch (level.toInt()) {
            case Level.ERROR_INT -> 3;
            case Level.WARN_INT -> 4;
            case Level.INFO_INT -> 6;
            default -> 7;
        };
    }

    /** Sends one datagram, waiting at most {@link #QUEUE_WAIT_MILLIS}; null when journald took it, else why not. */
    private String send(byte[] datagram) {
        try {
            return sendOnce(datagram) ? null : "its queue is full";
        } catch (IOException first) {
            // journald restarted (its socket is a new one), or the channel went bad: open it again, once.
            close();
            try {
                return sendOnce(datagram) ? null : "its queue is full";
            } catch (IOException | RuntimeException e) {
                close();
                return e.getMessage();
            }
        } catch (RuntimeException e) {
            close();
            return e.toString();
        }
    }

    private boolean sendOnce(byte[] datagram) throws IOException {
        if (channel == null) {
            channel = open();
            room = channel.provider().openSelector();
            channel.register(room, SelectionKey.OP_WRITE);
        }
        ByteBuffer buffer = ByteBuffer.wrap(datagram);
        if (channel.write(buffer) > 0) {
            return true;
        }
        if (failing) {
            return false; // it did not take the last line either: no waiting for every line
        }
        room.selectedKeys().clear();
        return room.select(QUEUE_WAIT_MILLIS) > 0 && channel.write(buffer) > 0;
    }

    private AFUNIXDatagramChannel open() throws IOException {
        AFUNIXDatagramChannel opened = AFUNIXDatagramChannel.open();
        try {
            opened.configureBlocking(false);
            try {
                opened.setOption(java.net.StandardSocketOptions.SO_SNDBUF, SEND_BUFFER);
            } catch (IOException | UnsupportedOperationException e) {
                // The kernel's default buffer then: only bursts come to standard error sooner.
            }
            opened.connect(AFUNIXSocketAddress.of(socket));
            return opened;
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    private LoggingEvent notice(ILoggingEvent cause, String message) {
        ch.qos.logback.classic.Logger logger = ((ch.qos.logback.classic.LoggerContext) getContext())
                .getLogger(JournalAppender.class);
        LoggingEvent notice = new LoggingEvent(JournalAppender.class.getName(), logger, Level.WARN, message, null, null);
        notice.setTimeStamp(cause.getTimeStamp());
        return notice;
    }

    private void close() {
        if (room != null) {
            try {
                room.close();
            } catch (IOException e) {
                // As below.
            }
            room = null;
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Closing a broken channel: nothing more to lose.
            }
            channel = null;
        }
    }

    @Override
    public void stop() {
        close();
        super.stop();
    }
}
