package org.lxcauto.network;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lxcauto.config.Cidr;
import org.lxcauto.system.CommandResult;
import org.lxcauto.system.CommandRunner;
import org.lxcauto.system.Json;

/**
 * iproute2, driven with argument vectors and read through its JSON output ({@code ip -j}):
 * parsed, never scraped.
 */
public final class IpRoute {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final CommandRunner runner;

    public IpRoute(CommandRunner runner) {
        this.runner = runner;
    }

    /** The interface's state; {@link LinkState#missing} when it does not exist. */
    public LinkState link(String name) throws InterruptedException {
        CommandResult result = runner.run(List.of("ip", "-j", "link", "show", "dev", name), TIMEOUT);
        if (!result.succeeded()) {
            return LinkState.missing(name);
        }
        Map<?, ?> link = first(result);
        if (link == null) {
            return LinkState.missing(name);
        }
        boolean up = link.get("flags") instanceof List<?> flags && flags.contains("UP");
        Object operstate = link.get("operstate");
        Object master = link.get("master");
        return new LinkState(name, true, up, operstate instanceof String s ? s : "UNKNOWN",
                master instanceof String m ? m : null);
    }

    /** The addresses on the interface, as CIDR. */
    public List<String> addresses(String name) throws InterruptedException, NetworkException {
        CommandResult result = run("ip", "-j", "addr", "show", "dev", name);
        List<String> addresses = new ArrayList<>();
        Map<?, ?> link = first(result);
        if (link != null && link.get("addr_info") instanceof List<?> infos) {
            for (Object item : infos) {
                if (item instanceof Map<?, ?> info && info.get("local") instanceof String local
                        && info.get("prefixlen") instanceof Number prefix) {
                    addresses.add(local + "/" + prefix.intValue());
                }
            }
        }
        return addresses;
    }

    public void addBridge(String name, boolean stp) throws InterruptedException, NetworkException {
        run("ip", "link", "add", name, "type", "bridge", "stp_state", stp ? "1" : "0");
    }

    public void addAddress(String name, String cidr) throws InterruptedException, NetworkException {
        if (Cidr.isIpv6(cidr)) {
            run("ip", "addr", "add", cidr, "dev", name);
        } else {
            // "broadcast +" derives the broadcast address from the prefix, as ifupdown does.
            run("ip", "addr", "add", cidr, "broadcast", "+", "dev", name);
        }
    }

    public void enslave(String port, String bridge) throws InterruptedException, NetworkException {
        run("ip", "link", "set", "dev", port, "master", bridge);
    }

    public void setUp(String name) throws InterruptedException, NetworkException {
        run("ip", "link", "set", "dev", name, "up");
    }

    private CommandResult run(String... argv) throws InterruptedException, NetworkException {
        CommandResult result = runner.run(List.of(argv), TIMEOUT);
        if (!result.succeeded()) {
            throw new NetworkException("'" + String.join(" ", argv) + "' failed: " + result.lastErrorLine());
        }
        return result;
    }

    /** The first object of the array ip prints; null when there is none or it is not JSON. */
    private static Map<?, ?> first(CommandResult result) {
        try {
            return Json.tree(result.stdout()) instanceof List<?> array && !array.isEmpty()
                    && array.get(0) instanceof Map<?, ?> link ? link : null;
        } catch (Json.Unreadable e) {
            return null;
        }
    }
}
