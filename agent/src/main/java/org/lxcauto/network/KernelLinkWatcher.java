package org.lxcauto.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.lxcauto.system.Clock;
import org.lxcauto.system.CommandRunner;

/**
 * {@link LinkWatcher} on the kernel's own link notifications, received through {@code ip -o monitor
 * link} (iproute2 subscribes to RTNLGRP_LINK over netlink and prints one line per event), run
 * through the {@link CommandRunner} and waited for on the {@link Clock}.
 *
 * <p>Race-free: the monitor is started first, then sysfs is checked, so an interface created
 * between the two is seen either by the check or as an event.
 */
public final class KernelLinkWatcher implements LinkWatcher {

    private static final Path SYS_CLASS_NET = Path.of("/sys/class/net");
    private static final List<String> MONITOR = List.of("ip", "-o", "monitor", "link");

    private final CommandRunner runner;
    private final Clock clock;

    public KernelLinkWatcher(CommandRunner runner, Clock clock) {
        this.runner = runner;
        this.clock = clock;
    }

    /**
     * @throws org.lxcauto.system.CommandException when {@code ip} cannot be run (iproute2 missing)
     */
    @Override
    public boolean awaitLink(String name, Duration timeout) throws InterruptedException {
        if (exists(name)) {
            return true;
        }
        Instant deadline = clock.now().plus(timeout);
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        CommandRunner.Following monitor = runner.follow(MONITOR, line -> {
            if (mentions(line, name)) {
                events.add(line);
            }
        });
        try {
            while (!exists(name)) {
                if (clock.poll(events, deadline) == null) {
                    return exists(name);
                }
            }
            return true;
        } finally {
            monitor.close();
        }
    }

    /** A line of {@code ip -o monitor link} about {@code name} that is not its deletion. */
    private static boolean mentions(String line, String name) {
        return (line.contains(": " + name + ":") || line.contains(": " + name + "@")) && !line.startsWith("Deleted");
    }

    @Override
    public boolean exists(String name) {
        return Files.exists(SYS_CLASS_NET.resolve(name));
    }

    @Override
    public String describe(String name) {
        if (!exists(name)) {
            return "does not exist";
        }
        try {
            return "exists, operstate " + Files.readString(SYS_CLASS_NET.resolve(name).resolve("operstate")).strip();
        } catch (IOException e) {
            return "exists";
        }
    }
}
