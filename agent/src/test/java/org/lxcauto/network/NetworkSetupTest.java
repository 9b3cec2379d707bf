package org.lxcauto.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.lxcauto.config.InterfaceDeclaration;
import org.lxcauto.config.InterfaceDeclaration.Manager;
import org.lxcauto.state.InterfaceRecord;
import org.lxcauto.system.CommandException;
import org.lxcauto.system.FakeClock;
import org.lxcauto.system.FakeCommandRunner;

/**
 * Which backend brings each declared interface up (docs/networks.md, who brings an interface up),
 * what the boot records about it, and that all of them are brought up at once.
 */
class NetworkSetupTest {

    private static final Path FILE = Path.of("/etc/lxc/lxc-auto.conf");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** What a backend does when asked for one interface; may throw like the real ones. */
    @FunctionalInterface
    private interface Behaviour {
        void bringUp(InterfaceDeclaration iface) throws NetworkException, InterruptedException;
    }

    /** A {@link NetworkBackend} that records what it was asked to bring up and with which deadline. */
    private static final class RecordingBackend implements NetworkBackend {
        private final String label;
        private final List<String> names = new CopyOnWriteArrayList<>();
        private final Map<String, Instant> deadlines = new ConcurrentHashMap<>();
        private volatile Behaviour behaviour = iface -> { };

        RecordingBackend(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }

        @Override
        public void bringUp(InterfaceDeclaration iface, Instant deadline) throws NetworkException, InterruptedException {
            names.add(iface.name());
            deadlines.put(iface.name(), deadline);
            behaviour.bringUp(iface);
        }
    }

    private final FakeCommandRunner runner = new FakeCommandRunner();
    private final FakeClock clock = new FakeClock();
    private final RecordingBackend kernel = new RecordingBackend("kernel");
    private final RecordingBackend netcf = new RecordingBackend("netcf");
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private boolean ncftoolInstalled;

    private static InterfaceDeclaration declared(String name, Manager manager, boolean onBoot, int line) {
        return new InterfaceDeclaration(name, InterfaceDeclaration.Kind.BRIDGE, List.of("10.0.3.1/24"), false, List.of(),
                false, manager, onBoot, FILE, line);
    }

    private static InterfaceDeclaration declared(String name, Manager manager) {
        return declared(name, manager, true, 7);
    }

    private void missing(String... names) {
        for (String name : names) {
            runner.on("ip", "-j", "link", "show", "dev", name).exits(1, "", "Device \"" + name + "\" does not exist.\n");
        }
    }

    private NetworkSetup setup(NetworkManagerSession nm) {
        return new NetworkSetup(new IpRoute(runner), kernel, netcf, nm, program -> {
            asked.add(program);
            return ncftoolInstalled;
        }, clock);
    }

    /** Brings {@code interfaces} up and waits (boundedly) for every record. */
    private static Map<String, InterfaceRecord> bringUp(NetworkSetup setup, InterfaceDeclaration... interfaces)
            throws Exception {
        Map<String, CompletableFuture<InterfaceRecord>> futures = setup.start(List.of(interfaces), TIMEOUT);
        Map<String, InterfaceRecord> records = new LinkedHashMap<>();
        for (Map.Entry<String, CompletableFuture<InterfaceRecord>> future : futures.entrySet()) {
            records.put(future.getKey(), future.getValue().get(10, TimeUnit.SECONDS));
        }
        return records;
    }

    private InterfaceRecord only(NetworkManagerSession nm, InterfaceDeclaration iface) throws Exception {
        Map<String, InterfaceRecord> records = bringUp(setup(nm), iface);
        assertEquals(Set.of(iface.name()), records.keySet());
        return records.get(iface.name());
    }

    @Test
    void interfaceAlreadyUpIsLeftAlone() throws Exception {
        runner.on("ip", "-j", "link", "show", "dev", "br0").prints(KernelNetworkTest.link("br0", true, null));
        FakeNetworkManager nm = new FakeNetworkManager(true);
        for (Manager manager : Manager.values()) {
            InterfaceRecord record = only(nm, declared("br0", manager));
            assertEquals(new InterfaceRecord("br0", "external", true, null, FakeClock.START, FakeClock.START), record);
        }
        assertEquals(List.of(), kernel.names);
        assertEquals(List.of(), netcf.names);
        assertEquals(List.of(), nm.broughtUp());
    }

    @Test
    void interfaceThatExistsButIsDownIsBroughtUp() throws Exception {
        runner.on("ip", "-j", "link", "show", "dev", "br0").prints(KernelNetworkTest.link("br0", false, null));
        InterfaceRecord record = only(new FakeNetworkManager(false), declared("br0", Manager.AUTO));
        assertEquals("kernel", record.manager());
        assertEquals(List.of("br0"), kernel.names);
    }

    @Test
    void managerKernelUsesTheKernelEvenWithNetworkManager() throws Exception {
        missing("br0");
        FakeNetworkManager nm = new FakeNetworkManager(true);
        InterfaceRecord record = only(nm, declared("br0", Manager.KERNEL));
        assertTrue(record.ok(), record::toString);
        assertEquals("kernel", record.manager());
        assertNull(record.error());
        assertEquals(List.of("br0"), kernel.names);
        assertEquals(List.of(), nm.broughtUp());
        assertEquals(FakeClock.START.plus(TIMEOUT), kernel.deadlines.get("br0"));
    }

    @Test
    void managerNetworkManagerWithoutItFailsSayingSo() throws Exception {
        missing("br0");
        InterfaceRecord record = only(new AbsentNetworkManager("no system bus at /run/dbus/system_bus_socket"),
                declared("br0", Manager.NETWORKMANAGER));
        assertFalse(record.ok());
        assertEquals("NetworkManager", record.manager(), "a failed bring-up is never recorded as 'external'");
        assertTrue(record.error().contains("NetworkManager is not reachable (no system bus at"
                + " /run/dbus/system_bus_socket)"), record::error);
        assertTrue(record.error().contains("'br0'") && record.error().contains(FILE + ":7"), record::error);
        assertFalse(record.error().contains("through external"), record::error);
        assertEquals(List.of(), kernel.names, "no fallback when NetworkManager was asked for");
    }

    @Test
    void managerNetworkManagerNeverFallsBackToTheKernel() throws Exception {
        // NetworkManager not on the bus (yet): its backend is still the one asked, to wait for it.
        missing("br0");
        FakeNetworkManager nm = new FakeNetworkManager(false);
        assertEquals("NetworkManager", only(nm, declared("br0", Manager.NETWORKMANAGER)).manager());
        assertEquals(List.of("br0"), nm.broughtUp());
        assertEquals(List.of(), kernel.names);
    }

    @Test
    void managerNetworkManagerWithItUsesIt() throws Exception {
        missing("br0");
        FakeNetworkManager nm = new FakeNetworkManager(true);
        InterfaceRecord record = only(nm, declared("br0", Manager.NETWORKMANAGER));
        assertTrue(record.ok(), record::toString);
        assertEquals("NetworkManager", record.manager());
        assertEquals(List.of("br0"), nm.broughtUp());
        assertEquals(List.of(), kernel.names);
    }

    @Test
    void autoPicksNetworkManagerWhenItRuns() throws Exception {
        missing("br0");
        FakeNetworkManager nm = new FakeNetworkManager(true);
        assertEquals("NetworkManager", only(nm, declared("br0", Manager.AUTO)).manager());
        assertEquals(List.of("br0"), nm.broughtUp());
        assertEquals(List.of(), kernel.names);
    }

    @Test
    void autoPicksTheKernelWithoutNetworkManager() throws Exception {
        missing("br0");
        assertEquals("kernel", only(new FakeNetworkManager(false), declared("br0", Manager.AUTO)).manager());
        assertEquals(List.of("br0"), kernel.names);
    }

    @Test
    void netcfWithNcftoolInstalledUsesNetcf() throws Exception {
        missing("br0");
        ncftoolInstalled = true;
        FakeNetworkManager nm = new FakeNetworkManager(true);
        InterfaceRecord record = only(nm, declared("br0", Manager.NETCF));
        assertEquals("netcf", record.manager());
        assertEquals(List.of("br0"), netcf.names);
        assertEquals(List.of(), kernel.names);
        assertEquals(List.of(), nm.broughtUp());
        assertEquals(List.of("ncftool"), asked);
    }

    @Test
    void netcfWithoutNcftoolFallsBackToNetworkManager() throws Exception {
        missing("br0");
        FakeNetworkManager nm = new FakeNetworkManager(true);
        assertEquals("NetworkManager", only(nm, declared("br0", Manager.NETCF)).manager());
        assertEquals(List.of("br0"), nm.broughtUp());
        assertEquals(List.of(), netcf.names);
        assertEquals(List.of("ncftool"), asked);
    }

    @Test
    void netcfWithoutNcftoolOrNetworkManagerFallsBackToTheKernel() throws Exception {
        missing("br0");
        assertEquals("kernel", only(new FakeNetworkManager(false), declared("br0", Manager.NETCF)).manager());
        assertEquals(List.of("br0"), kernel.names);
        assertEquals(List.of(), netcf.names);
    }

    @Test
    void ncftoolIsOnlyLookedForWhenNetcfIsAskedFor() throws Exception {
        missing("br0");
        ncftoolInstalled = true;
        assertEquals("kernel", only(new FakeNetworkManager(false), declared("br0", Manager.AUTO)).manager());
        assertEquals(List.of(), netcf.names);
    }

    @Test
    void backendFailureIsARecordNamingTheInterfaceAndItsDeclaration() throws Exception {
        missing("br0");
        kernel.behaviour = iface -> {
            clock.advance(Duration.ofSeconds(3));
            throw new NetworkException("'ip link add br0 type bridge stp_state 0' failed: Operation not permitted");
        };
        InterfaceRecord record = only(new FakeNetworkManager(false), declared("br0", Manager.KERNEL, true, 12));
        assertFalse(record.ok());
        assertEquals("kernel", record.manager());
        assertEquals("Cannot bring up 'br0' (" + FILE + ":12) through kernel: 'ip link add br0 type bridge stp_state 0'"
                + " failed: Operation not permitted", record.error());
        assertEquals(FakeClock.START, record.begin());
        assertEquals(FakeClock.START.plusSeconds(3), record.end());
    }

    @Test
    void networkManagerFailureIsARecordToo() throws Exception {
        missing("br0");
        InterfaceRecord record = only(new FakeNetworkManager(true).failing("br0"), declared("br0", Manager.AUTO));
        assertFalse(record.ok());
        assertEquals("NetworkManager", record.manager());
        assertTrue(record.error().contains("device-unavailable") && record.error().contains(FILE + ":7"), record::error);
    }

    @Test
    void aProgramThatCannotRunFailsTheInterfaceSayingWhich() throws Exception {
        missing("br0");
        kernel.behaviour = iface -> {
            throw new CommandException("Failed to run 'ip': No such file or directory; is it installed and on PATH?", null);
        };
        InterfaceRecord record = only(new FakeNetworkManager(false), declared("br0", Manager.KERNEL));
        assertFalse(record.ok());
        assertTrue(record.error().startsWith("Cannot bring up 'br0' (" + FILE) && record.error().endsWith(
                "through kernel: Failed to run 'ip': No such file or directory; is it installed and on PATH?"), record::error);
    }

    @Test
    void aBugIsAnInternalErrorInTheRecordNotALostFuture() throws Exception {
        missing("br0");
        kernel.behaviour = iface -> {
            throw new IllegalStateException("boom");
        };
        InterfaceRecord record = only(new FakeNetworkManager(false), declared("br0", Manager.KERNEL));
        assertFalse(record.ok());
        assertEquals("Cannot bring up 'br0': internal error: java.lang.IllegalStateException: boom", record.error());
    }

    @Test
    void successRecordsHowLongItTook() throws Exception {
        missing("br0");
        kernel.behaviour = iface -> clock.advance(Duration.ofMillis(1500));
        InterfaceRecord record = only(new FakeNetworkManager(false), declared("br0", Manager.KERNEL));
        assertEquals(new InterfaceRecord("br0", "kernel", true, null, FakeClock.START, FakeClock.START.plusMillis(1500)),
                record);
    }

    @Test
    void interfacesNotStartedOnBootAreNotBroughtUp() throws Exception {
        missing("br0"); // br1 is unscripted: querying it would fail the test
        Map<String, InterfaceRecord> records = bringUp(setup(new FakeNetworkManager(false)),
                declared("br1", Manager.KERNEL, false, 3), declared("br0", Manager.KERNEL, true, 9));
        assertEquals(Set.of("br0"), records.keySet());
        assertEquals(List.of("br0"), kernel.names);
        assertTrue(runner.argvs().stream().noneMatch(argv -> argv.contains("br1")), runner.argvs()::toString);
    }

    @Test
    void nothingDeclaredNothingDone() throws Exception {
        assertEquals(Map.of(), bringUp(setup(new FakeNetworkManager(true))));
        assertEquals(List.of(), runner.argvs());
    }

    @Test
    void allInterfacesAreBroughtUpConcurrently() throws Exception {
        missing("br0", "br1");
        // Each waits for the other to have started: done one after the other, the first would time out.
        CountDownLatch br0Started = new CountDownLatch(1);
        CountDownLatch br1Started = new CountDownLatch(1);
        List<String> timedOut = new ArrayList<>();
        kernel.behaviour = iface -> {
            CountDownLatch mine = iface.name().equals("br0") ? br0Started : br1Started;
            CountDownLatch other = iface.name().equals("br0") ? br1Started : br0Started;
            mine.countDown();
            if (!other.await(5, TimeUnit.SECONDS)) {
                synchronized (timedOut) {
                    timedOut.add(iface.name());
                }
                throw new NetworkException("the other interface never started alongside " + iface.name());
            }
        };
        Map<String, InterfaceRecord> records = bringUp(setup(new FakeNetworkManager(false)),
                declared("br0", Manager.KERNEL), declared("br1", Manager.KERNEL));
        assertEquals(List.of(), timedOut);
        assertTrue(records.get("br0").ok(), records::toString);
        assertTrue(records.get("br1").ok(), records::toString);
        assertEquals(Set.of("br0", "br1"), Set.copyOf(kernel.names));
    }
}
