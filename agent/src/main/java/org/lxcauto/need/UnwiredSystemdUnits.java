package org.lxcauto.need;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host's systemd as far as this build can ask it: whether it runs (as {@code sd_booted()} tells
 * it), but no unit states, as the D-Bus client of systemd is not part of this build. A {@code unit:}
 * need then fails with that said, never silently.
 */
public final class UnwiredSystemdUnits implements SystemdUnits {

    @Override
    public boolean booted() {
        return Files.isDirectory(Path.of("/run/systemd/system"));
    }

    @Override
    public String activeState(String unit) throws UnitsUnavailableException {
        throw new UnitsUnavailableException("this build of lxc-auto cannot ask systemd about units yet");
    }

    @Override
    public Subscription watch(String unit, Runnable changed) throws UnitsUnavailableException {
        throw new UnitsUnavailableException("this build of lxc-auto cannot ask systemd about units yet");
    }

    @Override
    public void close() {
    }
}
