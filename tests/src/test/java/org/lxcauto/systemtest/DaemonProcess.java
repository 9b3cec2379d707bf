package org.lxcauto.systemtest;

import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * {@code lxc-auto daemon} running in the background for a test, with a notification socket of the
 * test's own standing in for systemd's, so that READY=1 and STATUS= lines can be asserted. Killed
 * (by its PID, its child processes first) at close if it is still running.
 */
final class DaemonProcess implements AutoCloseable {

    private final Process process;
    private final AFUNIXDatagramSocket notify;
    private final BlockingQueue<String> notifications = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    final Path log;

    private DaemonProcess(Process process, AFUNIXDatagramSocket notify, Path log) {
        this.process = process;
        this.notify = notify;
        this.log = log;
        Thread reader = new Thread(this::readNotifications, "notify-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static DaemonProcess start(Lab lab, String name) throws IOException {
        Path socket = lab.dir.resolve(name + "-notify.sock");
        AFUNIXDatagramSocket notify = AFUNIXDatagramSocket.newInstance();
        notify.bind(AFUNIXSocketAddress.of(socket));
        Path log = lab.dir.resolve(name + ".log");
        List<String> argv = new ArrayList<>(List.of(Lab.AGENT.toString(), "daemon"));
        argv.addAll(lab.paths());
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("NOTIFY_SOCKET", socket.toString());
        return new DaemonProcess(builder.start(), notify, log);
    }

    private void readNotifications() {
        byte[] buffer = new byte[4096];
        while (!notify.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                notify.receive(packet);
                notifications.add(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Waits for a notification containing {@code text}; fails the test after {@code seconds}. */
    String awaitNotification(String text, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (String earlier : seen) {
            if (earlier.contains(text)) {
                return earlier;
            }
        }
        while (System.nanoTime() < deadline) {
            String message = notifications.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (message == null) {
                break;
            }
            seen.add(message);
            if (message.contains(text)) {
                return message;
            }
        }
        throw new AssertionError("no notification with '" + text + "' within " + seconds + "s; got " + seen
                + "\n" + Lab.read(log));
    }

    List<String> notifications() {
        notifications.drainTo(seen);
        return List.copyOf(seen);
    }

    long pid() {
        return process.pid();
    }

    void signal(String name) {
        Commands.ok("kill", "-" + name, Long.toString(process.pid()));
    }

    /** Waits for the daemon to exit; its exit status. */
    int awaitExit(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("daemon still running after " + seconds + "s\n" + Lab.read(log));
        }
        return process.exitValue();
    }

    String output() {
        return Lab.read(log);
    }

    /** Waits for the daemon to log {@code text}; fails the test after {@code seconds}. */
    void awaitOutput(String text, int seconds) throws InterruptedException {
        awaitOutput(text, seconds, "");
    }

    /** As {@link #awaitOutput(String, int)}, with {@code context} in the failure's message. */
    void awaitOutput(String text, int seconds, String context) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (output().contains(text)) {
                return;
            }
            Thread.sleep(200); // reading the daemon's log file; it has no events to offer a test
        }
        throw new AssertionError("the daemon never logged '" + text + "' within " + seconds + "s\n"
                + (context.isEmpty() ? "" : context + "\n") + output());
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            // Its children first: a daemon killed by SIGKILL cannot end the lxc-monitor processes it
            // runs, and they would stay behind (systemd's KillMode=mixed does this for the real unit).
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        notify.close();
    }
}
