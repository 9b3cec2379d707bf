package org.lxcauto.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.Test;
import org.lxcauto.config.InterfaceDeclaration;
import org.lxcauto.config.InterfaceDeclaration.Kind;
import org.lxcauto.config.InterfaceDeclaration.Manager;

/**
 * The NetworkManager profiles built from declarations, and the comparison with what
 * NetworkManager returns from GetSettings (defaults left out, IPv6 shortened, extra keys), which
 * decides whether a saved profile is reused as is or updated.
 */
class NmProfilesTest {

    private static InterfaceDeclaration bridge(List<String> addresses, boolean dhcp4, List<String> ports, boolean stp) {
        return new InterfaceDeclaration("br0", Kind.BRIDGE, addresses, dhcp4, ports, stp, Manager.AUTO, true,
                Path.of("/etc/lxc/lxc-auto.conf"), 7);
    }

    private static Object get(Map<String, Map<String, Variant<?>>> settings, String setting, String property) {
        Variant<?> value = settings.getOrDefault(setting, Map.of()).get(property);
        return value == null ? null : NmProfiles.plain(value);
    }

    private static Map<String, Object> address(String address, long prefix) {
        return Map.of("address", address, "prefix", prefix);
    }

    @Test
    void bridgeWithBothFamiliesIsManualForBoth() {
        var settings = NmProfiles.of(bridge(List.of("10.0.3.1/24", "fd00:3::1/64", "10.0.4.1/16"), false, List.of("eth1"), false));

        assertEquals("lxc-auto-br0", get(settings, "connection", "id"));
        assertEquals("bridge", get(settings, "connection", "type"));
        assertEquals("br0", get(settings, "connection", "interface-name"));
        assertEquals(true, get(settings, "connection", "autoconnect"));
        assertEquals(false, get(settings, "bridge", "stp"));
        assertEquals("manual", get(settings, "ipv4", "method"));
        assertEquals(List.of(address("10.0.3.1", 24), address("10.0.4.1", 16)), get(settings, "ipv4", "address-data"));
        assertEquals("manual", get(settings, "ipv6", "method"));
        assertEquals(List.of(address("fd00:3::1", 64)), get(settings, "ipv6", "address-data"));
        assertEquals("aa{sv}", settings.get("ipv4").get("address-data").getSig());
        assertEquals(new UInt32(24), ((List<?>) settings.get("ipv4").get("address-data").getValue()).stream()
                .map(m -> ((Map<?, ?>) m).get("prefix")).map(v -> ((Variant<?>) v).getValue()).findFirst().orElseThrow());
        assertNull(settings.get("connection").get("uuid"), "the uuid is chosen when the profile is saved");
    }

    @Test
    void methodsFollowTheDeclaration() {
        var dhcp = NmProfiles.of(bridge(List.of(), true, List.of(), true));
        assertEquals("auto", get(dhcp, "ipv4", "method"));
        assertEquals(List.of(), get(dhcp, "ipv4", "address-data"));
        assertEquals(true, get(dhcp, "bridge", "stp"));

        var none = NmProfiles.of(bridge(List.of(), false, List.of(), false));
        assertEquals("disabled", get(none, "ipv4", "method"));
        assertEquals("ignore", get(none, "ipv6", "method"));

        var onlyV6 = NmProfiles.of(bridge(List.of("fd00::1/64"), false, List.of(), false));
        assertEquals("disabled", get(onlyV6, "ipv4", "method"));
        assertEquals("manual", get(onlyV6, "ipv6", "method"));
    }

    @Test
    void ethernetInterfaceHasNoBridgeSetting() {
        var settings = NmProfiles.of(new InterfaceDeclaration("eth1", Kind.ETHERNET, List.of("192.168.7.2/24"), false, List.of(),
                false, Manager.NETWORKMANAGER, true, Path.of("/etc/lxc/auto/interfaces/eth1.xml"), 1));

        assertEquals("802-3-ethernet", get(settings, "connection", "type"));
        assertEquals("eth1", get(settings, "connection", "interface-name"));
        assertFalse(settings.containsKey("bridge"));
        assertEquals("manual", get(settings, "ipv4", "method"));
    }

    @Test
    void portProfileEnslavesTheDeviceToTheBridge() {
        var settings = NmProfiles.port("br0", "veth7");

        assertEquals("lxc-auto-br0-veth7", get(settings, "connection", "id"));
        assertEquals("802-3-ethernet", get(settings, "connection", "type"));
        assertEquals("veth7", get(settings, "connection", "interface-name"));
        assertEquals("br0", get(settings, "connection", "master"));
        assertEquals("bridge", get(settings, "connection", "slave-type"));
        assertEquals(List.of("connection"), List.copyOf(settings.keySet()));
    }

    @Test
    void withUuidCopiesAndLeavesTheOriginalAlone() {
        var wanted = NmProfiles.of(bridge(List.of("10.0.3.1/24"), false, List.of(), false));
        var saved = NmProfiles.withUuid(wanted, "0b4f1b1e-6a47-4c61-9b41-58f2e43c8a10");

        assertEquals("0b4f1b1e-6a47-4c61-9b41-58f2e43c8a10", NmProfiles.string(saved, "connection", "uuid"));
        assertNull(NmProfiles.string(wanted, "connection", "uuid"));
        assertEquals("lxc-auto-br0", NmProfiles.string(saved, "connection", "id"));
    }

    /** What GetSettings returns for the profile of {@code bridge(10.0.3.1/24, fd00:3:0::1/64, stp off)}. */
    private static Map<String, Map<String, Variant<?>>> asSavedByNetworkManager(String v4, long prefix, boolean stp) {
        Map<String, Map<String, Variant<?>>> saved = new LinkedHashMap<>();
        saved.put("connection", Map.of("id", new Variant<>("lxc-auto-br0"), "type", new Variant<>("bridge"),
                "interface-name", new Variant<>("br0"), "uuid", new Variant<>("0b4f1b1e-6a47-4c61-9b41-58f2e43c8a10"),
                "permissions", new Variant<>(List.of(), "as"), "timestamp", new Variant<>(1795982567L)));
        if (!stp) {
            saved.put("bridge", Map.of("stp", new Variant<>(false), "interface-name", new Variant<>("br0")));
        } else {
            saved.put("bridge", Map.of("interface-name", new Variant<>("br0"))); // stp = yes is the default: left out
        }
        List<Map<String, Variant<?>>> v4Data = List.of(Map.of("address", new Variant<>(v4), "prefix", new Variant<>(new UInt32(prefix))));
        saved.put("ipv4", Map.of("method", new Variant<>("manual"), "address-data", new Variant<>(v4Data, "aa{sv}"),
                "dns-search", new Variant<>(List.of(), "as")));
        List<Map<String, Variant<?>>> v6Data = List.of(Map.of("address", new Variant<>("fd00:3::1"), "prefix", new Variant<>(new UInt32(64))));
        saved.put("ipv6", Map.of("method", new Variant<>("manual"), "address-data", new Variant<>(v6Data, "aa{sv}")));
        saved.put("proxy", Map.of());
        return saved;
    }

    @Test
    void aProfileSavedAsDeclaredNeedsNoUpdate() {
        var wanted = NmProfiles.of(bridge(List.of("10.0.3.1/24", "fd00:3:0::1/64"), false, List.of(), false));

        assertEquals(List.of(), NmProfiles.differences(wanted, asSavedByNetworkManager("10.0.3.1", 24, false)));
    }

    @Test
    void changedAddressOrStpNeedsAnUpdateAndSaysWhat() {
        var wanted = NmProfiles.of(bridge(List.of("10.0.3.1/24", "fd00:3::1/64"), false, List.of(), false));

        List<String> address = NmProfiles.differences(wanted, asSavedByNetworkManager("10.0.3.1", 16, false));
        assertEquals(1, address.size(), address.toString());
        assertTrue(address.get(0).startsWith("ipv4.address-data: saved"), address.get(0));
        assertTrue(address.get(0).contains("prefix=16") && address.get(0).contains("prefix=24"), address.get(0));

        List<String> stp = NmProfiles.differences(wanted, asSavedByNetworkManager("10.0.3.1", 24, true));
        assertEquals(List.of("bridge.stp: saved 'true', declared 'false'"), stp);
    }

    @Test
    void aMissingPropertyWithoutKnownDefaultIsADifference() {
        var wanted = NmProfiles.port("br0", "veth7");
        Map<String, Map<String, Variant<?>>> saved = Map.of("connection", Map.of("id", new Variant<>("lxc-auto-br0-veth7"),
                "type", new Variant<>("802-3-ethernet"), "interface-name", new Variant<>("veth7"),
                "slave-type", new Variant<>("bridge")));

        assertEquals(List.of("connection.master: saved nothing, declared 'br0'"), NmProfiles.differences(wanted, saved));
    }

    @Test
    void plainUnwrapsVariantsAndUnsignedNumbers() {
        assertEquals(24L, NmProfiles.plain(new Variant<>(new UInt32(24))));
        assertEquals(List.of("a", "b"), NmProfiles.plain(new String[] {"a", "b"}));
        assertEquals(Map.of("k", 1L), NmProfiles.plain(Map.of("k", new Variant<>(1))));
    }
}
