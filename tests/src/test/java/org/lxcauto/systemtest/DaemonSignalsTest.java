package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ContainerStateChanged} seen by a real subscriber on a real bus: through the daemon's own
 * boot (which runs before the daemon owns its name), a stop and a start through the daemon, each
 * signal naming the container and its new state, in the order the daemon acted.
 */
class DaemonSignalsTest extends LabTest {

    @Test
    void aSubscriberSeesEveryStateInOrder() throws Exception {
        String db = lab.container("db", "", Map.of());
        lab.entry("db", "[container]\nname = " + db + "\n");
        String web = lab.container("web", "", Map.of());
        lab.entry("web", "[container]\nname = " + web + "\nafter = " + db + "\n");
        try (PrivateBus bus = PrivateBus.start(lab.dir); StateSubscriber subscriber = StateSubscriber.subscribe(bus.address)) {
            lab.bus = bus.address;
            try (DaemonProcess daemon = DaemonProcess.start(lab, "daemon")) {
                daemon.awaitNotification("READY=1", 60);
                List<StateSubscriber.Change> boot = subscriber.next(2, 30);
                assertEquals(db + " ready, " + web + " ready", text(boot), daemon.output());
                String daemonName = subscriber.owner("org.lxcauto.Agent1");
                for (StateSubscriber.Change change : boot) {
                    assertEquals(daemonName, change.sender(), "the boot's signals come from the daemon's connection");
                }

                Commands.Result stop = lab.agent("stop", db);
                assertEquals(0, stop.exitCode(), stop.all());
                assertEquals(web + " clean, " + db + " clean", text(subscriber.next(2, 30)), "dependents first");

                Commands.Result start = lab.agent("start", web);
                assertEquals(0, start.exitCode(), start.all());
                assertEquals(db + " ready, " + web + " ready", text(subscriber.next(2, 30)));

                Commands.Result again = lab.agent("start", web);
                assertEquals(0, again.exitCode(), again.all());
                assertEquals(db + " adopted, " + web + " adopted", text(subscriber.next(2, 30)));
                assertEquals(List.of(), subscriber.rest());
            }
        }
    }

    private static String text(List<StateSubscriber.Change> changes) {
        return String.join(", ", changes.stream().map(StateSubscriber.Change::toString).toList());
    }
}
