package org.lxcauto.system;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Notifier} speaking systemd's notification protocol: one datagram per message to the
 * unix socket named by {@code $NOTIFY_SOCKET}, a path or, with a leading {@code @}, an abstract
 * name. The JDK has no unix datagram sockets; junixsocket provides them. It also reads the
 * watchdog timeout systemd expects keep-alives within ({@link #watchdogTimeout()}).
 */
public final class SdNotifier implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(SdNotifier.class);

    private final SocketAddress target;

    private SdNotifier(SocketAddress target) {
        this.target = target;
    }

    /** The notifier for {@code $NOTIFY_SOCKET}, or {@link Notifier#NONE} when it is not set. */
    public static Notifier fromEnvironment() {
        String socket = System.getenv("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return NONE;
        }
        try {
            return new SdNotifier(socket.startsWith("@")
                    ? AFUNIXSocketAddress.inAbstractNamespace(socket.substring(1))
                    : AFUNIXSocketAddress.of(Path.of(socket)));
        } catch (IOException e) {
            LOG.warn("NOTIFY_SOCKET={} is unusable ({}); systemd will not hear that lxc-auto is ready", socket,
                    e.getMessage());
            return NONE;
        }
    }

    /** {@link #watchdogTimeout(Map, long)} of this process. */
    public static Optional<Duration> watchdogTimeout() {
        return watchdogTimeout(System.getenv(), ProcessHandle.current().pid());
    }

    /**
     * The watchdog timeout systemd expects keep-alives within, as sd_watchdog_enabled(3) reads it:
     * {@code WATCHDOG_USEC} when {@code WATCHDOG_PID} is unset or is {@code pid}. Empty when it is
     * unset, meant for another process, or not a positive number of microseconds (with a warning:
     * the daemon then runs without a watchdog, and systemd will stop it at the first timeout).
     */
    static Optional<Duration> watchdogTimeout(Map<String, String> environment, long pid) {
        String usec = environment.get("WATCHDOG_USEC");
        if (usec == null || usec.isEmpty()) {
            return Optional.empty();
        }
        String forPid = environment.get("WATCHDOG_PID");
        if (forPid != null && !forPid.isEmpty()) {
            try {
                if (Long.parseLong(forPid) != pid) {
                    return Optional.empty(); // inherited from the process systemd watches, which is not us
                }
            } catch (NumberFormatException e) {
                LOG.warn("WATCHDOG_PID='{}' is not a process ID; no watchdog keep-alives are sent", forPid);
                return Optional.empty();
            }
        }
        try {
            long micros = Long.parseLong(usec);
            if (micros > 0) {
                return Optional.of(Duration.ofNanos(Math.multiplyExact(micros, 1000L)));
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        LOG.warn("WATCHDOG_USEC='{}' is not a positive number of microseconds; no watchdog keep-alives are"
                + " sent, so systemd will count the service as hung; check WatchdogSec= in the unit", usec);
        return Optional.empty();
    }

    @Override
    public void notify(String state) {
        byte[] bytes = state.getBytes(StandardCharsets.UTF_8);
        // Connect, then send without an address: DatagramPacket itself only takes IP addresses.
        try (AFUNIXDatagramSocket socket = AFUNIXDatagramSocket.newInstance()) {
            socket.connect(target);
            socket.send(new DatagramPacket(bytes, bytes.length));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Failed to notify the service manager ({}): {}", state.replace('\n', ' '), e.getMessage());
        }
    }
}
