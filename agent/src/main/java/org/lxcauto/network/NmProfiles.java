package org.lxcauto.network;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;
import org.lxcauto.config.Cidr;
import org.lxcauto.config.InterfaceDeclaration;

/**
 * The NetworkManager connection profiles lxc-auto keeps for a declared interface: one named
 * {@code lxc-auto-NAME} for the interface, and one {@code lxc-auto-NAME-PORT} per bridge port
 * (settings as in {@code man nm-settings-dbus}). Pure: builds the settings maps, and compares a
 * saved profile with the declaration so that a profile is updated only when the declaration
 * changed. No D-Bus here.
 */
final class NmProfiles {

    /** Every profile lxc-auto owns starts with this. */
    static final String PREFIX = "lxc-auto-";

    /**
     * What GetSettings leaves out because it is NetworkManager's default; a saved profile without
     * one of these keys has this value.
     */
    private static final Map<String, Object> DEFAULTS = Map.of(
            "connection.autoconnect", true,
            "bridge.stp", true,
            "ipv4.address-data", List.of(),
            "ipv6.address-data", List.of());

    private static final Pattern ADDRESS_LITERAL = Pattern.compile("[0-9a-fA-F:.]*[:.][0-9a-fA-F:.]*");

    private NmProfiles() {
    }

    /** connection.id of the profile of interface {@code name}. */
    static String id(String name) {
        return PREFIX + name;
    }

    /** connection.id of the profile that enslaves {@code port} to {@code bridge}. */
    static String portId(String bridge, String port) {
        return PREFIX + bridge + "-" + port;
    }

    /**
     * The profile of {@code iface}: a bridge (with STP as declared) or an ethernet connection for
     * an existing device, autoconnecting, with the declared addresses; IPv4 from DHCP when
     * declared, disabled without IPv4 addresses; IPv6 ignored without IPv6 addresses.
     */
    static Map<String, Map<String, Variant<?>>> of(InterfaceDeclaration iface) {
        boolean bridge = iface.kind() == InterfaceDeclaration.Kind.BRIDGE;
        Map<String, Map<String, Variant<?>>> settings = new LinkedHashMap<>();
        Map<String, Variant<?>> connection = new LinkedHashMap<>();
        connection.put("id", new Variant<>(id(iface.name())));
        connection.put("type", new Variant<>(bridge ? "bridge" : "802-3-ethernet"));
        connection.put("interface-name", new Variant<>(iface.name()));
        connection.put("autoconnect", new Variant<>(true));
        settings.put("connection", connection);
        if (bridge) {
            settings.put("bridge", new LinkedHashMap<>(Map.of("stp", new Variant<>(iface.stp()))));
        }
        List<String> ipv4 = iface.addresses().stream().filter(a -> !Cidr.isIpv6(a)).toList();
        List<String> ipv6 = iface.addresses().stream().filter(Cidr::isIpv6).toList();
        String method4 = iface.dhcp4() ? "auto" : ipv4.isEmpty() ? "disabled" : "manual";
        settings.put("ipv4", ip(method4, ipv4));
        settings.put("ipv6", ip(ipv6.isEmpty() ? "ignore" : "manual", ipv6));
        return settings;
    }

    /** The profile that makes existing device {@code port} a port of {@code bridge}. */
    static Map<String, Map<String, Variant<?>>> port(String bridge, String port) {
        Map<String, Variant<?>> connection = new LinkedHashMap<>();
        connection.put("id", new Variant<>(portId(bridge, port)));
        connection.put("type", new Variant<>("802-3-ethernet"));
        connection.put("interface-name", new Variant<>(port));
        connection.put("master", new Variant<>(bridge));
        connection.put("slave-type", new Variant<>("bridge"));
        connection.put("autoconnect", new Variant<>(true));
        Map<String, Map<String, Variant<?>>> settings = new LinkedHashMap<>();
        settings.put("connection", connection);
        return settings;
    }

    /** {@code settings} with connection.uuid set: Update replaces every setting, the uuid included. */
    static Map<String, Map<String, Variant<?>>> withUuid(Map<String, Map<String, Variant<?>>> settings, String uuid) {
        Map<String, Map<String, Variant<?>>> copy = new LinkedHashMap<>();
        settings.forEach((name, values) -> copy.put(name, new LinkedHashMap<>(values)));
        copy.computeIfAbsent("connection", k -> new LinkedHashMap<>()).put("uuid", new Variant<>(uuid));
        return copy;
    }

    /** A string property of a saved profile, e.g. ("connection", "id"); null when absent. */
    static String string(Map<String, Map<String, Variant<?>>> saved, String setting, String property) {
        Variant<?> value = saved.getOrDefault(setting, Map.of()).get(property);
        return value != null && value.getValue() instanceof String text ? text : null;
    }

    /**
     * How saved profile {@code saved} differs from {@code wanted}, one line per property
     * ("ipv4.method: saved 'disabled', declared 'manual'"); empty when it needs no update.
     * Only the properties lxc-auto sets are compared: NetworkManager fills in many others.
     */
    static List<String> differences(Map<String, Map<String, Variant<?>>> wanted, Map<String, Map<String, Variant<?>>> saved) {
        List<String> differences = new ArrayList<>();
        wanted.forEach((setting, properties) -> properties.forEach((property, value) -> {
            String key = setting + "." + property;
            Variant<?> savedValue = saved.getOrDefault(setting, Map.of()).get(property);
            Object have = savedValue == null ? DEFAULTS.get(key) : plain(savedValue);
            Object want = plain(value);
            if (property.equals("address-data")) {
                have = canonicalAddresses(have);
                want = canonicalAddresses(want);
            }
            if (!Objects.equals(want, have)) {
                differences.add(key + ": saved " + (have == null ? "nothing" : "'" + have + "'") + ", declared '" + want + "'");
            }
        }));
        return differences;
    }

    private static Map<String, Variant<?>> ip(String method, List<String> cidrs) {
        List<Map<String, Variant<?>>> addresses = new ArrayList<>();
        for (String cidr : cidrs) {
            addresses.add(Map.of("address", new Variant<>(Cidr.address(cidr)), "prefix", new Variant<>(new UInt32(Cidr.prefix(cidr)))));
        }
        Map<String, Variant<?>> ip = new LinkedHashMap<>();
        ip.put("method", new Variant<>(method));
        // The signature must be given: dbus-java cannot infer it from an (possibly empty) List.
        ip.put("address-data", new Variant<>(addresses, "aa{sv}"));
        return ip;
    }

    /**
     * A D-Bus value as plain Java for comparison: variants unwrapped, unsigned integers as
     * {@code long}, arrays as lists, maps sorted by key.
     */
    static Object plain(Object value) {
        if (value instanceof Variant<?> variant) {
            return plain(variant.getValue());
        }
        if (value instanceof Number number && !(value instanceof Double) && !(value instanceof Float)) {
            return number.longValue();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(NmProfiles::plain).toList();
        }
        if (value instanceof Object[] array) {
            return Arrays.stream(array).map(NmProfiles::plain).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), plain(v)));
            return sorted;
        }
        return value;
    }

    /** address-data with each address in one spelling: NetworkManager shortens IPv6 addresses. */
    private static Object canonicalAddresses(Object addressData) {
        if (!(addressData instanceof List<?> list)) {
            return addressData;
        }
        return list.stream().map(entry -> {
            if (entry instanceof Map<?, ?> map && map.get("address") instanceof String address) {
                Map<String, Object> copy = new TreeMap<>();
                map.forEach((k, v) -> copy.put(String.valueOf(k), v));
                copy.put("address", canonicalAddress(address));
                return copy;
            }
            return entry;
        }).toList();
    }

    private static String canonicalAddress(String address) {
        if (!ADDRESS_LITERAL.matcher(address).matches()) {
            return address; // never let a name reach the resolver
        }
        try {
            return InetAddress.getByName(address).getHostAddress();
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
