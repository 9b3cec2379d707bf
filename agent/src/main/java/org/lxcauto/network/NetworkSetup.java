package org.lxcauto.network;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.lxcauto.config.InterfaceDeclaration;
import org.lxcauto.state.InterfaceRecord;
import org.lxcauto.system.Clock;
import org.lxcauto.system.CommandException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings every declared interface up at boot, all at once, each through the manager its
 * declaration asks for (docs/networks.md, bringing interfaces up at boot):
 * <ul>
 *   <li>already up: left alone ("external"), whoever made it;</li>
 *   <li>{@code kernel}: iproute2; {@code networkmanager}: NetworkManager, waited for if it is not on
 *       the bus yet, an error if it does not come within the timeout;</li>
 *   <li>{@code auto}: NetworkManager when it owns its bus name, else the kernel;</li>
 *   <li>{@code netcf}: ncftool when installed, else as {@code auto}, saying so.</li>
 * </ul>
 */
public final class NetworkSetup {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkSetup.class);

    private final IpRoute ip;
    private final NetworkBackend kernel;
    private final NetworkBackend netcf;
    private final NetworkManagerSession nm;
    private final Predicate<String> installed;
    private final Clock clock;

    /**
     * @param installed tells whether a program is on PATH (for ncftool)
     */
    public NetworkSetup(IpRoute ip, NetworkBackend kernel, NetworkBackend netcf, NetworkManagerSession nm,
            Predicate<String> installed, Clock clock) {
        this.ip = ip;
        this.kernel = kernel;
        this.netcf = netcf;
        this.nm = nm;
        this.installed = installed;
        this.clock = clock;
    }

    /** Starts bringing up every declaration marked for boot; each future completes with its record. */
    public Map<String, CompletableFuture<InterfaceRecord>> start(List<InterfaceDeclaration> interfaces, Duration timeout) {
        Map<String, CompletableFuture<InterfaceRecord>> results = new LinkedHashMap<>();
        ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "interface");
            thread.setDaemon(true);
            return thread;
        });
        for (InterfaceDeclaration iface : interfaces) {
            if (iface.onBoot()) {
                results.put(iface.name(), CompletableFuture.supplyAsync(() -> bringUp(iface, timeout), workers));
            }
        }
        workers.shutdown(); // lets the running ones finish, takes no more
        return results;
    }

    private InterfaceRecord bringUp(InterfaceDeclaration iface, Duration timeout) {
        Instant begin = clock.now();
        String manager = "external";
        try {
            LinkState state = ip.link(iface.name());
            if (state.exists() && state.adminUp()) {
                LOG.info("{}: already up, left alone", iface.name());
                return new InterfaceRecord(iface.name(), manager, true, null, begin, clock.now());
            }
            NetworkBackend backend = choose(iface);
            manager = backend.label();
            LOG.info("{}: bringing up through {} ({})", iface.name(), manager, iface.origin());
            backend.bringUp(iface, begin.plus(timeout));
            Instant end = clock.now();
            LOG.info("{}: up through {} in {} ms", iface.name(), manager, Duration.between(begin, end).toMillis());
            return new InterfaceRecord(iface.name(), manager, true, null, begin, end);
        } catch (NetworkException e) {
            String message = "Cannot bring up '" + iface.name() + "' (" + iface.origin() + ") through " + manager + ": "
                    + e.getMessage();
            LOG.error(message);
            return new InterfaceRecord(iface.name(), manager, false, message, begin, clock.now());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new InterfaceRecord(iface.name(), manager, false, "interrupted", begin, clock.now());
        } catch (CommandException e) {
            // A program the backend needs could not run at all (ip, ncftool): this interface fails.
            String message = "Cannot bring up '" + iface.name() + "' (" + iface.origin() + ") through " + manager + ": "
                    + e.getMessage();
            LOG.error(message);
            return new InterfaceRecord(iface.name(), manager, false, message, begin, clock.now());
        } catch (RuntimeException e) {
            // A bug: recorded as such, so that the containers waiting for this interface are told, not left hanging.
            LOG.error("{}: internal error while bringing it up: {}", iface.name(), e.toString(), e);
            return new InterfaceRecord(iface.name(), manager, false, "Cannot bring up '" + iface.name()
                    + "': internal error: " + e, begin, clock.now());
        }
    }

    private NetworkBackend choose(InterfaceDeclaration iface) throws NetworkException {
        switch (iface.manager()) {
            case KERNEL:
                return kernel;
            case NETWORKMANAGER:
                // Even when NetworkManager is not on the bus yet (starting, or restarting): its
                // backend waits for it within the deadline, and says so if it never comes.
                return nm.backend();
            case NETCF:
                if (installed.test("ncftool")) {
                    return netcf;
                }
                LOG.info("{}: ncftool is not installed; applying {} through {}", iface.name(), iface.file(),
                        nm.running() ? "NetworkManager" : "the kernel");
                return nm.running() ? nm.backend() : kernel;
            default:
                return nm.running() ? nm.backend() : kernel;
        }
    }
}
