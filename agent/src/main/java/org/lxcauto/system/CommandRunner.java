package org.lxcauto.system;

import java.time.Duration;
import java.util.List;

/**
 * Runs an external program.
 *
 * <p>The command is an argument vector, never a shell string: nothing an administrator wrote in a
 * configuration file is ever interpreted by a shell. Implementations: {@link ProcessCommandRunner}
 * for real use, a scripted fake in unit tests.
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

    /** A command started by {@link #start}. */
    @FunctionalInterface
    interface Running {
        CommandResult await() throws InterruptedException;
    }
}
