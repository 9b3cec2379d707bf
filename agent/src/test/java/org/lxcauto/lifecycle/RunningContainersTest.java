package org.lxcauto.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.lxcauto.config.Entries.LXCPATH;
import static org.lxcauto.config.Entries.config;
import static org.lxcauto.config.Entries.e;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lxcauto.config.Configuration;
import org.lxcauto.container.ContainerRef;
import org.lxcauto.container.FakeRuntime;
import org.lxcauto.system.FakeClock;

/** {@link RunningContainers}: what runs, under every lxcpath the configuration uses and among its domains. */
class RunningContainersTest {

    private static final String QEMU = "qemu:///system";
    private static final Path OTHER = Path.of("/srv/lxc");

    private final FakeRuntime runtime = new FakeRuntime(new FakeClock());

    @Test
    void containersUnderEveryLxcpathAndOnlyTheDomainsEntriesName() throws InterruptedException {
        runtime.addRunning(new ContainerRef.Lxc(LXCPATH, "db"));
        runtime.addRunning(new ContainerRef.Lxc(LXCPATH, "stray"));
        runtime.addRunning(new ContainerRef.Lxc(OTHER, "web-ephemeral"));
        runtime.addRunning(new ContainerRef.Lxc(Path.of("/unused"), "elsewhere"));
        runtime.addRunning(new ContainerRef.Domain(QEMU, "vm"));
        runtime.addRunning(new ContainerRef.Domain(QEMU, "libvirts-own"));
        runtime.add(new ContainerRef.Domain(QEMU, "idle"));
        Configuration config = config(e("db"), e("web").lxcpath(OTHER).ephemeral(), e("vm").domain(QEMU),
                e("idle").domain(QEMU));

        assertEquals(Map.of(
                "db", new ContainerRef.Lxc(LXCPATH, "db"),
                "stray", new ContainerRef.Lxc(LXCPATH, "stray"),
                "web", new ContainerRef.Lxc(OTHER, "web-ephemeral"),
                "vm", new ContainerRef.Domain(QEMU, "vm")), RunningContainers.find(runtime, config));
    }
}
