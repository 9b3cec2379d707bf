package org.lxcauto.systemtest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs commands for the system tests: argv in, exit code and output out. */
final class Commands {

    /** A finished command. */
    record Result(List<String> argv, int exitCode, String stdout, String stderr) {
        String all() {
            return "$ " + String.join(" ", argv) + " -> " + exitCode + "\n" + stdout + stderr;
        }
    }

    private Commands() {
    }

    static Result run(List<String> argv, Map<String, String> env, int timeoutSeconds) {
        try {
            ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(env);
            Process process = builder.start();
            CompletableFuture<String> out = drain(process, true);
            CompletableFuture<String> err = drain(process, false);
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("timed out after " + timeoutSeconds + "s: " + String.join(" ", argv)
                        + "\n" + out.join() + err.join());
            }
            return new Result(argv, process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + argv, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static Result run(String... argv) {
        return run(List.of(argv), Map.of(), 120);
    }

    /** Runs and fails the test unless the command exits 0. */
    static Result ok(String... argv) {
        Result result = run(argv);
        if (result.exitCode() != 0) {
            throw new AssertionError("command failed: " + result.all());
        }
        return result;
    }

    private static CompletableFuture<String> drain(Process process, boolean stdout) {
        return CompletableFuture.supplyAsync(() -> {
            try (var stream = stdout ? process.getInputStream() : process.getErrorStream()) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                stream.transferTo(buffer);
                return buffer.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
