package org.lxcauto.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lxcauto.need.Need;
import org.lxcauto.state.StateFileException;
import org.lxcauto.state.StateStore;
import org.lxcauto.state.WaitingRecord;
import org.lxcauto.system.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link NeedsBoard} kept in the state directory's {@code waiting.json}, where {@code status}, run
 * by another process, reads it. Written only when a wait begins, a need is met or a wait ends:
 * a few small atomic writes per container with needs, none for the others.
 */
final class WaitingFile implements NeedsBoard {

    private static final Logger LOG = LoggerFactory.getLogger(WaitingFile.class);

    private final StateStore store;
    private final Clock clock;
    private final Map<String, WaitingRecord.Container> waiting = new TreeMap<>();
    private boolean warned;

    WaitingFile(StateStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public synchronized void waiting(String container, List<Need> needs) {
        if (needs.isEmpty()) {
            if (waiting.remove(container) == null) {
                return;
            }
        } else {
            WaitingRecord.Container earlier = waiting.get(container);
            waiting.put(container, new WaitingRecord.Container(container, needs.stream().map(Need::toString).toList(),
                    earlier == null ? clock.now() : earlier.since()));
        }
        try {
            store.saveWaiting(new WaitingRecord(ProcessHandle.current().pid(), new ArrayList<>(waiting.values())));
        } catch (StateFileException e) {
            // Only status reads it: the boot goes on, and the log says what each container waits for.
            if (!warned) {
                warned = true;
                LOG.warn("Cannot record which containers wait for their needs in {}: {}; status will not show it",
                        e.file(), e.problem());
            }
        }
    }
}
