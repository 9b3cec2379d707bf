package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * LXC containers and libvirt-lxc domains in one graph, on a real libvirtd and libvirt-dbus on a
 * private bus: the agent starts them in dependency order across both kinds, stops them dependents
 * first, each domain cleanly through its own init (which logs the signal and writes the marker),
 * and destroys a domain that ignores the shutdown after its stop-timeout, reported as forced.
 * Orderings come from the timestamps the inits write; /proc/uptime is the host's in both kinds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LibvirtDomainTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String URI = "lxc:///system";

    private Lab lab;
    private LibvirtHost libvirt;
    private final Map<String, Path> domainRoots = new LinkedHashMap<>();

    @BeforeAll
    void createGraph() throws IOException {
        lab = Lab.create();
        libvirt = LibvirtHost.start();
        lab.bus = libvirt.busAddress;
        lab.agentConfig("max-parallel = 8\nstop-timeout = 10\n");
        // cache (container) -> appvm (domain) -> web (container); dbvm (domain) -> web; hangvm alone.
        domain("dbvm", Map.of("ready-after", "0.3"), "");
        lab.container("cache", "", Map.of("ready-after", "0.5"));
        lab.entry(lab.name("cache"), "[container]\nready = exec:test -f /ready\n");
        domain("appvm", Map.of(), "after = " + lab.name("cache") + "\n");
        lab.container("web", "", Map.of("ready-after", "0.2"));
        lab.entry(lab.name("web"), "[container]\nafter = " + lab.name("appvm") + " " + lab.name("dbvm")
                + "\nready = exec:test -f /ready\n");
        domain("hangvm", Map.of("hang", "yes"), "stop-timeout = 2\n");
        // A domain libvirt autostarts by itself, which no entry names: left alone, and said so.
        libvirt.domain(lab.name("lonevm"), Map.of());
        libvirt.virshOk("autostart", lab.name("lonevm"));
    }

    private void domain(String shortName, Map<String, String> files, String extra) throws IOException {
        String name = lab.name(shortName);
        domainRoots.put(shortName, libvirt.domain(name, files));
        lab.entry(name, "[domain]\nuri = " + URI + "\n" + extra);
    }

    @AfterAll
    void cleanUp() {
        if (libvirt != null) {
            libvirt.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Order(1)
    void planShowsContainersAndDomainsInOneOrder() throws IOException {
        Commands.Result plan = lab.agent("plan");
        assertEquals(0, plan.exitCode(), plan.all());
        assertTrue(plan.stdout().contains(lab.name("appvm") + "  domain " + URI + "  after " + lab.name("cache")),
                plan.stdout());
        assertTrue(plan.stdout().contains("Left to libvirt (its own autostart flag; no entry names them):\n  " + URI
                + ": " + lab.name("lonevm")), plan.stdout());

        JsonNode json = JSON.readTree(lab.agent("plan", "--json").stdout());
        Map<String, Integer> wave = new LinkedHashMap<>();
        json.get("steps").forEach(s -> wave.put(s.get("name").asText(), s.get("wave").asInt()));
        assertTrue(wave.get(lab.name("cache")) < wave.get(lab.name("appvm")), wave.toString());
        assertTrue(wave.get(lab.name("appvm")) < wave.get(lab.name("web")), wave.toString());
        json.get("steps").forEach(s -> {
            boolean domain = domainRoots.containsKey(s.get("name").asText().substring(lab.prefix.length() + 1));
            assertEquals(domain ? URI : null, s.hasNonNull("uri") ? s.get("uri").asText() : null, s.toString());
        });
        assertEquals(lab.name("lonevm"), json.get("leftToLibvirt").get(URI).get(0).asText(), json.toString());
    }

    @Test
    @Order(2)
    void bootStartsAcrossContainersAndDomainsInDependencyOrder() throws IOException {
        Instant begin = Instant.now();
        Commands.Result boot = lab.agent("boot");
        System.out.printf("containers + libvirt domains boot: %d ms, exit %d%n",
                Duration.between(begin, Instant.now()).toMillis(), boot.exitCode());
        assertEquals(0, boot.exitCode(), () -> boot.all() + "\n" + libvirt.logs());

        for (String vm : domainRoots.keySet()) {
            assertEquals("running", libvirt.state(lab.name(vm)), vm);
        }
        assertEquals("shut off", libvirt.state(lab.name("lonevm")), "a domain no entry names is never started");
        // Container -> domain: appvm started only once cache was ready.
        assertTrue(events("appvm").get("start") >= events("cache").get("ready"),
                "appvm started before cache was ready: " + events("appvm") + " " + events("cache"));
        // Domain -> container: web started only after both domains were up.
        assertTrue(events("web").get("start") >= events("appvm").get("start"));
        assertTrue(events("web").get("start") >= events("dbvm").get("start"));
        Map<String, JsonNode> records = lab.records("last-boot.json");
        for (String name : new String[] {"dbvm", "cache", "appvm", "web", "hangvm"}) {
            assertEquals("READY", records.get(name).get("outcome").asText(), name + ": " + records.get(name));
        }
        assertTrue(boot.stderr().contains("libvirt-dbus"), "the log says which way libvirt is reached:\n" + boot.stderr());
    }

    @Test
    @Order(3)
    void shutdownStopsDependentsFirstAndDestroysTheDomainThatIgnoresIt() throws IOException {
        Instant begin = Instant.now();
        Commands.Result shutdown = lab.agent("shutdown");
        System.out.printf("containers + libvirt domains shutdown: %d ms, exit %d%n",
                Duration.between(begin, Instant.now()).toMillis(), shutdown.exitCode());
        assertEquals(2, shutdown.exitCode(), "one stop was forced\n" + shutdown.all());

        // Dependents first, across kinds: web before appvm and dbvm, appvm before cache.
        assertTrue(events("web").get("halt") <= events("appvm").get("halt"), "appvm halted before web");
        assertTrue(events("web").get("halt") <= events("dbvm").get("halt"), "dbvm halted before web");
        assertTrue(events("appvm").get("halt") <= events("cache").get("halt"), "cache halted before appvm");

        Map<String, JsonNode> records = lab.records("last-shutdown.json");
        for (String vm : new String[] {"dbvm", "appvm"}) {
            assertEquals("clean", Lab.read(domainRoots.get(vm).resolve("stopped")).strip(), vm + " stopped by its own init");
            assertEquals("CLEAN", records.get(vm).get("outcome").asText(), vm);
            assertEquals("shut off", libvirt.state(lab.name(vm)), vm);
        }
        assertEquals("CLEAN", records.get("web").get("outcome").asText());
        assertEquals("CLEAN", records.get("cache").get("outcome").asText());

        JsonNode hang = records.get("hangvm");
        assertEquals("FORCED", hang.get("outcome").asText(), hang.toString());
        assertTrue(events("hangvm").containsKey("ignoring"), "the shutdown reached its init, which ignored it");
        assertFalse(Files.exists(domainRoots.get("hangvm").resolve("stopped")));
        Duration forcedAfter = Duration.between(Instant.parse(hang.get("begin").asText()), Instant.parse(hang.get("end").asText()));
        assertTrue(forcedAfter.toMillis() >= 2000 && forcedAfter.toMillis() < 8000, "destroyed after " + forcedAfter);
        assertEquals("shut off", libvirt.state(lab.name("hangvm")));
        assertTrue(shutdown.stderr().contains(lab.name("hangvm") + ": did not halt within 2s"), shutdown.stderr());
    }

    @Test
    @Order(4)
    void withoutLibvirtDbusVirshDoesTheSame() throws IOException {
        // No bus at all: the agent falls back to virsh, with a URI that reaches this libvirtd's socket.
        lab.bus = "unix:path=" + libvirt.dir.resolve("no-such-bus");
        String name = lab.name("dbvm");
        lab.entry(name, "[domain]\nuri = " + libvirt.hostUri + "\n");
        for (String other : new String[] {"cache", "appvm", "web", "hangvm"}) {
            Files.delete(lab.autoDir.resolve(lab.name(other) + ".conf"));
        }
        Files.delete(domainRoots.get("dbvm").resolve("events.log"));
        Files.delete(domainRoots.get("dbvm").resolve("stopped"));

        Commands.Result boot = lab.agent("boot");
        assertEquals(0, boot.exitCode(), boot.all());
        assertEquals("running", libvirt.state(name));
        assertTrue(boot.stderr().contains("virsh"), "the log says virsh is used:\n" + boot.stderr());
        Commands.Result shutdown = lab.agent("shutdown");
        assertEquals(0, shutdown.exitCode(), shutdown.all());
        assertEquals("shut off", libvirt.state(name));
        assertEquals("clean", Lab.read(domainRoots.get("dbvm").resolve("stopped")).strip());
        assertEquals("CLEAN", lab.records("last-shutdown.json").get("dbvm").get("outcome").asText());
    }

    /** Events the container's or domain's init logged, by short name. */
    private Map<String, Double> events(String shortName) throws IOException {
        Path root = domainRoots.get(shortName);
        if (root == null) {
            return lab.events(lab.name(shortName));
        }
        return Lab.eventsIn(root.resolve("events.log"));
    }
}
