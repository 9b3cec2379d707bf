package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real qemu VM (software emulation: a Debian kernel and a busybox initramfs) under libvirt's
 * QEMU driver, in one graph with an LXC container that depends on it. The VM is started through
 * libvirt-dbus, and stopped through its ACPI power button: its own init prints CLEAN-STOP on the
 * serial console when the button is pressed, which is the proof of a clean stop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QemuDomainTest {

    static final Path IMAGE_SCRIPT = Lab.ROOT.resolve("tests/qemu-guest-image");

    private Lab lab;
    private LibvirtHost libvirt;
    private String vm;
    private Path console;

    @BeforeAll
    void createGraph() throws IOException {
        Commands.Result image = Commands.run(List.of(IMAGE_SCRIPT.toString()), Map.of(), 600);
        assertEquals(0, image.exitCode(), image.all());
        lab = Lab.create();
        libvirt = LibvirtHost.start(true);
        lab.bus = libvirt.busAddress;
        vm = lab.name("vm");
        console = libvirt.dir.resolve(vm + ".console");
        libvirt.qemuDomain(vm, Path.of(image.stdout().strip()), console);
        lab.entry(vm, "[domain]\nuri = qemu:///system\nstart-timeout = 120\nstop-timeout = 60\n");
        lab.container("app", "", Map.of("ready-after", "0.2"));
        lab.entry(lab.name("app"), "[container]\nafter = " + vm + "\nready = exec:test -f /ready\n");
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
    void bootStartsTheVmThenTheContainerThatNeedsIt() throws IOException, InterruptedException {
        Instant begin = Instant.now();
        Commands.Result boot = lab.agent("boot");
        System.out.printf("qemu VM + container boot: %d ms, exit %d%n", Duration.between(begin, Instant.now()).toMillis(),
                boot.exitCode());
        assertEquals(0, boot.exitCode(), () -> boot.all() + "\n" + libvirt.logs());
        assertEquals("running", libvirt.virsh("-c", libvirt.qemuUri(), "domstate", vm).stdout().strip());
        Map<String, JsonNode> records = lab.records("last-boot.json");
        assertEquals("READY", records.get("vm").get("outcome").asText());
        assertEquals("READY", records.get("app").get("outcome").asText());
        Instant vmUp = Instant.parse(records.get("vm").get("end").asText());
        Instant appBegin = Instant.parse(records.get("app").get("begin").asText());
        assertTrue(!appBegin.isBefore(vmUp), "app began at " + appBegin + ", before the VM was up at " + vmUp);
        // The guest boots (its init prints READY), so the stop below reaches a live init.
        Instant deadline = Instant.now().plusSeconds(90);
        while (!consoleText().contains("READY") && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        assertTrue(consoleText().contains("READY"), "the guest never printed READY:\n" + consoleText());
    }

    @Test
    @Order(2)
    void shutdownStopsTheContainerFirstThenTheVmThroughItsPowerButton() throws IOException {
        Instant begin = Instant.now();
        Commands.Result shutdown = lab.agent("shutdown");
        System.out.printf("qemu VM + container shutdown: %d ms, exit %d%n",
                Duration.between(begin, Instant.now()).toMillis(), shutdown.exitCode());
        assertEquals(0, shutdown.exitCode(), () -> shutdown.all() + "\n" + libvirt.logs());
        assertTrue(consoleText().contains("CLEAN-STOP"), "the guest's init never saw the power button:\n" + consoleText());
        assertEquals("shut off", libvirt.virsh("-c", libvirt.qemuUri(), "domstate", vm).stdout().strip());
        Map<String, JsonNode> records = lab.records("last-shutdown.json");
        assertEquals("CLEAN", records.get("vm").get("outcome").asText(), records.get("vm").toString());
        assertEquals("CLEAN", records.get("app").get("outcome").asText());
        assertEquals("clean", Lab.read(lab.rootfs(lab.name("app")).resolve("stopped")).strip());
        Instant appEnd = Instant.parse(records.get("app").get("end").asText());
        Instant vmBegin = Instant.parse(records.get("vm").get("begin").asText());
        assertTrue(!vmBegin.isBefore(appEnd), "the VM was asked to stop at " + vmBegin + ", before app had stopped at " + appEnd);
    }

    private String consoleText() throws IOException {
        return Files.exists(console) ? Files.readString(console).replace("\r", "") : "";
    }
}
