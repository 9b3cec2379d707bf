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
}
