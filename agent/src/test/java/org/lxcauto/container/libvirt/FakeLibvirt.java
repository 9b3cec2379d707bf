package org.lxcauto.container.libvirt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.lxcauto.container.ContainerException;
import org.lxcauto.container.ContainerState;
import org.lxcauto.container.StartOutcome;
import org.lxcauto.container.StopOutcome;

/**
 * An in-memory {@link Libvirt}: domains keyed by URI and name, each with a state, an address and
 * whether it ignores the shutdown request. Records every call as {@code "op uri name"}, so tests
 * assert on what was asked of libvirt, and in which order.
 */
final class FakeLibvirt implements Libvirt {

    private static final class Domain {
        ContainerState state = ContainerState.STOPPED;
        String ipv4;
        boolean autostart;
        boolean ignoresShutdown;
    }

    private final Map<String, Domain> domains = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private boolean closed;

    /** Defines a stopped domain. */
    synchronized FakeLibvirt define(String uri, String name) {
        domains.put(uri + " " + name, new Domain());
        return this;
    }

    synchronized FakeLibvirt setState(String uri, String name, ContainerState state) {
        domain(uri, name).state = state;
        return this;
    }

    synchronized FakeLibvirt setIpv4(String uri, String name, String address) {
        domain(uri, name).ipv4 = address;
        return this;
    }

    synchronized FakeLibvirt setAutostart(String uri, String name) {
        domain(uri, name).autostart = true;
        return this;
    }

    /** Its init ignores the shutdown request: {@link #awaitShutdown} destroys it. */
    synchronized FakeLibvirt ignoreShutdown(String uri, String name) {
        domain(uri, name).ignoresShutdown = true;
        return this;
    }

    /** Every call, as "op uri name", in order. */
    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    synchronized boolean closed() {
        return closed;
    }

    @Override
    public synchronized ContainerState state(String uri, String name) {
        calls.add("state " + uri + " " + name);
        Domain d = domains.get(uri + " " + name);
        return d == null ? ContainerState.MISSING : d.state;
    }

    @Override
    public synchronized Set<String> autostarted(String uri) {
        calls.add("autostarted " + uri);
        Set<String> names = new TreeSet<>();
        domains.forEach((key, d) -> {
            if (key.startsWith(uri + " ") && d.autostart) {
                names.add(key.substring(uri.length() + 1));
            }
        });
        return names;
    }

    @Override
    public synchronized StartOutcome create(String uri, String name) throws ContainerException {
        calls.add("create " + uri + " " + name);
        Domain d = domains.get(uri + " " + name);
        if (d == null) {
            throw new ContainerException("no libvirt domain '" + name + "' on " + uri);
        }
        if (d.state == ContainerState.RUNNING) {
            return StartOutcome.ALREADY_RUNNING;
        }
        d.state = ContainerState.RUNNING;
        return StartOutcome.STARTED;
    }

    @Override
    public synchronized boolean shutdown(String uri, String name) throws ContainerException {
        calls.add("shutdown " + uri + " " + name);
        Domain d = domains.get(uri + " " + name);
        if (d == null) {
            throw new ContainerException("no libvirt domain '" + name + "' on " + uri);
        }
        return d.state == ContainerState.RUNNING;
    }

    @Override
    public synchronized StopOutcome awaitShutdown(String uri, String name, Duration timeout) {
        calls.add("awaitShutdown " + uri + " " + name + " " + timeout.toSeconds() + "s");
        Domain d = domain(uri, name);
        d.state = ContainerState.STOPPED;
        return d.ignoresShutdown ? StopOutcome.FORCED : StopOutcome.CLEAN;
    }

    @Override
    public synchronized Optional<String> ipv4(String uri, String name) {
        calls.add("ipv4 " + uri + " " + name);
        Domain d = domains.get(uri + " " + name);
        return d == null || d.state != ContainerState.RUNNING ? Optional.empty() : Optional.ofNullable(d.ipv4);
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private Domain domain(String uri, String name) {
        Domain d = domains.get(uri + " " + name);
        if (d == null) {
            throw new IllegalArgumentException("no domain '" + name + "' on " + uri + "; define it first");
        }
        return d;
    }
}
