package org.lxcauto.need;

/**
 * The host's systemd units, as far as a {@code needs = unit:NAME} gate asks about them: whether
 * the host runs systemd at all, a unit's {@code ActiveState} now, and a call each time it may have
 * changed (systemd's {@code PropertiesChanged} signal), so that a gate waits on events instead of
 * polling.
 */
public interface SystemdUnits extends AutoCloseable {

    /** Whether the host was booted with systemd (as {@code sd_booted()} tells it). */
    boolean booted();

    /**
     * The unit's {@code ActiveState}: {@code active}, {@code activating}, {@code failed},
     * {@code inactive}, ...; {@code inactive} for a unit systemd has not loaded.
     */
    String activeState(String unit) throws UnitsUnavailableException;

    /**
     * Calls {@code changed}, on any thread, whenever the unit's {@code ActiveState} may have
     * changed, until the returned subscription is closed.
     */
    Subscription watch(String unit, Runnable changed) throws UnitsUnavailableException;

    /** A watch that can be called off. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    @Override
    void close();
}
