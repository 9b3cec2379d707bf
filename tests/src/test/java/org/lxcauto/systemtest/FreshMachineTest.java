package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * README command 1 on a pristine Debian 12: {@code tests/fresh-machine} runs {@code tests/demo}
 * of the committed tree (HEAD) under systemd-nspawn, in a new overlay over a cached
 * {@code debootstrap --variant=minbase} root, where nothing is installed beforehand. A package
 * that {@code tests/install-deps demo} forgets, a step the demo skips on a used machine, a file
 * that is not committed: each fails this test, where a machine that was used before would hide it.
 */
class FreshMachineTest {

    /** Downloads are cached, installs are not: about a minute, several on a new machine. */
    private static final long TIMEOUT_MINUTES = 20;

    @Test
    void readmeDemoPassesOnAPristineDebian() throws Exception {
        Path dir = Files.createTempDirectory("lxc-auto-test-fresh-out-");
        Path log = dir.resolve("fresh-machine.log");
        Path svg = dir.resolve("boot.svg");
        try {
            int exit = run(List.of(Lab.ROOT.resolve("tests/fresh-machine").toString(), "HEAD", svg.toString()), log);
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, exit, () -> "tests/demo failed on a pristine Debian 12:\n" + tail(output));
            // The demo's own checks, each of which ends it with FAILED when it does not hold.
            assertTrue(output.contains("install-deps: installing "), () -> "nothing was installed: not a fresh root?\n" + tail(output));
            assertTrue(output.contains("start order, from the containers' own clocks: demo-db, demo-cache, demo-web, demo-metrics"),
                    () -> tail(output));
            assertTrue(output.contains("http://10.99.0.13/ says: demo-web: served"), () -> tail(output));
            assertTrue(output.contains("== demo finished"), () -> tail(output));
            assertTrue(!output.contains("FAILED"), () -> tail(output));
            assertTrue(Files.readString(svg).contains("<svg"), "the demo's timeline is not an SVG");
            assertTrue(!Files.readString(Path.of("/proc/self/mounts")).contains("lxc-auto-test-fresh."),
                    "tests/fresh-machine left its overlay mounted");
        } finally {
            Commands.run("rm", "-rf", "--one-file-system", dir.toString());
        }
    }

    /**
     * Runs {@code argv} with its output in {@code log}. On a timeout the script gets SIGTERM first,
     * so that its trap unmounts the overlay, and SIGKILL only if it does not end.
     */
    private static int run(List<String> argv, Path log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            throw new AssertionError("tests/fresh-machine did not finish in " + TIMEOUT_MINUTES + " min:\n"
                    + tail(Files.readString(log, StandardCharsets.UTF_8)));
        }
        return process.exitValue();
    }

    /** The last lines of the run, where the demo names the step that failed and shows its error. */
    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return (lines.size() > 60 ? "…\n" : "") + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
