package org.lxcauto.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lxcauto.config.Entries.config;
import static org.lxcauto.config.Entries.e;
import static org.lxcauto.lifecycle.Lookups.ref;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lxcauto.container.FakePortProbe;
import org.lxcauto.container.FakeRuntime;
import org.lxcauto.event.ContainerEvent;
import org.lxcauto.event.Events;
import org.lxcauto.network.FakeLinkWatcher;
import org.lxcauto.network.FakeNetworkManager;
import org.lxcauto.plan.Selection;
import org.lxcauto.state.RunRecord;
import org.lxcauto.state.StateStore;
import org.lxcauto.system.FakeClock;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle events a boot and a shutdown tell, in fake time: their order along the dependency
 * graph, their durations, a failure's reason, and the fields each event line carries.
 */
@Timeout(10)
class LifecycleEventsTest {

    @TempDir
    Path stateDir;

    private final FakeClock clock = new FakeClock();
    private final FakeRuntime runtime = new FakeRuntime(clock);
    /** Every event heard, as "KIND NAME [MILLISECONDS ms]". */
    private final List<String> heard = Collections.synchronizedList(new ArrayList<>());
    private final List<ContainerEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final List<RunRecord> runs = Collections.synchronizedList(new ArrayList<>());

    private final Events sink = new Events() {
        @Override
        public void container(ContainerEvent event) {
            events.add(event);
            heard.add(event.kind().journalName() + " " + event.container()
                    + event.duration().map(d -> " " + d.toMillis() + " ms").orElse(""));
        }

        @Override
        public void finished(RunRecord run) {
            runs.add(run);
        }
    };

    private Host host() {
        return FakeHosts.host(runtime, new FakeLinkWatcher("lxcbr0"), new FakePortProbe(), clock, new FakeNetworkManager(false))
                .withEvents(sink);
    }

    @Test
    void aBootTellsEachStartAndItsReadinessInDependencyOrder() throws InterruptedException {
        runtime.add(ref("db"));
        runtime.add(ref("web"));
        runtime.readyAfterProbes("db", 2);

        new Boot(host(), new StateStore(stateDir)).run(config(e("web").after("db"), e("db").ready("ipv4")),
                Selection.all(), "boot");

        ContainerEvent db = events.stream().filter(e -> e.kind() == ContainerEvent.Kind.READY).findFirst().orElseThrow();
        long dbMillis = db.took().toMillis();
        assertTrue(dbMillis > 0, "db's readiness took fake time: " + heard);
        assertEquals(List.of("starting db", "ready db " + dbMillis + " ms", "starting web", "ready web 0 ms"), heard);
        assertEquals(clock.now(), events.get(events.size() - 1).at());
        assertEquals(1, runs.size(), "the run's end is heard once");
        assertEquals("boot", runs.get(0).kind());
    }

    @Test
    void aFailedStartSaysWhyAndItsRequiredDependentIsSkipped() throws InterruptedException {
        runtime.add(ref("db"));
        runtime.add(ref("web"));
        runtime.failStart("db", "lxc-start: bridge interface doesn't exist");

        new Boot(host(), new StateStore(stateDir)).run(config(e("web").after("db"), e("db")), Selection.all(), "boot");

        assertEquals(List.of("starting db", "failed db 0 ms", "skipped web"), heard);
        assertTrue(events.get(1).message().startsWith("Cannot start 'db': ")
                && events.get(1).message().contains("bridge interface doesn't exist"), events.get(1)::message);
    }

    @Test
    void aContainerThePlanCannotStartFailedWithItsReason() throws InterruptedException {
        runtime.add(ref("web"));

        new Boot(host(), new StateStore(stateDir)).run(config(e("web").after("db")), Selection.all(), "boot");

        assertEquals(List.of("failed web"), heard);
        assertTrue(events.get(0).message().startsWith("Cannot start 'web': needs 'db', which is not an autostart container"),
                events.get(0)::message);
    }

    @Test
    void aShutdownTellsCleanAndForcedStopsWithTheirDurations() throws InterruptedException {
        runtime.addRunning(ref("db"));
        runtime.addRunning(ref("web"));
        runtime.ignoreHalt("web");
        runtime.stopTakes("db", Duration.ofMillis(300));

        new Shutdown(host(), new StateStore(stateDir)).run(config(e("web").after("db").stopTimeout(10), e("db")),
                Selection.all(), Duration.ofSeconds(120), "shutdown");

        assertEquals(List.of("stopping web", "stopped-forced web 10000 ms", "stopping db", "stopped-clean db 300 ms"), heard);
        assertEquals("shutdown", runs.get(0).kind());
    }

    @Test
    void eachEventLineCarriesTheJournalFieldsAndKeepsItsText() throws InterruptedException {
        runtime.addRunning(ref("web"));
        runtime.ignoreHalt("web");
        Logger logger = (Logger) LoggerFactory.getLogger(StopTask.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            new Shutdown(host(), new StateStore(stateDir)).run(config(e("web").stopTimeout(3)), Selection.all(),
                    Duration.ofSeconds(120), "shutdown");
        } finally {
            logger.detachAppender(appender);
        }

        ILoggingEvent forced = appender.list.stream().filter(l -> l.getFormattedMessage().contains("killed")).findFirst()
                .orElseThrow();
        assertEquals("WARN", forced.getLevel().toString());
        assertTrue(forced.getFormattedMessage().startsWith("web: did not halt within 3s, killed (forced stop after 3000 ms)"),
                forced::getFormattedMessage);
        Map<String, String> fields = forced.getKeyValuePairs().stream()
                .collect(Collectors.toMap(kv -> kv.key, kv -> String.valueOf(kv.value)));
        assertEquals(Map.of("CONTAINER_NAME", "web", "LXC_AUTO_EVENT", "stopped-forced", "LXC_AUTO_DURATION_MS", "3000"),
                fields);
    }
}
