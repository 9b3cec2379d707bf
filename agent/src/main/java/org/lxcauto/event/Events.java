package org.lxcauto.event;

import java.util.List;
import org.lxcauto.state.RunRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears the containers' lifecycle events where they happen (a start, a stop, a restart) and the
 * end of each run (a boot, a shutdown, a start or stop of one container). Sinks are the
 * journal's fields (logged with every event line), metrics and the status; they subscribe
 * through {@link org.lxcauto.lifecycle.Host#withEvents}.
 *
 * <p>Events arrive on the thread where they happen: a container's start or stop runs on a worker
 * of its run, several at once, a restart decision on the daemon loop. So a sink must be
 * thread-safe, and quick: it holds up the container (or the loop) that told it.
 */
@FunctionalInterface
public interface Events {

    /** A container's event, once it has happened. */
    void container(ContainerEvent event);

    /**
     * A run has finished and its record is saved ({@link RunRecord#kind}: boot, reload, start,
     * restart, shutdown or stop), with every container's outcome and the run's duration.
     */
    default void finished(RunRecord run) {
    }

    /**
     * How lifecycle code tells of an event: logged as one line through {@code log} (the teller's
     * own logger), with the journal's fields attached ({@link EventLines}), then heard here.
     */
    default void tell(Logger log, ContainerEvent event) {
        EventLines.log(log, event);
        container(event);
    }

    /** For runs nobody listens to. */
    Events NONE = event -> { };

    /** Every sink of {@code sinks}, in order; one that throws is logged, and the others still hear. */
    static Events all(List<Events> sinks) {
        List<Events> copy = List.copyOf(sinks);
        return new Events() {
            @Override
            public void container(ContainerEvent event) {
                copy.forEach(sink -> guarded(() -> sink.container(event)));
            }

            @Override
            public void finished(RunRecord run) {
                copy.forEach(sink -> guarded(() -> sink.finished(run)));
            }
        };
    }

    static Events all(Events... sinks) {
        return all(List.of(sinks));
    }

    /** A sink's bug must not stop a boot, nor keep the event from the other sinks. */
    private static void guarded(Runnable hearing) {
        try {
            hearing.run();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(Events.class).warn("An event sink failed: {}; the event is lost for it", e.toString());
        }
    }
}
