package org.lxcauto.network;

import java.util.List;

/**
 * Words for NetworkManager's numeric active-connection states and state reasons
 * ({@code NMActiveConnectionState}, {@code NMActiveConnectionStateReason} in
 * {@code NetworkManager.h}), so that an error says "deactivated (reason 5 ip-config-invalid: the
 * IP configuration was not valid)" rather than "4/5".
 */
final class NmStates {

    /** {@code NM_ACTIVE_CONNECTION_STATE_UNKNOWN}, also used here before the state is known. */
    static final int UNKNOWN = 0;
    /** {@code NM_ACTIVE_CONNECTION_STATE_ACTIVATING}. */
    static final int ACTIVATING = 1;
    /** {@code NM_ACTIVE_CONNECTION_STATE_ACTIVATED}: the only state that counts as up. */
    static final int ACTIVATED = 2;
    /** {@code NM_ACTIVE_CONNECTION_STATE_DEACTIVATED}: final; the activation failed or was undone. */
    static final int DEACTIVATED = 4;
    /** Reason code 0, also used here when no reason has been received. */
    static final int REASON_UNKNOWN = 0;

    private static final List<String> STATES = List.of("unknown", "activating", "activated", "deactivating", "deactivated");

    private static final List<String> REASONS = List.of(
            "unknown: NetworkManager gave no reason",
            "none",
            "user-disconnected: someone disconnected it",
            "device-disconnected: its device was disconnected or failed",
            "service-stopped: the service providing it stopped",
            "ip-config-invalid: the IP configuration was not valid",
            "connect-timeout: it timed out",
            "service-start-timeout: a service it needs did not start in time",
            "service-start-failed: a service it needs failed to start",
            "no-secrets: secrets were required but not provided",
            "login-failed: authentication failed",
            "connection-removed: the profile was deleted",
            "dependency-failed: a connection it depends on (the bridge, for a port) failed",
            "device-realize-failed: the software device (the bridge) could not be created",
            "device-removed: the device disappeared");

    private NmStates() {
    }

    /** NetworkManager's name of active-connection state {@code state}, e.g. "activating". */
    static String stateName(int state) {
        return state >= 0 && state < STATES.size() ? STATES.get(state) : "state " + state;
    }

    /** "5 ip-config-invalid: the IP configuration was not valid", or the bare code for a new one. */
    static String reason(int reason) {
        return reason >= 0 && reason < REASONS.size() ? reason + " " + REASONS.get(reason) : reason + " (unknown reason code)";
    }

    /** "'deactivated' (reason 5 ip-config-invalid: …)", for messages. */
    static String describe(int state, int reason) {
        return "'" + stateName(state) + "' (reason " + reason(reason) + ")";
    }
}
