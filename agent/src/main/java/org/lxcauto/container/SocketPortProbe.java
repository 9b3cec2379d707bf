package org.lxcauto.container;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** {@link PortProbe} that opens (and at once closes) a real TCP connection. */
public final class SocketPortProbe implements PortProbe {

    @Override
    public boolean accepts(String address, int port, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), (int) Math.max(1, timeout.toMillis()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
