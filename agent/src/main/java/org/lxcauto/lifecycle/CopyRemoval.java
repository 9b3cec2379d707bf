package org.lxcauto.lifecycle;

import java.time.Duration;
import java.time.Instant;
import org.lxcauto.config.ContainerEntry;
import org.lxcauto.config.Target;
import org.lxcauto.container.ContainerRef;
import org.lxcauto.container.ContainerRuntime;
import org.lxcauto.container.ContainerState;
import org.lxcauto.state.ContainerRecord;
import org.lxcauto.system.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of an ephemeral container's stop: LXC's monitor destroys the copy ({@code
 * NAME-ephemeral}) asynchronously, just after the container stopped, so a stop is done only once
 * the copy is gone. At host shutdown, a copy still being removed races the unmounting of the
 * lxcpath, and a copy cut short is left for the next boot.
 *
 * <p>The wait polls LXC's view of the copy through the {@link Clock}, until the end of the stop's
 * own timeout and at least {@link StopTask#KILL_RESERVE} after the stop ended (a forced stop used
 * its whole timeout), never past the shutdown deadline. A copy still there then is reported (in the
 * log and the container's record) and the stop keeps its outcome: the container did stop, and the
 * next boot removes the copy if LXC does not.
 */
final class CopyRemoval {

    private static final Logger LOG = LoggerFactory.getLogger(CopyRemoval.class);
    /** LXC removes a busybox copy in milliseconds; a lxc-info costs about as much. */
    static final Duration POLL = Duration.ofMillis(100);

    private final ContainerRuntime runtime;
    private final Clock clock;
    private final Instant shutdownDeadline;
    private final Timeline timeline;

    CopyRemoval(ContainerRuntime runtime, Clock clock, Instant shutdownDeadline, Timeline timeline) {
        this.runtime = runtime;
        this.clock = clock;
        this.shutdownDeadline = shutdownDeadline;
        this.timeline = timeline;
    }

    /** For an ephemeral entry's copy {@code copy} that stopped, waits until LXC destroyed it. */
    void await(ContainerEntry entry, ContainerRef copy, Instant stopTimeoutEnds) throws InterruptedException {
        if (entry == null || !(entry.target() instanceof Target.Lxc lxc && lxc.ephemeral())) {
            return;
        }
        Instant stopped = clock.now();
        Instant latest = stopped.plus(StopTask.KILL_RESERVE);
        Instant deadline = stopTimeoutEnds.isAfter(latest) ? stopTimeoutEnds : latest;
        deadline = deadline.isAfter(shutdownDeadline) ? shutdownDeadline : deadline;
        while (runtime.state(copy) != ContainerState.MISSING) {
            Duration left = clock.remaining(deadline);
            if (left.isZero()) {
                report(entry.name(), copy, Duration.between(stopped, clock.now()));
                return;
            }
            clock.sleep(left.compareTo(POLL) < 0 ? left : POLL);
        }
    }

    private void report(String name, ContainerRef copy, Duration waited) {
        String lxcpath = copy instanceof ContainerRef.Lxc lxc ? lxc.lxcpath().toString() : "LXCPATH";
        String message = "its copy '" + copy.name() + "' still exists " + waited.toMillis() + " ms after it stopped:"
                + " LXC has not destroyed it; the next start removes it, or remove it now with 'lxc-destroy -P "
                + lxcpath + " -n " + copy.name() + "' once 'lxc-info -P " + lxcpath + " -n " + copy.name()
                + " -s' says STOPPED";
        LOG.warn("{}: {}", name, message);
        timeline.update(name, r -> new ContainerRecord(r.name(), r.outcome(), r.waitedFor(), r.begin(), r.end(),
                r.released(), r.ipv4(), message));
    }
}
