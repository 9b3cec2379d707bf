package org.lxcauto.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** NetworkManager's numeric active-connection states and reasons, in words for error messages. */
class NmStatesTest {

    @Test
    void namesStatesAsNetworkManagerDoes() {
        assertEquals("activating", NmStates.stateName(NmStates.ACTIVATING));
        assertEquals("activated", NmStates.stateName(NmStates.ACTIVATED));
        assertEquals("deactivating", NmStates.stateName(3));
        assertEquals("deactivated", NmStates.stateName(NmStates.DEACTIVATED));
        assertEquals("state 9", NmStates.stateName(9));
    }

    @Test
    void explainsReasons() {
        assertEquals("5 ip-config-invalid: the IP configuration was not valid", NmStates.reason(5));
        assertEquals("11 connection-removed: the profile was deleted", NmStates.reason(11));
        assertEquals("13 device-realize-failed: the software device (the bridge) could not be created", NmStates.reason(13));
        assertEquals("42 (unknown reason code)", NmStates.reason(42));
        assertEquals("-1 (unknown reason code)", NmStates.reason(-1));
    }

    @Test
    void describesStateAndReasonTogether() {
        assertEquals("'deactivated' (reason 12 dependency-failed: a connection it depends on (the bridge, for a port) failed)",
                NmStates.describe(NmStates.DEACTIVATED, 12));
        assertEquals("'activating' (reason 0 unknown: NetworkManager gave no reason)", NmStates.describe(NmStates.ACTIVATING, 0));
    }
}
