package org.lxcauto.system;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** {@link CommandRunner} that forks real processes with {@link ProcessBuilder}. */
public final class ProcessCommandRunner implements CommandRunner {

    /**
     * Threads that drain the children's pipes, kept and reused: CompletableFuture's default pool
     * has no parallelism on two CPUs and would start a new thread per pipe, two per command.
     */
    private static final ExecutorService DRAINS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "drain");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public CommandResult run(List<String> argv, Duration timeout) throws InterruptedException {
        return start(argv, timeout).await();
    }

    @Override
    public Running start(List<String> argv, Duration timeout) {
        long deadline = System.nanoTime() + Math.max(1, timeout.toMillis()) * 1_000_000L;
        Process process = fork(new ProcessBuilder(argv));
        // Drain both pipes concurrently: a child that fills one pipe while we read the other
        // would otherwise block forever.
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        return () -> {
            boolean finished = process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor();
            }
            return new CommandResult(List.copyOf(argv), finished ? process.exitValue() : -1,
                    join(out), join(err), !finished);
        };
    }

    @Override
    public Following follow(List<String> argv, Consumer<String> lines) {
        Process process = fork(new ProcessBuilder(argv).redirectErrorStream(true));
        DRAINS.execute(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.accept(line);
                }
            } catch (IOException e) {
                // The program was ended by close(): nobody listens any more.
            }
        });
        return () -> {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        };
    }

    /** Starts the program with nothing on its standard input. */
    private static Process fork(ProcessBuilder builder) {
        try {
            return builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            throw new CommandException("Failed to run '" + builder.command().get(0) + "': " + e.getMessage()
                    + "; is it installed and on PATH?", e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                stream.transferTo(buffer);
                return buffer.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, DRAINS);
    }

    private static String join(CompletableFuture<String> text) throws InterruptedException {
        try {
            return text.get();
        } catch (ExecutionException e) {
            return "";
        }
    }
}
