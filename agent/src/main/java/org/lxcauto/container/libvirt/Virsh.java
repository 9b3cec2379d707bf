package org.lxcauto.container.libvirt;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.lxcauto.container.ContainerException;
import org.lxcauto.container.ContainerState;
import org.lxcauto.container.StartOutcome;
import org.lxcauto.container.StopOutcome;
import org.lxcauto.system.Clock;
import org.lxcauto.system.CommandResult;
import org.lxcauto.system.CommandRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Libvirt} on the {@code virsh} tool: for hosts without libvirt-dbus, and for connection
 * URIs libvirt-dbus does not serve (a remote host, a private socket).
 *
 * <p>Every call is {@code virsh -c URI COMMAND ... --domain NAME}, one argv element each, no
 * shell; {@code --domain} keeps a name from ever being read as an option. virsh exits 1 for every
 * failure, so the cases that are not failures for lxc-auto (a domain that runs already, or is not
 * running) are told apart by libvirt's words on stderr, as measured on libvirt 9.0. A stop is
 * waited for by asking {@code domstate} every {@link #POLL}: virsh has no way to block on an
 * event with a deadline.
 */
public final class Virsh implements Libvirt {

    private static final Logger LOG = LoggerFactory.getLogger(Virsh.class);

    /** How often {@link #awaitShutdown} asks whether the domain has stopped; an LXC domain takes ~250 ms. */
    static final Duration POLL = Duration.ofMillis(200);
    private static final Duration QUICK = Duration.ofSeconds(30);
    /** Destroy returns when the domain has stopped; a QEMU process stuck in I/O can take a while. */
    private static final Duration DESTROY = Duration.ofSeconds(60);

    /** All virsh prints (exit 1) for a name the connection has no domain for; libvirt's own reason is not shown. */
    private static final String NO_DOMAIN = "failed to get domain";
    /** {@code start} of a running domain (exit 1). */
    private static final String ALREADY_ACTIVE = "Domain is already active";
    /** {@code shutdown} or {@code destroy} of a domain that is not running (exit 1). */
    private static final String NOT_RUNNING = "domain is not running";

    /** {@code domstate} words (virshDomainStateToString) and what lxc-auto makes of them. */
    private static final Map<String, ContainerState> STATES = Map.of(
            "running", ContainerState.RUNNING,
            "idle", ContainerState.RUNNING, // blocked on I/O, yet running
            "paused", ContainerState.FROZEN,
            "pmsuspended", ContainerState.FROZEN,
            "in shutdown", ContainerState.STOPPING,
            "shut off", ContainerState.STOPPED,
            "crashed", ContainerState.STOPPED,
            "no state", ContainerState.STOPPED);

    private final CommandRunner runner;
    private final Clock clock;

    public Virsh(CommandRunner runner, Clock clock) {
        this.runner = runner;
        this.clock = clock;
    }

    @Override
    public ContainerState state(String uri, String name) throws InterruptedException {
        CommandResult result = virsh(uri, QUICK, "domstate", "--domain", name);
        if (!result.succeeded()) {
            LOG.debug("virsh domstate of '{}' on {} failed: {}", name, uri, reason(result));
            return ContainerState.MISSING;
        }
        return parseState(result.stdout());
    }

    /** The first line of {@code domstate}; an unknown word counts as stopped, never as running. */
    static ContainerState parseState(String stdout) {
        String word = stdout.strip().split("\n")[0].strip();
        return STATES.getOrDefault(word, ContainerState.STOPPED);
    }

    @Override
    public Set<String> autostarted(String uri) throws InterruptedException {
        String[] list = {"list", "--all", "--autostart", "--name"};
        CommandResult result = virsh(uri, QUICK, list);
        Set<String> names = new TreeSet<>();
        if (!result.succeeded()) {
            LOG.debug("virsh {} on {} failed: {}", String.join(" ", list), uri, reason(result));
            return names;
        }
        for (String line : result.stdout().split("\n")) {
            if (!line.isBlank()) {
                names.add(line.strip());
            }
        }
        return names;
    }

    @Override
    public StartOutcome create(String uri, String name) throws ContainerException, InterruptedException {
        CommandResult result = virsh(uri, QUICK, "start", "--domain", name);
        if (result.succeeded()) {
            return StartOutcome.STARTED;
        }
        if (result.stderr().contains(ALREADY_ACTIVE)) {
            return StartOutcome.ALREADY_RUNNING;
        }
        throw failure("start", uri, name, result);
    }

    /** LXC domains get SIGTERM to their init ({@code --mode signal}); QEMU ones ACPI, the default. */
    @Override
    public boolean shutdown(String uri, String name) throws ContainerException, InterruptedException {
        CommandResult result = LibvirtUri.isLxc(uri)
                ? virsh(uri, QUICK, "shutdown", "--mode", "signal", "--domain", name)
                : virsh(uri, QUICK, "shutdown", "--domain", name);
        if (result.succeeded()) {
            return true;
        }
        if (result.stderr().contains(NOT_RUNNING)) {
            return false;
        }
        throw failure("shutdown", uri, name, result);
    }

    @Override
    public StopOutcome awaitShutdown(String uri, String name, Duration timeout)
            throws ContainerException, InterruptedException {
        Instant deadline = clock.now().plus(timeout);
        while (true) {
            CommandResult result = virsh(uri, QUICK, "domstate", "--domain", name);
            // A transient domain is gone once it has stopped; any other failure is retried, and if
            // it persists the destroy below reports it.
            if (result.succeeded() ? stopped(parseState(result.stdout())) : result.stderr().contains(NO_DOMAIN)) {
                return StopOutcome.CLEAN;
            }
            Duration left = clock.remaining(deadline);
            if (left.isZero()) {
                break;
            }
            clock.sleep(left.compareTo(POLL) < 0 ? left : POLL);
        }
        CommandResult destroy = virsh(uri, DESTROY, "destroy", "--domain", name);
        if (destroy.succeeded()) {
            return StopOutcome.FORCED;
        }
        if (destroy.stderr().contains(NOT_RUNNING) || destroy.stderr().contains(NO_DOMAIN)) {
            return StopOutcome.CLEAN; // it stopped between the last look and the destroy
        }
        throw failure("destroy", uri, name, destroy);
    }

    private static boolean stopped(ContainerState state) {
        return state == ContainerState.STOPPED || state == ContainerState.MISSING;
    }

    @Override
    public Optional<String> ipv4(String uri, String name) throws InterruptedException {
        for (String source : List.of("lease", "arp")) {
            CommandResult result = virsh(uri, QUICK, "domifaddr", "--domain", name, "--source", source);
            Optional<String> address = result.succeeded() ? parseDomifaddr(result.stdout()) : Optional.empty();
            if (address.isPresent()) {
                return address;
            }
        }
        CommandResult xml = virsh(uri, QUICK, "dumpxml", "--domain", name);
        return xml.succeeded() ? DomainXml.firstInterfaceIpv4(xml.stdout()) : Optional.empty();
    }

    /**
     * The first IPv4 address of a {@code domifaddr} table, whose rows read {@code " vnet0
     * 52:54:00:9c:8f:6a ipv4 192.168.122.70/24"} (further addresses of the same interface have
     * "-" for name and MAC).
     */
    static Optional<String> parseDomifaddr(String stdout) {
        for (String line : stdout.split("\n")) {
            String[] fields = line.strip().split("\\s+");
            for (int i = 0; i + 1 < fields.length; i++) {
                if (fields[i].equals("ipv4")) {
                    return Optional.of(fields[i + 1].split("/")[0]);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        // Every call is its own virsh process: nothing is held open.
    }

    private CommandResult virsh(String uri, Duration timeout, String... command) throws InterruptedException {
        List<String> argv = new ArrayList<>(List.of("virsh", "-c", uri));
        argv.addAll(List.of(command));
        return runner.run(argv, timeout);
    }

    private static ContainerException failure(String command, String uri, String name, CommandResult result) {
        if (result.stderr().contains(NO_DOMAIN)) {
            return new ContainerException("no libvirt domain '" + name + "' on " + uri + " (virsh " + command + ": "
                    + reason(result) + "); define it with 'virsh -c " + uri + " define FILE.xml', or fix the name or"
                    + " uri of its [domain] entry");
        }
        return new ContainerException("virsh " + command + " of domain '" + name + "' on " + uri + " failed: "
                + reason(result));
    }

    /** libvirt's reason: virsh's last "error: ..." line without the prefix, or the timeout. */
    private static String reason(CommandResult result) {
        if (result.timedOut()) {
            return "'" + String.join(" ", result.argv()) + "' did not finish in time; is libvirtd hung?";
        }
        String line = result.lastErrorLine();
        line = line.startsWith("error: ") ? line.substring("error: ".length()) : line;
        return line.isEmpty() ? "exit status " + result.exitCode() : line;
    }
}
