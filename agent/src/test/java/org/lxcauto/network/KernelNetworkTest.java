package org.lxcauto.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lxcauto.config.InterfaceDeclaration;
import org.lxcauto.config.InterfaceDeclaration.Kind;
import org.lxcauto.system.FakeClock;
import org.lxcauto.system.FakeCommandRunner;

/**
 * Bringing interfaces up with iproute2 (docs/networks.md, the kernel: hosts without
 * NetworkManager): exactly the commands needed for what is missing, nothing else, and errors that
 * name the declaration.
 */
class KernelNetworkTest {

    private static final Path FILE = Path.of("/etc/lxc/auto/interfaces/br0.xml");
    private static final String ORIGIN = FILE + ":2";
    private static final String MISSING_BR0 = "Device \"br0\" does not exist.\n";

    private final FakeCommandRunner runner = new FakeCommandRunner();
    private final FakeClock clock = new FakeClock();
    private final Instant deadline = clock.now().plusSeconds(30);

    private static InterfaceDeclaration bridge(List<String> addresses, List<String> ports, boolean stp) {
        return new InterfaceDeclaration("br0", Kind.BRIDGE, addresses, false, ports, stp,
                InterfaceDeclaration.Manager.KERNEL, true, FILE, 2);
    }

    private static InterfaceDeclaration ethernet(String name, List<String> addresses, boolean dhcp4) {
        return new InterfaceDeclaration(name, Kind.ETHERNET, addresses, dhcp4, List.of(), false,
                InterfaceDeclaration.Manager.KERNEL, true, FILE, 2);
    }

    /** {@code ip -j link show} output for one link. */
    static String link(String name, boolean up, String master) {
        return "[{\"ifindex\":7,\"ifname\":\"" + name + "\",\"flags\":[\"BROADCAST\",\"MULTICAST\""
                + (up ? ",\"UP\",\"LOWER_UP\"" : "") + "],\"mtu\":1500,\"operstate\":\"" + (up ? "UP" : "DOWN") + "\""
                + (master == null ? "" : ",\"master\":\"" + master + "\"") + "}]\n";
    }

    /** {@code ip -j addr show} output with {@code cidrs} on the link. */
    static String addrs(String name, String... cidrs) {
        StringBuilder json = new StringBuilder("[{\"ifindex\":7,\"ifname\":\"" + name + "\",\"addr_info\":[");
        for (int i = 0; i < cidrs.length; i++) {
            String[] parts = cidrs[i].split("/");
            json.append(i == 0 ? "" : ",").append("{\"family\":\"").append(parts[0].contains(":") ? "inet6" : "inet")
                    .append("\",\"local\":\"").append(parts[0]).append("\",\"prefixlen\":").append(parts[1]).append('}');
        }
        return json.append("]}]\n").toString();
    }

    private KernelNetwork kernel(LinkWatcher links) {
        return new KernelNetwork(new IpRoute(runner), links, clock);
    }

    private void scriptChanges() {
        runner.on("ip", "link", "add").prints("");
        runner.on("ip", "link", "set").prints("");
        runner.on("ip", "addr", "add").prints("");
    }

    /** The commands that changed something (not the {@code -j ... show} queries). */
    private List<List<String>> changes() {
        return runner.argvs().stream().filter(argv -> !argv.get(1).equals("-j")).toList();
    }

    @Test
    void missingBridgeIsCreatedAddressedEnslavedAndSetUp() throws Exception {
        runner.on("ip", "-j", "link", "show", "dev", "br0").exits(1, "", MISSING_BR0).prints(link("br0", true, null));
        runner.on("ip", "-j", "addr", "show", "dev", "br0").prints(addrs("br0"));
        runner.on("ip", "-j", "link", "show", "dev", "eth1").prints(link("eth1", false, null));
        runner.on("ip", "-j", "link", "show", "dev", "eth2").prints(link("eth2", true, "br0"));
        scriptChanges();

        kernel(new FakeLinkWatcher()).bringUp(bridge(List.of("10.0.3.1/24", "fd00::1/64"), List.of("eth1", "eth2"), true),
                deadline);

        assertEquals(List.of(
                List.of("ip", "-j", "link", "show", "dev", "br0"),
                List.of("ip", "link", "add", "br0", "type", "bridge", "stp_state", "1"),
                List.of("ip", "-j", "addr", "show", "dev", "br0"),
                List.of("ip", "addr", "add", "10.0.3.1/24", "broadcast", "+", "dev", "br0"),
                List.of("ip", "addr", "add", "fd00::1/64", "dev", "br0"),
                List.of("ip", "-j", "link", "show", "dev", "eth1"),
                List.of("ip", "link", "set", "dev", "eth1", "master", "br0"),
                List.of("ip", "link", "set", "dev", "eth1", "up"),
                List.of("ip", "-j", "link", "show", "dev", "eth2"),
                List.of("ip", "link", "set", "dev", "br0", "up"),
                List.of("ip", "-j", "link", "show", "dev", "br0")), runner.argvs());
    }

    @Test
    void bridgeWithoutStpIsCreatedWithStpOff() throws Exception {
        runner.on("ip", "-j", "link", "show", "dev", "br0").exits(1, "", MISSING_BR0).prints(link("br0", true, null));
        runner.on("ip", "-j", "addr", "show", "dev", "br0").prints(addrs("br0"));
        scriptChanges();
        kernel(new FakeLinkWatcher()).bringUp(bridge(List.of(), List.of(), false), deadline);
        assertEquals(List.of(
                List.of("ip", "link", "add", "br0", "type", "bridge", "stp_state", "0"),
                List.of("ip", "link", "set", "dev", "br0", "up")), changes());
    }

    @Test
    void existingDownBridgeGetsOnlyWhatIsMissing() throws Exception {
        runner.on("ip", "-j", "link", "show", "dev", "br0").prints(link("br0", false, null)).prints(link("br0", true, null));
        // ip prints IPv6 lower case; the declaration may not.
        runner.on("ip", "-j", "addr", "show", "dev", "br0").prints(addrs("br0", "10.0.3.1/24", "fd00::1/64"));
        runner.on("ip", "-j", "link", "show", "dev", "eth1").prints(link("eth1", true, null));
        scriptChanges();

        kernel(new FakeLinkWatcher()).bringUp(
                bridge(List.of("10.0.3.1/24", "FD00::1/64", "10.0.4.1/24"), List.of("eth1"), false), deadline);

        assertEquals(List.of(
                List.of("ip", "addr", "add", "10.0.4.1/24", "broadcast", "+", "dev", "br0"),
                List.of("ip", "link", "set", "dev", "eth1", "master", "br0"),
                List.of("ip", "link", "set", "dev", "br0", "up")), changes());
    }

    @Test
    void portEnslavedElsewhereIsMovedButNotSetUpAgain() throws Exception {
        runner.on("ip", "-j", "link", "show", "dev", "br0").prints(link("br0", false, null)).prints(link("br0", true, null));
        runner.on("ip", "-j", "addr", "show", "dev", "br0").prints(addrs("br0"));
        runner.on("ip", "-j", "link", "show", "dev", "eth1").prints(link("eth1", true, "virbr0"));
        scriptChanges();
        kernel(new FakeLinkWatcher()).bringUp(bridge(List.of(), List.of("eth1"), false), deadline);
        assertEquals(List.of(
                List.of("ip", "link", "set", "dev", "eth1", "master", "br0"),
                List.of("ip", "link", "set", "dev", "br0", "up")), changes());
    }

    @Test
    void missingPortNamesPortBridgeAndDeclaration() {
        runner.on("ip", "-j", "link", "show", "dev", "br0").exits(1, "", MISSING_BR0);
        runner.on("ip", "-j", "addr", "show", "dev", "br0").prints(addrs("br0"));
        runner.on("ip", "-j", "link", "show", "dev", "eth9").exits(1, "", "Device \"eth9\" does not exist.\n");
        scriptChanges();

        NetworkException e = assertThrows(NetworkException.class,
                () -> kernel(new FakeLinkWatcher()).bringUp(bridge(List.of(), List.of("eth9"), false), deadline));

        assertTrue(e.getMessage().contains("'eth9'"), e::getMessage);
        assertTrue(e.getMessage().contains("'br0'"), e::getMessage);
        assertTrue(e.getMessage().contains(ORIGIN), e::getMessage);
        assertTrue(changes().stream().noneMatch(argv -> argv.contains("up")), () -> "nothing set up: " + changes());
    }

    @Test
    void bridgeStillDownAfterSetUpIsAnError() {
        runner.on("ip", "-j", "link", "show", "dev", "br0").prints(link("br0", false, null));
        runner.on("ip", "-j", "addr", "show", "dev", "br0").prints(addrs("br0"));
        scriptChanges();
        NetworkException e = assertThrows(NetworkException.class,
                () -> kernel(new FakeLinkWatcher()).bringUp(bridge(List.of(), List.of(), false), deadline));
        assertTrue(e.getMessage().contains("'br0' is still down"), e::getMessage);
    }

    @Test
    void dhcpCannotBeDoneByTheKernelPath() {
        runner.on("ip", "-j", "link", "show", "dev", "eth1").prints(link("eth1", false, null));
        scriptChanges();
        NetworkException e = assertThrows(NetworkException.class,
                () -> kernel(new FakeLinkWatcher("eth1")).bringUp(ethernet("eth1", List.of(), true), deadline));
        assertTrue(e.getMessage().contains("DHCP"), e::getMessage);
        assertTrue(e.getMessage().contains("cannot"), e::getMessage);
        assertTrue(e.getMessage().contains(ORIGIN), e::getMessage);
        assertEquals(List.of(), changes());
    }

    /**
     * BUG: a missing bridge that asks for DHCP is created ({@code ip link add}) before the
     * declaration is refused, leaving a half-made bridge behind for every later boot.
     */
    @Test
    void dhcpIsRefusedBeforeAnythingIsCreated() {
        runner.on("ip", "-j", "link", "show", "dev", "br0").exits(1, "", MISSING_BR0);
        scriptChanges();
        InterfaceDeclaration dhcpBridge = new InterfaceDeclaration("br0", Kind.BRIDGE, List.of(), true, List.of(), false,
                InterfaceDeclaration.Manager.NETCF, true, FILE, 2);
        assertThrows(NetworkException.class, () -> kernel(new FakeLinkWatcher()).bringUp(dhcpBridge, deadline));
        assertEquals(List.of(), changes());
    }

    @Test
    void ethernetThatNeverAppearsIsAnErrorAfterWaitingUntilTheDeadline() {
        runner.on("ip", "-j", "link", "show", "dev", "eth1").exits(1, "", "Device \"eth1\" does not exist.\n");
        FakeLinkWatcher links = new FakeLinkWatcher();
        NetworkException e = assertThrows(NetworkException.class,
                () -> kernel(links).bringUp(ethernet("eth1", List.of("10.0.5.1/24"), false), deadline));
        assertTrue(e.getMessage().contains("'eth1' did not appear"), e::getMessage);
        assertTrue(e.getMessage().contains(ORIGIN), e::getMessage);
        assertEquals(List.of(new FakeLinkWatcher.Await("eth1", Duration.ofSeconds(30))), links.awaits());
        assertEquals(List.of(), changes(), "an ethernet interface is never created");
    }

    @Test
    void ethernetThatAppearsIsAddressedAndSetUp() throws Exception {
        runner.on("ip", "-j", "link", "show", "dev", "eth1").exits(1, "", "Device \"eth1\" does not exist.\n")
                .prints(link("eth1", true, null));
        runner.on("ip", "-j", "addr", "show", "dev", "eth1").prints(addrs("eth1"));
        scriptChanges();
        FakeLinkWatcher links = new FakeLinkWatcher().appearAfter("eth1", 1);
        kernel(links).bringUp(ethernet("eth1", List.of("10.0.5.1/24"), false), deadline);
        assertEquals(List.of(
                List.of("ip", "addr", "add", "10.0.5.1/24", "broadcast", "+", "dev", "eth1"),
                List.of("ip", "link", "set", "dev", "eth1", "up")), changes());
        assertEquals(1, links.awaits().size());
    }

    /**
     * BUG: the message is computed after the wait, from the time left until the deadline, which
     * a real watcher has used up: "did not appear within 0s" after waiting 30 seconds.
     */
    @Test
    void ethernetTimeoutMessageSaysHowLongItWaited() {
        runner.on("ip", "-j", "link", "show", "dev", "eth1").exits(1, "", "Device \"eth1\" does not exist.\n");
        LinkWatcher realisticWatcher = new LinkWatcher() {
            @Override
            public boolean exists(String name) {
                return false;
            }

            @Override
            public boolean awaitLink(String name, Duration timeout) {
                clock.advance(timeout); // as the kernel watcher does: it waits out the whole timeout
                return false;
            }

            @Override
            public String describe(String name) {
                return "does not exist";
            }
        };
        NetworkException e = assertThrows(NetworkException.class,
                () -> kernel(realisticWatcher).bringUp(ethernet("eth1", List.of(), false), deadline));
        assertTrue(e.getMessage().contains("within 30s"), e::getMessage);
    }

    /**
     * BUG: addresses are compared as text, lower-cased but not compressed, so an IPv6 address
     * written in another valid form ({@code fd00:0:0::1}) is "missing" whenever ip prints it
     * ({@code fd00::1}), and adding it again fails with "RTNETLINK answers: File exists": the
     * second bring-up of a bridge that exists but is down fails.
     */
    @Test
    void ipv6AddressInAnotherSpellingIsAlreadyPresent() throws Exception {
        runner.on("ip", "-j", "link", "show", "dev", "br0").prints(link("br0", false, null)).prints(link("br0", true, null));
        runner.on("ip", "-j", "addr", "show", "dev", "br0").prints(addrs("br0", "fd00::1/64"));
        runner.on("ip", "addr", "add").exits(2, "", "RTNETLINK answers: File exists\n");
        runner.on("ip", "link", "set").prints("");
        kernel(new FakeLinkWatcher()).bringUp(bridge(List.of("fd00:0:0::1/64"), List.of(), false), deadline);
        assertEquals(List.of(List.of("ip", "link", "set", "dev", "br0", "up")), changes());
    }
}
