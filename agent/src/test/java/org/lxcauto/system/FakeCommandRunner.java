package org.lxcauto.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A scripted {@link CommandRunner}: tests say what each command prints and exits with, and read back
 * every argv it was given. No process is ever forked.
 *
 * <p>A script matches by argv prefix; the longest matching prefix wins, so {@code on("lxc-stop")}
 * can be refined by {@code on("lxc-stop", "-P", p, "-n", "web", "-k")}. A script answers its calls
 * with its replies in order and repeats the last one, which lets a test say "RUNNING, then
 * STOPPED". An unscripted command fails the test with an {@link AssertionError}, so nothing the
 * code runs goes unnoticed.
 *
 * <p>A program started with {@link #follow} (a monitor) needs a script too, whose reply is used only
 * to throw (a missing program); the test then prints the monitor's lines itself through
 * {@link #followed}.
 */
public final class FakeCommandRunner implements CommandRunner {

    /** One command as the code under test ran it. */
    public record Call(List<String> argv, Duration timeout) {
    }

    private final Map<List<String>, Script> scripts = new HashMap<>();
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final List<Followed> followed = Collections.synchronizedList(new ArrayList<>());

    /** The script for commands starting with {@code argvPrefix}; add replies to it. */
    public synchronized Script on(String... argvPrefix) {
        return scripts.computeIfAbsent(List.of(argvPrefix), k -> new Script());
    }

    @Override
    public CommandResult run(List<String> argv, Duration timeout) throws InterruptedException {
        calls.add(new Call(List.copyOf(argv), timeout));
        return reply(argv).apply(List.copyOf(argv));
    }

    @Override
    public Following follow(List<String> argv, Consumer<String> lines) {
        calls.add(new Call(List.copyOf(argv), null));
        reply(argv).apply(List.copyOf(argv)); // a reply that throws is a program that cannot run
        Followed program = new Followed(List.copyOf(argv), lines);
        followed.add(program);
        return program;
    }

    /** Every program started with {@link #follow}, in order, for the test to print its lines. */
    public List<Followed> followed() {
        synchronized (followed) {
            return List.copyOf(followed);
        }
    }

    private Function<List<String>, CommandResult> reply(List<String> argv) {
        Function<List<String>, CommandResult> reply;
        synchronized (this) {
            Script best = null;
            int bestLength = -1;
            for (Map.Entry<List<String>, Script> script : scripts.entrySet()) {
                List<String> prefix = script.getKey();
                if (prefix.size() > bestLength && prefix.size() <= argv.size()
                        && argv.subList(0, prefix.size()).equals(prefix)) {
                    best = script.getValue();
                    bestLength = prefix.size();
                }
            }
            if (best == null || best.replies.isEmpty()) {
                throw new AssertionError("FakeCommandRunner: unexpected command " + argv);
            }
            reply = best.replies.size() > 1 ? best.replies.remove(0) : best.replies.get(0);
        }
        return reply;
    }

    /** Every command run, in order. */
    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** The argv of every command run, in order. */
    public List<List<String>> argvs() {
        return calls().stream().map(Call::argv).toList();
    }

    /** The replies of one argv prefix. */
    public final class Script {

        private final List<Function<List<String>, CommandResult>> replies = new ArrayList<>();

        private Script() {
        }

        /** Exits with {@code code}, printing {@code stdout} and {@code stderr}. */
        public Script exits(int code, String stdout, String stderr) {
            return does(argv -> new CommandResult(argv, code, stdout, stderr, false));
        }

        /** Exits 0, printing {@code stdout}. */
        public Script prints(String stdout) {
            return exits(0, stdout, "");
        }

        /** Is killed at its deadline. */
        public Script timesOut() {
            return does(argv -> new CommandResult(argv, -1, "", "", true));
        }

        /** Does whatever {@code behaviour} does with the argv, e.g. write into a file named in it. */
        public Script does(Function<List<String>, CommandResult> behaviour) {
            synchronized (FakeCommandRunner.this) {
                replies.add(behaviour);
            }
            return this;
        }
    }

    /** A program started with {@link #follow}: the test prints its lines; the code under test closes it. */
    public static final class Followed implements Following {

        private final List<String> argv;
        private final Consumer<String> lines;
        private volatile boolean closed;

        private Followed(List<String> argv, Consumer<String> lines) {
            this.argv = argv;
            this.lines = lines;
        }

        public List<String> argv() {
            return argv;
        }

        /** The program prints {@code line}, unless it was closed (then nobody listens). */
        public void print(String line) {
            if (!closed) {
                lines.accept(line);
            }
        }

        public boolean closed() {
            return closed;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
