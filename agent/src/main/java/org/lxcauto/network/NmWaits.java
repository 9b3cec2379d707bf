package org.lxcauto.network;

import java.time.Instant;
import java.util.Optional;
import org.lxcauto.network.NmEvents.DeviceAdded;
import org.lxcauto.network.NmEvents.Inbox;
import org.lxcauto.network.NmEvents.OwnerChanged;
import org.lxcauto.network.NmEvents.StateChanged;

/**
 * Waiting on NetworkManager's signals, with a deadline and never by polling: for a device to
 * appear, and for an active connection to reach ACTIVATED. Each wait opens its inbox before the
 * call whose effect it waits for, then reads the current state, so that no signal is missed
 * between the two. NetworkManager leaving the bus ends any wait with {@link NmGone}.
 */
final class NmWaits {

    /**
     * How long to wait for the StateChanged signal that carries the reason, once the state read
     * says the connection is already deactivated or gone: dbus-java hands signals to its handler
     * threads, so that signal may be processed just after the reply that announced its effect.
     */
    private static final long REASON_GRACE_MILLIS = 500;

    private NmWaits() {
    }

    /** The outcome of an activation that did not reach ACTIVATED. */
    record Failure(boolean timedOut, int state, int reason) {
    }

    /** The device object of interface {@code name}, waiting until {@code deadline} for it to appear. */
    static Optional<String> device(NmClient nm, NmEvents events, String name, Instant deadline)
            throws NmGone, InterruptedException {
        try (Inbox inbox = events.open()) {
            Optional<String> device = nm.device(name);
            while (device.isEmpty()) {
                Object event = inbox.next(deadline);
                if (event == null) {
                    return Optional.empty();
                }
                if (event instanceof OwnerChanged changed && changed.oldOwner().equals(nm.owner())) {
                    throw new NmGone("NetworkManager left the bus while lxc-auto waited for device '" + name + "'");
                }
                if (event instanceof DeviceAdded added && added.sender().equals(nm.owner())) {
                    device = nm.device(name);
                }
            }
            return device;
        }
    }

    /**
     * Activates profile {@code profile} (unless {@code reuse} and it is already activating or
     * active) and waits for ACTIVATED.
     *
     * @param device the device object to activate on, or null to let NetworkManager choose (bridges)
     * @return empty when ACTIVATED, else how it failed
     */
    static Optional<Failure> activate(NmClient nm, NmEvents events, String profile, String device, String id, boolean reuse,
            Instant deadline) throws NmGone, NmRefused, InterruptedException {
        try (Inbox inbox = events.open()) {
            Optional<NmClient.Active> running = reuse ? nm.activeOf(profile) : Optional.empty();
            String path;
            Optional<NmClient.Active> now;
            if (running.isPresent() && running.get().state() <= NmStates.ACTIVATED) {
                path = running.get().path();
                now = running;
            } else {
                path = nm.activate(profile, device, id);
                now = nm.active(path);
            }
            return awaitActivated(nm, inbox, path, now, deadline);
        }
    }

    private static Optional<Failure> awaitActivated(NmClient nm, Inbox inbox, String path, Optional<NmClient.Active> now,
            Instant deadline) throws NmGone, InterruptedException {
        // A connection dropped before its state could be read has been deactivated.
        int state = now.map(NmClient.Active::state).orElse(NmStates.DEACTIVATED);
        int reason = NmStates.REASON_UNKNOWN;
        boolean reasonKnown = false;
        Instant grace = null;
        while (true) {
            if (state == NmStates.ACTIVATED) {
                return Optional.empty();
            }
            if (state == NmStates.DEACTIVATED) {
                if (reasonKnown) {
                    return Optional.of(new Failure(false, state, reason));
                }
                grace = grace != null ? grace : min(deadline, inbox.now().plusMillis(REASON_GRACE_MILLIS));
            }
            Object event = inbox.next(grace != null ? grace : deadline);
            if (event == null) {
                return Optional.of(new Failure(state != NmStates.DEACTIVATED, state, reason));
            }
            if (event instanceof OwnerChanged changed && changed.oldOwner().equals(nm.owner())) {
                throw new NmGone("NetworkManager left the bus during the activation of " + path);
            }
            if (event instanceof StateChanged changed && changed.path().equals(path) && changed.sender().equals(nm.owner())) {
                state = changed.state();
                reason = changed.reason();
                reasonKnown = true;
            }
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
