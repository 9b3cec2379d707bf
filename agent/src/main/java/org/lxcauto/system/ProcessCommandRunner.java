package org.lxcauto.system;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** {@link CommandRunner} that forks real processes with {@link ProcessBuilder}. */
public final class ProcessCommandRunner implements CommandRunner {

    /**
     * Threads that drain the children's pipes, kept and reused: CompletableFuture's default pool
     * has no parallelism on two CPUs and would start a new thread per pipe, two per command.
     */
    /** How long a pipe may stay open once its child has ended (see {@link Drain}). */
    private static final Duration PIPE_GRACE = Duration.ofSeconds(2);

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
        Drain out = new Drain(process.getInputStream());
        Drain err = new Drain(process.getErrorStream());
        return () -> {
            boolean finished = process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor();
            }
            return new CommandResult(List.copyOf(argv), finished ? process.exitValue() : -1,
                    out.text(PIPE_GRACE), err.text(PIPE_GRACE), !finished);
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

    /**
     * One pipe of a child, read to its end on a thread of {@link #DRAINS}.
     *
     * <p>The end of the pipe comes when every process holding its write end has closed it, which
     * is not always when the child ends: a program that leaves something running in the
     * background, outside the child's process tree ({@code systemd-run --pipe} hands the pipe to
     * a service of a user's manager), keeps it open. So the text is taken with a grace after the
     * child ended, and what was read by then is the output; the reading thread stays blocked
     * until that holder lets go, and costs nothing else.
     */
    private static final class Drain {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final CompletableFuture<Void> ended = new CompletableFuture<>();

        Drain(InputStream stream) {
            DRAINS.execute(() -> {
                byte[] chunk = new byte[8192];
                try (stream) {
                    for (int n = stream.read(chunk); n != -1; n = stream.read(chunk)) {
                        synchronized (buffer) {
                            buffer.write(chunk, 0, n);
                        }
                    }
                } catch (IOException e) {
                    // The pipe broke: what was read is all there is.
                } finally {
                    ended.complete(null);
                }
            });
        }

        /** What was read, waiting at most {@code grace} for the end of the pipe. */
        String text(Duration grace) throws InterruptedException {
            try {
                ended.get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // Held open outside the child's tree: the child is done, and so is its output.
            } catch (ExecutionException e) {
                // Never completed exceptionally; nothing to add.
            }
            synchronized (buffer) {
                return buffer.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
