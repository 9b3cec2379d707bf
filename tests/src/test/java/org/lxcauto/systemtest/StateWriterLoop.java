package org.lxcauto.systemtest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.lxcauto.state.ContainerRecord;
import org.lxcauto.state.Outcome;
import org.lxcauto.state.RunRecord;
import org.lxcauto.state.StateStore;

/**
 * A writer to be killed: saves {@link #small()} and {@link #large()} as the last boot in the
 * state directory given as the argument, in turn, through the agent's own {@link StateStore},
 * until it is killed. Prints "writing" once a first write is done and the loop begins, so that
 * the killer can aim at the loop.
 */
public final class StateWriterLoop {

    private StateWriterLoop() {
    }

    public static void main(String[] args) throws IOException {
        StateStore store = new StateStore(Path.of(args[0]));
        RunRecord small = small();
        RunRecord large = large();
        store.saveRun(small); // warm: the first write loads Jackson, and a kill during that hits no write
        System.out.println("writing");
        System.out.flush();
        for (long i = 0; ; i++) {
            store.saveRun(i % 2 == 0 ? large : small);
        }
    }

    static RunRecord small() {
        return record(1);
    }

    /** About a megabyte: its write and fsync take long enough for kills to land in the middle. */
    static RunRecord large() {
        return record(3000);
    }

    private static RunRecord record(int containers) {
        Instant t = Instant.parse("2026-12-04T07:00:03Z");
        List<ContainerRecord> list = new ArrayList<>();
        for (int i = 0; i < containers; i++) {
            list.add(new ContainerRecord("container-" + i, Outcome.FAILED, List.of("db", "cache"), t, t.plusMillis(i),
                    t.plusMillis(i), "10.0." + (i / 250) + "." + (i % 250),
                    "Cannot start 'container-" + i + "': lxc-start failed: " + "x".repeat(200)));
        }
        return new RunRecord("boot", t, t.plusSeconds(containers), 2, list, List.of(), List.of());
    }
}
