package org.lxcauto.network;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.freedesktop.dbus.types.Variant;
import org.lxcauto.config.InterfaceDeclaration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a declared bridge or ethernet interface up as NetworkManager connections: the profile
 * {@code lxc-auto-NAME} (found by its id, created if missing, updated if the declaration changed;
 * never duplicated), activated, waited for until ACTIVATED; then, for a bridge, one profile
 * {@code lxc-auto-NAME-PORT} per port, activated on the port's device. A connection that is
 * already activating or active with unchanged settings is only waited for, not re-activated:
 * re-activating a bridge would cut off the containers attached to it.
 */
final class NmConnectionBackend implements NetworkBackend {

    private static final Logger LOG = LoggerFactory.getLogger(NmConnectionBackend.class);

    private final DbusNetworkManager session;
    private final NmEvents events;

    NmConnectionBackend(DbusNetworkManager session, NmEvents events) {
        this.session = session;
        this.events = events;
    }

    @Override
    public String label() {
        return "NetworkManager";
    }

    @Override
    public void bringUp(InterfaceDeclaration iface, Instant deadline) throws NetworkException, InterruptedException {
        Instant begin = events.clock().now();
        String subject = (iface.kind() == InterfaceDeclaration.Kind.BRIDGE ? "bridge '" : "interface '") + iface.name() + "'";
        session.withNetworkManager("bringing up " + subject, deadline, nm -> {
            bringUpOnce(nm, iface, subject, begin, deadline);
            return null;
        });
    }

    /** One attempt with one NetworkManager instance. */
    private void bringUpOnce(NmClient nm, InterfaceDeclaration iface, String subject, Instant begin, Instant deadline)
            throws NmGone, NetworkException, InterruptedException {
        String id = NmProfiles.id(iface.name());
        String current = id; // the profile being worked on, for the hint in a refusal
        try {
            // First step: the interface's own profile, as declared.
            Profile profile = ensureProfile(nm, id, NmProfiles.of(iface));
            // Second step: an ethernet interface is activated on its existing device; NetworkManager creates a bridge.
            String device = null;
            if (iface.kind() == InterfaceDeclaration.Kind.ETHERNET) {
                device = awaitDevice(nm, iface.name(), subject, "", id, begin, deadline);
            }
            // Third step: activate it (unless already up as declared) and wait for ACTIVATED.
            Optional<NmWaits.Failure> failure = NmWaits.activate(nm, events, profile.path(), device, id, !profile.changed(), deadline);
            if (failure.isPresent()) {
                throw failed(subject, "NetworkManager connection '" + id + "'", id, failure.get(), begin);
            }
            // Fourth step: each port, its own profile, on its device.
            for (String port : iface.kind() == InterfaceDeclaration.Kind.BRIDGE ? iface.ports() : List.<String>of()) {
                current = NmProfiles.portId(iface.name(), port);
                Profile portProfile = ensureProfile(nm, current, NmProfiles.port(iface.name(), port));
                String portDevice = awaitDevice(nm, port, subject, "port ", current, begin, deadline);
                failure = NmWaits.activate(nm, events, portProfile.path(), portDevice, current, !portProfile.changed(), deadline);
                if (failure.isPresent()) {
                    throw failed(subject, "port '" + port + "' (NetworkManager connection '" + current + "')", current, failure.get(),
                            begin);
                }
            }
        } catch (NmRefused e) {
            throw new NetworkException("Failed to bring up " + subject + " with NetworkManager: " + e.getMessage()
                    + "; investigate with 'nmcli connection show " + current + "' and NetworkManager's log", e);
        }
    }

    /** A saved profile and whether this call created or changed it (then it must be activated anew). */
    private record Profile(String path, boolean changed) {
    }

    /** The saved profile with connection.id {@code id}, created or updated to match {@code wanted}. */
    private Profile ensureProfile(NmClient nm, String id, Map<String, Map<String, Variant<?>>> wanted) throws NmGone, NmRefused {
        List<String> matches = new ArrayList<>();
        Map<String, Map<String, Variant<?>>> saved = null;
        for (String path : nm.listConnections()) {
            Optional<Map<String, Map<String, Variant<?>>>> settings = nm.settings(path);
            if (settings.isPresent() && id.equals(NmProfiles.string(settings.get(), "connection", "id"))) {
                matches.add(path);
                saved = saved == null ? settings.get() : saved;
            }
        }
        if (matches.isEmpty()) {
            String path = nm.add(NmProfiles.withUuid(wanted, UUID.randomUUID().toString()), id);
            LOG.info("Created NetworkManager connection '{}' ({})", id, path);
            return new Profile(path, true);
        }
        if (matches.size() > 1) {
            LOG.warn("NetworkManager has {} connections named '{}' ({}); using {}, delete the others with 'nmcli connection delete'",
                    matches.size(), id, matches, matches.get(0));
        }
        List<String> differences = NmProfiles.differences(wanted, saved);
        if (differences.isEmpty()) {
            return new Profile(matches.get(0), false);
        }
        String uuid = NmProfiles.string(saved, "connection", "uuid");
        LOG.info("Updating NetworkManager connection '{}' to the declaration: {}", id, String.join("; ", differences));
        nm.update(matches.get(0), NmProfiles.withUuid(wanted, uuid != null ? uuid : UUID.randomUUID().toString()), id);
        return new Profile(matches.get(0), true);
    }

    private String awaitDevice(NmClient nm, String name, String subject, String role, String id, Instant begin, Instant deadline)
            throws NmGone, NetworkException, InterruptedException {
        Optional<String> device = NmWaits.device(nm, events, name, deadline);
        if (device.isEmpty()) {
            throw new NetworkException("Failed to bring up " + subject + " with NetworkManager: " + role + "device '" + name
                    + "' does not exist (NetworkManager knows no such device after " + DbusNetworkManager.seconds(begin, events.clock().now())
                    + "); create it or correct the declaration; investigate with 'ip link show " + name
                    + "', 'nmcli device status' and 'nmcli connection show " + id + "'");
        }
        return device.get();
    }

    private NetworkException failed(String subject, String what, String id, NmWaits.Failure failure, Instant begin) {
        String outcome = failure.timedOut()
                ? " still " + NmStates.describe(failure.state(), failure.reason()) + " after " + DbusNetworkManager.seconds(begin, events.clock().now())
                : " was not activated: NetworkManager says " + NmStates.describe(failure.state(), failure.reason());
        return new NetworkException("Failed to bring up " + subject + " with NetworkManager: " + what + outcome
                + "; investigate with 'nmcli connection show " + id + "' and NetworkManager's log (journalctl -u NetworkManager)");
    }
}
