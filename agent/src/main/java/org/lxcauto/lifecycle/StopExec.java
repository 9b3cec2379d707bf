package org.lxcauto.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.lxcauto.container.ContainerRef;
import org.lxcauto.container.ContainerRuntime;
import org.lxcauto.system.Clock;
import org.lxcauto.system.CommandException;
import org.lxcauto.system.CommandResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container's {@code stop-exec}: a command run inside it (lxc-attach, no shell) before its halt
 * signal, for a service that needs an orderly shutdown of its own (a database flushing its tables)
 * rather than every stop timeout raised.
 *
 * <p>It runs within the container's stop timeout, and always leaves the halt a share of it:
 * {@link #HALT_SHARE}, or half of a stop timeout shorter than twice that. A stop-exec that fails,
 * cannot run or outlasts its share is logged, with its exit status and last output, and the halt
 * goes on all the same: the container must come down whatever the command did.
 */
final class StopExec {

    private static final Logger LOG = LoggerFactory.getLogger(StopExec.class);
    /** What a stop-exec always leaves of the stop timeout for the halt that follows it. */
    static final Duration HALT_SHARE = Duration.ofSeconds(5);

    private StopExec() {
    }

    /** How long the stop-exec may run within a stop timeout of {@code timeout}. */
    static Duration share(Duration timeout) {
        Duration half = timeout.dividedBy(2);
        return timeout.minus(half.compareTo(HALT_SHARE) < 0 ? half : HALT_SHARE);
    }

    /** Runs {@code argv} inside {@code container} and logs how it went; never throws but for an interrupt. */
    static void run(ContainerRuntime runtime, Clock clock, String name, ContainerRef container, List<String> argv,
            Duration timeout) throws InterruptedException {
        String command = "'" + String.join(" ", argv) + "'";
        Duration share = share(timeout);
        if (share.isZero()) {
            LOG.warn("{}: stop-exec {} not run: its stop timeout leaves no time for it; halting it", name, command);
            return;
        }
        Instant begin = clock.now();
        CommandResult result;
        try {
            result = runtime.exec(container, argv, share);
        } catch (CommandException e) {
            LOG.warn("{}: stop-exec {} could not run: {}; halting it all the same", name, command, e.getMessage());
            return;
        }
        long ms = Duration.between(begin, clock.now()).toMillis();
        if (result.timedOut()) {
            LOG.warn("{}: stop-exec {} did not finish within {} ms (stop-timeout {}s, less {} ms kept for the halt),"
                    + " ended{}; halting it all the same", name, command, share.toMillis(), timeout.toSeconds(),
                    timeout.minus(share).toMillis(), output(result));
        } else if (result.exitCode() != 0) {
            LOG.warn("{}: stop-exec {} exited with status {} after {} ms{}; halting it all the same", name, command,
                    result.exitCode(), ms, output(result));
        } else {
            LOG.info("{}: stop-exec {} done in {} ms", name, command, ms);
        }
    }

    /** The command's last line of output, the most useful one, for the log. */
    private static String output(CommandResult result) {
        String line = result.lastErrorLine();
        return line.isEmpty() ? ", no output" : ", last output: '" + line + "'";
    }
}
