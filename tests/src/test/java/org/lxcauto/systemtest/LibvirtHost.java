package org.lxcauto.systemtest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real libvirtd (LXC driver) with libvirt-dbus on a private bus ({@code tests/libvirt-host}),
 * confined to namespaces of its own, for one test class; and libvirt-lxc domains for it whose init
 * is the same test init the LXC containers run. {@link #close} destroys the domains, stops exactly
 * what the harness started (by recorded PID) and removes the directory; call it from
 * {@code @AfterAll}.
 */
final class LibvirtHost implements AutoCloseable {

    static final Path HARNESS = Lab.ROOT.resolve("tests/libvirt-host");
    /** The busybox applets the test init uses. */
    private static final List<String> APPLETS = List.of("sh", "sleep", "cat", "touch", "nc", "true", "test", "echo");

    final Path dir;
    /** D-Bus address of the private bus, where libvirt-dbus owns {@code org.libvirt}. */
    final String busAddress;
    /** A URI the host's own virsh reaches this libvirtd with (its socket in {@link #dir}). */
    final String hostUri;

    private LibvirtHost(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.busAddress = env.get("LIBVIRT_BUS");
        this.hostUri = env.get("LIBVIRT_URI");
    }

    /** Starts libvirtd (LXC driver), the bus and libvirt-dbus; cleans up itself if that fails. */
    static LibvirtHost start() throws IOException {
        return start(false);
    }

    /**
     * Same, with libvirt's QEMU driver too when {@code qemu}: software emulation, no KVM.
     */
    static LibvirtHost start(boolean qemu) throws IOException {
        Path dir = Files.createTempDirectory("lxc-auto-libvirt-");
        Commands.Result started = Commands.run(List.of(HARNESS.toString(), "start", dir.toString()),
                Map.of("LIBVIRT_HOST_QEMU", qemu ? "1" : "0"), 120);
        if (started.exitCode() != 0) {
            Commands.run(HARNESS.toString(), "stop", dir.toString());
            throw new AssertionError("tests/libvirt-host start failed:\n" + started.all());
        }
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("env"))) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1).replaceAll("^'|'$", ""));
            }
        }
        return new LibvirtHost(dir, env);
    }

    /** Runs {@code virsh -c URI ARGS} on the host against this libvirtd. */
    Commands.Result virsh(String... args) {
        List<String> argv = new ArrayList<>(List.of("virsh", "-q", "-c", hostUri));
        argv.addAll(List.of(args));
        return Commands.run(argv, Map.of(), 60);
    }

    /** Same, failing the test unless it exits 0. */
    Commands.Result virshOk(String... args) {
        Commands.Result result = virsh(args);
        if (result.exitCode() != 0) {
            throw new AssertionError("virsh failed: " + result.all() + "\n" + logs());
        }
        return result;
    }

    /**
     * Defines libvirt-lxc domain {@code name}: a busybox root under this directory, the test init as
     * PID 1, {@code files} written into the root to steer it ("ready-after", "hang"), no network.
     *
     * @return the domain's root directory, where its init writes events.log and the stop marker
     */
    Path domain(String name, Map<String, String> files) throws IOException {
        Path root = dir.resolve("domains").resolve(name);
        for (String sub : List.of("bin", "sbin", "proc", "dev", "sys", "tmp", "etc")) {
            Files.createDirectories(root.resolve(sub));
        }
        Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
        for (String applet : APPLETS) {
            Files.createSymbolicLink(root.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        Path init = root.resolve("sbin/testinit");
        try (InputStream script = LibvirtHost.class.getResourceAsStream("/testinit.sh")) {
            Files.copy(script, init);
        }
        Files.setPosixFilePermissions(init, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(root.resolve(file.getKey()), file.getValue());
        }
        Path xml = dir.resolve(name + ".xml");
        Files.writeString(xml, """
                <domain type='lxc'>
                  <name>%s</name>
                  <memory unit='MiB'>64</memory>
                  <os><type>exe</type><init>/sbin/testinit</init></os>
                  <devices>
                    <filesystem type='mount'><source dir='%s'/><target dir='/'/></filesystem>
                    <console type='pty'/>
                  </devices>
                </domain>
                """.formatted(name, root));
        virshOk("define", xml.toString());
        return root;
    }

    /**
     * Defines QEMU domain {@code name}: the tiny guest of {@code tests/qemu-guest-image} in
     * {@code image}, its serial console written to {@code console} (READY once up, CLEAN-STOP
     * on the ACPI power button, which a clean shutdown presses).
     */
    void qemuDomain(String name, Path image, Path console) throws IOException {
        String xml;
        try (InputStream template = LibvirtHost.class.getResourceAsStream("/libvirt/qemu-guest.xml")) {
            xml = new String(template.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        xml = xml.replace("@NAME@", name).replace("@KERNEL@", image.resolve("vmlinuz").toString())
                .replace("@INITRD@", image.resolve("initrd.img").toString()).replace("@CONSOLE@", console.toString());
        Path file = dir.resolve(name + ".xml");
        Files.writeString(file, xml);
        virshOk("-c", qemuUri(), "define", file.toString());
    }

    /** The QEMU connection of this libvirtd, for the host's virsh. */
    String qemuUri() {
        return hostUri.replace("lxc:///", "qemu:///");
    }

    /** What libvirtd, libvirt-dbus and the bus logged, for a failure's message. */
    String logs() {
        StringBuilder out = new StringBuilder();
        try (var files = Files.walk(dir, 2)) {
            files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().forEach(f ->
                    out.append("--- ").append(f.getFileName()).append(":\n").append(Lab.read(f)).append('\n'));
        } catch (IOException e) {
            out.append("(cannot list ").append(dir).append(": ").append(e.getMessage()).append(")\n");
        }
        return out.toString();
    }

    /** {@code virsh domstate}: "running", "shut off", ... */
    String state(String name) {
        return virsh("domstate", name).stdout().strip();
    }

    @Override
    public void close() {
        Commands.Result stopped = Commands.run(List.of(HARNESS.toString(), "stop", dir.toString()), Map.of(), 120);
        if (stopped.exitCode() != 0) {
            System.err.println("tests/libvirt-host stop failed; left " + dir + " for inspection\n" + stopped.all());
            return;
        }
        try {
            Commands.run("rm", "-rf", "--one-file-system", dir.toString());
        } catch (UncheckedIOException e) {
            System.err.println("could not remove " + dir + ": " + e.getMessage());
        }
    }
}
