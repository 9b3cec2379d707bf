package org.lxcauto.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lxcauto.system.FakeCommandRunner;

/** iproute2 through {@code ip -j}: argv in, JSON out, no process forked. */
class IpRouteTest {

    private final FakeCommandRunner runner = new FakeCommandRunner();
    private final IpRoute ip = new IpRoute(runner);

    private FakeCommandRunner.Script linkShow(String name) {
        return runner.on("ip", "-j", "link", "show", "dev", name);
    }

    @Test
    void linkStateIsParsedFromJson() throws Exception {
        linkShow("br0").prints("[{\"ifindex\":5,\"ifname\":\"br0\",\"flags\":[\"BROADCAST\",\"MULTICAST\",\"UP\","
                + "\"LOWER_UP\"],\"mtu\":1500,\"operstate\":\"UP\",\"master\":\"br1\"}]\n");
        assertEquals(new LinkState("br0", true, true, "UP", "br1"), ip.link("br0"));
        assertEquals(List.of(List.of("ip", "-j", "link", "show", "dev", "br0")), runner.argvs());
    }

    @Test
    void adminUpComesFromTheUpFlagOnly() throws Exception {
        // LOWER_UP is carrier, not the administrative state; operstate DOWN says nothing about UP either.
        linkShow("eth1").prints("[{\"ifindex\":3,\"ifname\":\"eth1\",\"flags\":[\"BROADCAST\",\"MULTICAST\","
                + "\"LOWER_UP\"],\"operstate\":\"DOWN\"}]");
        LinkState eth1 = ip.link("eth1");
        assertTrue(eth1.exists());
        assertFalse(eth1.adminUp());
        assertEquals("DOWN", eth1.operstate());
        assertNull(eth1.master());
        assertEquals("down (operstate DOWN)", eth1.describe());
    }

    @Test
    void upWithoutCarrierIsAdminUp() throws Exception {
        linkShow("br0").prints("[{\"ifname\":\"br0\",\"flags\":[\"NO-CARRIER\",\"BROADCAST\",\"MULTICAST\",\"UP\"],"
                + "\"operstate\":\"DOWN\"}]");
        LinkState br0 = ip.link("br0");
        assertTrue(br0.adminUp());
        assertEquals("up (operstate DOWN)", br0.describe());
    }

    @Test
    void missingOperstateIsUnknown() throws Exception {
        linkShow("br0").prints("[{\"ifname\":\"br0\",\"flags\":[\"UP\"]}]");
        assertEquals(new LinkState("br0", true, true, "UNKNOWN", null), ip.link("br0"));
    }

    @Test
    void deviceThatDoesNotExistIsMissing() throws Exception {
        linkShow("br0").exits(1, "", "Device \"br0\" does not exist.\n");
        LinkState br0 = ip.link("br0");
        assertEquals(LinkState.missing("br0"), br0);
        assertFalse(br0.exists());
        assertFalse(br0.adminUp());
        assertEquals("missing", br0.describe());
    }

    @Test
    void emptyOrUnreadableOutputIsMissing() throws Exception {
        linkShow("br0").prints("[]").prints("Device br0 is a fish");
        assertFalse(ip.link("br0").exists());
        assertFalse(ip.link("br0").exists());
    }

    @Test
    void addressesAreCidrsOfBothFamilies() throws Exception {
        runner.on("ip", "-j", "addr", "show", "dev", "br0").prints("[{\"ifindex\":5,\"ifname\":\"br0\",\"addr_info\":["
                + "{\"family\":\"inet\",\"local\":\"10.0.3.1\",\"prefixlen\":24,\"broadcast\":\"10.0.3.255\"},"
                + "{\"family\":\"inet6\",\"local\":\"fd00::1\",\"prefixlen\":64},"
                + "{\"family\":\"inet6\",\"local\":\"fe80::1\",\"prefixlen\":64,\"scope\":\"link\"}]}]");
        assertEquals(List.of("10.0.3.1/24", "fd00::1/64", "fe80::1/64"), ip.addresses("br0"));
    }

    @Test
    void noAddresses() throws Exception {
        runner.on("ip", "-j", "addr", "show", "dev", "br0").prints("[{\"ifname\":\"br0\",\"addr_info\":[]}]");
        assertEquals(List.of(), ip.addresses("br0"));
    }

    @Test
    void failingAddrShowIsAnErrorWithIpsOwnWords() {
        runner.on("ip", "-j", "addr", "show").exits(1, "", "Device \"br0\" does not exist.\n");
        NetworkException e = assertThrows(NetworkException.class, () -> ip.addresses("br0"));
        assertTrue(e.getMessage().contains("'ip -j addr show dev br0' failed"), e::getMessage);
        assertTrue(e.getMessage().contains("Device \"br0\" does not exist."), e::getMessage);
    }

    @Test
    void changesAreArgumentVectors() throws Exception {
        runner.on("ip", "link").prints("");
        runner.on("ip", "addr", "add").prints("");
        ip.addBridge("br0", true);
        ip.addBridge("br1", false);
        ip.addAddress("br0", "10.0.3.1/24");
        ip.addAddress("br0", "fd00::1/64");
        ip.enslave("eth1", "br0");
        ip.setUp("br0");
        assertEquals(List.of(
                List.of("ip", "link", "add", "br0", "type", "bridge", "stp_state", "1"),
                List.of("ip", "link", "add", "br1", "type", "bridge", "stp_state", "0"),
                List.of("ip", "addr", "add", "10.0.3.1/24", "broadcast", "+", "dev", "br0"),
                List.of("ip", "addr", "add", "fd00::1/64", "dev", "br0"),
                List.of("ip", "link", "set", "dev", "eth1", "master", "br0"),
                List.of("ip", "link", "set", "dev", "br0", "up")), runner.argvs());
        assertTrue(runner.calls().stream().allMatch(c -> !c.timeout().isZero() && !c.timeout().isNegative()), runner.calls()::toString);
    }

    @Test
    void failingChangeNamesTheCommandAndTheKernelsAnswer() {
        runner.on("ip", "link", "add").exits(2, "", "RTNETLINK answers: Operation not permitted\n");
        NetworkException e = assertThrows(NetworkException.class, () -> ip.addBridge("br0", false));
        assertEquals("'ip link add br0 type bridge stp_state 0' failed: RTNETLINK answers: Operation not permitted",
                e.getMessage());
    }
}
