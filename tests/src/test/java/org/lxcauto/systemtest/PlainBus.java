package org.lxcauto.systemtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A private dbus-daemon with nothing on it (its policy is that of Debian's session bus: with a
 * bare {@code <allow user="*"/>} policy the bus never answered dbus-java's Hello), for "no NetworkManager on this bus". {@link #close}
 * stops exactly that daemon, by the PID it printed.
 */
final class PlainBus implements AutoCloseable {

    /** Its D-Bus address. */
    final String address;
    private final long pid;

    private PlainBus(String address, long pid) {
        this.address = address;
        this.pid = pid;
    }

    /** Starts the daemon with its socket and config in {@code dir}; returns once it listens. */
    static PlainBus start(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path socket = dir.resolve("bus.sock");
        Path config = dir.resolve("bus.conf");
        Files.writeString(config, """
                <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
                 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                <busconfig>
                  <type>lxc-auto-test</type>
                  <listen>unix:path=%s</listen>
                  <auth>EXTERNAL</auth>
                  <policy context="default">
                    <allow send_destination="*" eavesdrop="true"/>
                    <allow eavesdrop="true"/>
                    <allow own="*"/>
                  </policy>
                </busconfig>
                """.formatted(socket));
        // --fork returns once the bus listens; --print-pid gives the daemon's PID.
        Commands.Result started = Commands.run(List.of("dbus-daemon", "--config-file=" + config, "--fork", "--print-pid=1",
                "--nopidfile"), Map.of(), 30);
        if (started.exitCode() != 0) {
            throw new AssertionError("dbus-daemon did not start: " + started.all());
        }
        return new PlainBus("unix:path=" + socket, Long.parseLong(started.stdout().strip()));
    }

    @Override
    public void close() {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    }
}
