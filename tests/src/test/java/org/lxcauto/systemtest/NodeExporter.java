package org.lxcauto.systemtest;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real {@code prometheus-node-exporter} of the test's own, serving only its textfile collector
 * from {@code directory} on 127.0.0.1 at a free port, as the Debian package's service does from
 * /var/lib/prometheus/node-exporter. Started and stopped by its PID; the host's own service, if
 * any, is never touched. And {@code promtool check metrics}, the Prometheus project's own check.
 */
final class NodeExporter implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;
    final URI metrics;

    private NodeExporter(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
    }

    /** Starts it on a free loopback port and waits until it answers. */
    static NodeExporter start(Path directory, Path log) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process process = new ProcessBuilder("prometheus-node-exporter", "--web.listen-address=127.0.0.1:" + port,
                "--collector.disable-defaults", "--collector.textfile", "--collector.textfile.directory=" + directory)
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        NodeExporter exporter = new NodeExporter(process, log, port);
        try {
            exporter.scrapeUntil(text -> true, 15, "node-exporter answering");
        } catch (AssertionError e) {
            exporter.close();
            throw e;
        }
        return exporter;
    }

    /** One scrape of /metrics, or null when it does not answer (yet). */
    String scrape() throws InterruptedException {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Scrapes until {@code wanted} holds; fails the test after {@code seconds}, with the last scrape. */
    String scrapeUntil(Predicate<String> wanted, int seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("node-exporter exited (" + process.exitValue() + "):\n" + Lab.read(log));
            }
            last = scrape();
            if (last != null && wanted.test(last)) {
                return last;
            }
            Thread.sleep(100); // node-exporter reads the file at each scrape: there is nothing to wait on but time
        }
        throw new AssertionError("no scrape of " + metrics + " showed " + what + " within " + seconds + "s; the last:\n"
                + last + "\nnode-exporter's log:\n" + Lab.read(log));
    }

    /** {@code promtool check metrics < file}: its exit status and what it said. */
    static Commands.Result promtool(Path file) throws IOException, InterruptedException {
        Path out = Files.createTempFile("promtool-", ".out");
        try {
            Process check = new ProcessBuilder("promtool", "check", "metrics").redirectInput(file.toFile())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!check.waitFor(60, TimeUnit.SECONDS)) {
                check.destroyForcibly().waitFor();
                throw new AssertionError("promtool check metrics still running after 60s");
            }
            return new Commands.Result(java.util.List.of("promtool", "check", "metrics", "<", file.toString()),
                    check.exitValue(), Files.readString(out), "");
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** SIGTERM by its PID, SIGKILL if it has not gone after 10 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
