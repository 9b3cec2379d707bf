package org.lxcauto.systemtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A dbus-daemon of type "system" on a socket of the test's own, with a default policy like
 * Debian's system bus and the policy file lxc-auto ships. Stopped (by its PID) at close.
 */
final class PrivateBus implements AutoCloseable {

    final String address;
    private final long pid;

    private PrivateBus(String address, long pid) {
        this.address = address;
        this.pid = pid;
    }

    static PrivateBus start(Path dir) throws IOException {
        Path socket = dir.resolve("system_bus.sock");
        Path config = dir.resolve("bus.conf");
        Path policy = Lab.ROOT.resolve("config/dbus/org.lxcauto.Agent1.conf");
        Files.writeString(config, """
                <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
                 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                <busconfig>
                  <type>system</type>
                  <listen>unix:path=%s</listen>
                  <auth>EXTERNAL</auth>
                  <policy context="default">
                    <allow user="*"/>
                    <deny own="*"/>
                    <deny send_type="method_call"/>
                    <allow send_type="signal"/>
                    <allow send_requested_reply="true" send_type="method_return"/>
                    <allow send_requested_reply="true" send_type="error"/>
                    <allow receive_type="method_call"/>
                    <allow receive_type="method_return"/>
                    <allow receive_type="error"/>
                    <allow receive_type="signal"/>
                    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus"/>
                    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Introspectable"/>
                  </policy>
                  <include>%s</include>
                </busconfig>
                """.formatted(socket, policy));
        Commands.Result started = Commands.ok("dbus-daemon", "--config-file=" + config, "--fork", "--print-address=1",
                "--print-pid=1");
        String[] lines = started.stdout().strip().split("\n");
        Files.setPosixFilePermissions(socket, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        return new PrivateBus("unix:path=" + socket, Long.parseLong(lines[lines.length - 1].strip()));
    }

    @Override
    public void close() {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    }
}
