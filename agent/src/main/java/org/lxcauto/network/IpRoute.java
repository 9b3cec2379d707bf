package org.lxcauto.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.lxcauto.config.Cidr;
import org.lxcauto.system.CommandResult;
import org.lxcauto.system.CommandRunner;

/**
 * iproute2, driven with argument vectors and read through its JSON output ({@code ip -j}):
 * parsed, never scraped.
 */
public final class IpRoute {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Built on first use, so that commands that never ask ip do not pay for Jackson. */
    private static final class Mapper {
        static final ObjectMapper JSON = new ObjectMapper();
    }

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
        JsonNode link = first(result);
        if (link == null) {
            return LinkState.missing(name);
        }
        boolean up = false;
        for (JsonNode flag : link.path("flags")) {
            up |= flag.asText().equals("UP");
        }
        return new LinkState(name, true, up, link.path("operstate").asText("UNKNOWN"),
                link.hasNonNull("master") ? link.get("master").asText() : null);
    }

    /** The addresses on the interface, as CIDR. */
    public List<String> addresses(String name) throws InterruptedException, NetworkException {
        CommandResult result = run("ip", "-j", "addr", "show", "dev", name);
        List<String> addresses = new ArrayList<>();
        JsonNode link = first(result);
        if (link != null) {
            for (JsonNode info : link.path("addr_info")) {
                addresses.add(info.path("local").asText() + "/" + info.path("prefixlen").asInt());
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

    private static JsonNode first(CommandResult result) throws InterruptedException {
        try {
            JsonNode array = Mapper.JSON.readTree(result.stdout());
            return array != null && array.isArray() && array.size() > 0 ? array.get(0) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
