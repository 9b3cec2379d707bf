package org.lxcauto.network;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@link LinkWatcher} on the kernel's own link notifications, received through {@code ip -o monitor
 * link} (iproute2 subscribes to RTNLGRP_LINK over netlink and prints one line per event).
 *
 * <p>Race-free: the monitor is started first, then sysfs is checked, so an interface created
 * between the two is seen either by the check or as an event.
 */
public final class KernelLinkWatcher implements LinkWatcher {

    private static final Path SYS_CLASS_NET = Path.of("/sys/class/net");

    @Override
    public boolean awaitLink(String name, Duration timeout) throws InterruptedException {
        if (exists(name)) {
            return true;
        }
        Process monitor;
        try {
            monitor = new ProcessBuilder("ip", "-o", "monitor", "link").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("Failed to run 'ip monitor link': " + e.getMessage()
                    + "; install iproute2", e);
        }
        try {
            CountDownLatch seen = new CountDownLatch(1);
            Thread reader = new Thread(() -> readEvents(monitor, name, seen), "link-monitor-" + name);
            reader.setDaemon(true);
            reader.start();
            if (exists(name)) {
                return true;
            }
            return seen.await(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS) || exists(name);
        } finally {
            monitor.destroyForcibly();
        }
    }

    private void readEvents(Process monitor, String name, CountDownLatch seen) {
        String needle = ": " + name + ":";
        String needleAt = ": " + name + "@";
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(monitor.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if ((line.contains(needle) || line.contains(needleAt)) && !line.startsWith("Deleted") && exists(name)) {
                    seen.countDown();
                    return;
                }
            }
        } catch (IOException e) {
            // The monitor was destroyed: the waiter has already given up or succeeded.
        }
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
