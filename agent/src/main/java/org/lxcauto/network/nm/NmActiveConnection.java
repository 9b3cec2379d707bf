package org.lxcauto.network.nm;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;

/**
 * A connection being activated or active ({@value #INTERFACE}), created by ActivateConnection.
 * Its properties ({@code State}, {@code Connection}) are read through
 * {@link org.freedesktop.dbus.interfaces.Properties}; its {@link StateChanged} signal tells when
 * activation succeeds or fails, so nothing has to poll.
 */
@DBusInterfaceName(NmActiveConnection.INTERFACE)
public interface NmActiveConnection extends DBusInterface {

    /** D-Bus interface name. */
    String INTERFACE = "org.freedesktop.NetworkManager.Connection.Active";

    /** The active connection's state moved ({@code NMActiveConnectionState}), and why. */
    class StateChanged extends DBusSignal {

        private final int state;
        private final int reason;

        /** Called by dbus-java for each received signal. */
        public StateChanged(String path, UInt32 state, UInt32 reason) throws DBusException {
            super(path, state, reason);
            this.state = state.intValue();
            this.reason = reason.intValue();
        }

        /** The new {@code NMActiveConnectionState}. */
        public int state() {
            return state;
        }

        /** The {@code NMActiveConnectionStateReason}. */
        public int reason() {
            return reason;
        }
    }
}
