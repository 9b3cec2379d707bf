package org.lxcauto.container;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link PortProbe} without sockets: tests open ports (at once, or after a number of refused
 * probes) and read back every probe made. Thread-safe.
 */
public final class FakePortProbe implements PortProbe {

    /** One connection attempt. */
    public record Probe(String address, int port, Duration timeout) {
    }

    /** address:port -> how many probes are refused before it accepts. */
    private final Map<String, Integer> refusals = new HashMap<>();
    private final Map<String, Integer> probed = new HashMap<>();
    private final List<Probe> probes = new ArrayList<>();

    /** {@code address}:{@code port} accepts connections from now on. */
    public synchronized FakePortProbe open(String address, int port) {
        return openAfter(address, port, 0);
    }

    /** {@code address}:{@code port} refuses the first {@code refused} probes, then accepts. */
    public synchronized FakePortProbe openAfter(String address, int port, int refused) {
        refusals.put(address + ":" + port, refused);
        return this;
    }

    @Override
    public synchronized boolean accepts(String address, int port, Duration timeout) {
        probes.add(new Probe(address, port, timeout));
        String key = address + ":" + port;
        int count = probed.merge(key, 1, Integer::sum);
        Integer refused = refusals.get(key);
        return refused != null && count > refused;
    }

    /** Every probe made, in order. */
    public synchronized List<Probe> probes() {
        return List.copyOf(probes);
    }
}
