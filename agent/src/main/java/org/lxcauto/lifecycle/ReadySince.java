package org.lxcauto.lifecycle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.lxcauto.state.ContainerRecord;
import org.lxcauto.state.Outcome;
import org.lxcauto.state.RunRecord;

/**
 * When each container last became ready, from every record that can say so: the last boot, start,
 * restart and reload, the last stop and shutdown, and what the daemon saw itself. The last boot
 * alone would keep saying "ready for 3 days" of a container restarted a minute ago.
 *
 * <p>The moments are replayed in time order: a start that made a container ready sets the time; an
 * adoption sets it only when nothing earlier is known; a stop forgets it. Then what the runtime
 * says of the run itself (when its init started) settles two cases the records cannot: a container
 * lxc-auto only ever adopted (after a restart of the daemon, every running one) is ready since its
 * init started, as near as anyone can tell; and one whose init started after the recorded time was
 * restarted behind lxc-auto's back (lxc-stop, lxc-start), so the record is about an earlier run.
 */
final class ReadySince {

    private enum Kind { READY, ADOPTED, DOWN }

    private record Moment(Instant at, String name, Kind kind) {
    }

    private ReadySince() {
    }

    /**
     * @param ups records of runs that start containers (boot, start, restart, reload)
     * @param downs records of runs that stop them (stop, shutdown)
     * @param seen ready times the daemon saw itself, by container
     * @param started when the current run of each running container began, where the runtime can tell
     */
    static Map<String, Instant> of(List<RunRecord> ups, List<RunRecord> downs, Map<String, Instant> seen,
            Map<String, Instant> started) {
        List<Moment> moments = new ArrayList<>();
        for (RunRecord run : ups) {
            for (ContainerRecord c : containers(run)) {
                if (c.end() != null && c.outcome() == Outcome.READY) {
                    moments.add(new Moment(c.end(), c.name(), Kind.READY));
                } else if (c.end() != null && c.outcome() == Outcome.ADOPTED) {
                    moments.add(new Moment(c.end(), c.name(), Kind.ADOPTED));
                }
            }
        }
        for (RunRecord run : downs) {
            for (ContainerRecord c : containers(run)) {
                if (c.end() != null && (c.outcome() == Outcome.CLEAN || c.outcome() == Outcome.FORCED)) {
                    moments.add(new Moment(c.end(), c.name(), Kind.DOWN));
                }
            }
        }
        seen.forEach((name, at) -> moments.add(new Moment(at, name, Kind.READY)));
        // Ties: a stop recorded at the same instant as a start is taken as having come first.
        moments.sort(Comparator.comparing(Moment::at).thenComparing(m -> m.kind() != Kind.DOWN));
        Map<String, Instant> since = new HashMap<>();
        Set<String> adoptedOnly = new HashSet<>();
        for (Moment m : moments) {
            switch (m.kind()) {
                case READY -> {
                    since.put(m.name(), m.at());
                    adoptedOnly.remove(m.name());
                }
                case ADOPTED -> {
                    if (since.putIfAbsent(m.name(), m.at()) == null) {
                        adoptedOnly.add(m.name());
                    }
                }
                case DOWN -> {
                    since.remove(m.name());
                    adoptedOnly.remove(m.name());
                }
            }
        }
        started.forEach((name, at) -> {
            Instant recorded = since.get(name);
            if (recorded == null || adoptedOnly.contains(name) || at.isAfter(recorded)) {
                since.put(name, at);
            }
        });
        return since;
    }

    private static List<ContainerRecord> containers(RunRecord run) {
        return run.containers() == null ? List.of()
                : run.containers().stream().filter(Objects::nonNull).filter(c -> c.name() != null).toList();
    }
}
