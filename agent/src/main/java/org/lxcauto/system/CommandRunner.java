package org.lxcauto.system;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs an external program.
 *
 * <p>The command is an argument vector, never a shell string: nothing an administrator wrote in a
 * configuration file is ever interpreted by a shell. Implementations: {@link ProcessCommandRunner}
 * for real use, a scripted fake in unit tests. Every process the agent runs goes through here,
 * the monitors that run as long as the agent listens ({@link #follow}) included.
 */
public interface CommandRunner {

    /**
     * Runs {@code argv} to completion or until {@code timeout} has passed, in which case the process
     * is killed and the result says {@code timedOut}.
     *
     * @throws CommandException when the program cannot be executed at all (not found, not executable)
     */
    CommandResult run(List<String> argv, Duration timeout) throws InterruptedException;

    /**
     * Starts {@code argv} and returns at once, for a caller that does other things (or lets others
     * start) while it runs; {@link Running#await} then gives its result, the timeout counted from
     * the start. The default starts nothing until {@code await}: right for scripted fakes.
     *
     * @throws CommandException when the program cannot be executed at all
     */
    default Running start(List<String> argv, Duration timeout) throws InterruptedException {
        return () -> run(argv, timeout);
    }

    /**
     * Starts {@code argv}, a program that runs until it is stopped (a monitor such as
     * {@code lxc-monitor} or {@code ip monitor}), and hands each line it prints (standard output
     * and error, merged) to {@code lines}, in order, on a thread of the runner's own. It runs until
     * the returned {@link Following} is closed; a program that ends by itself simply sends no more.
     * {@code lines} must be quick: hand the line to a queue rather than act on it there.
     *
     * @throws CommandException when the program cannot be executed at all
     */
    Following follow(List<String> argv, Consumer<String> lines);

    /** A program started by {@link #follow}; closing it ends the program. */
    @FunctionalInterface
    interface Following extends AutoCloseable {
        @Override
        void close();
    }

    /** A command started by {@link #start}. */
    @FunctionalInterface
    interface Running {
        CommandResult await() throws InterruptedException;
    }
}
