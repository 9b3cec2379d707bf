package org.lxcauto.system;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Notifier} speaking systemd's notification protocol: one datagram per message to the
 * unix socket named by {@code $NOTIFY_SOCKET}, a path or, with a leading {@code @}, an abstract
 * name. The JDK has no unix datagram sockets; junixsocket provides them.
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
