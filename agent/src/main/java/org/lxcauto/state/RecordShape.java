package org.lxcauto.state;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What a parsed state file must look like to be used. JSON that parses can still lack what the
 * readers rely on: a container without a name (status files
 * rows by name). Lists that are missing are taken as empty, as an older version or a hand edit
 * may leave them; a field is only ever added to these files, never removed.
 */
final class RecordShape {

    private RecordShape() {
    }

    /** A run record with every list present and every listed item named. */
    static RunRecord run(RunRecord run) throws Unusable {
        List<ContainerRecord> containers = named(run.containers(), "containers", ContainerRecord::name);
        containers = containers.stream().map(c -> c.waitedFor() != null ? c
                : new ContainerRecord(c.name(), c.outcome(), List.of(), c.begin(), c.end(), c.released(), c.ipv4(),
                        c.error(), c.needs())).toList();
        return new RunRecord(run.kind(), run.started(), run.finished(), run.exitCode(), containers,
                named(run.excluded(), "excluded", RunRecord.Excluded::name),
                named(run.interfaces(), "interfaces", InterfaceRecord::name));
    }

    /** The names in {@code running.json}: here a missing list is damage, not "nothing ran". */
    static List<String> running(StateStore.Running running) throws Unusable {
        if (running.containers() == null) {
            throw new Unusable("no 'containers' list");
        }
        return named(running.containers(), "containers", Function.identity());
    }

    private static <T> List<T> named(List<T> items, String field, Function<T, String> name) throws Unusable {
        if (items == null) {
            return List.of();
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            T item = items.get(i);
            if (item == null || name.apply(item) == null || name.apply(item).isBlank()) {
                throw new Unusable("'" + field + "[" + i + "]' has no name");
            }
            out.add(item);
        }
        return List.copyOf(out);
    }

    /** The document parsed but cannot be used; the message says why. */
    static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;

        Unusable(String message) {
            super(message);
        }
    }
}
