package org.lxcauto.system;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@link Accounts} on getpwnam(3) through jnr-posix, so that users from LDAP or systemd's
 * dynamic users count as the rest of the system sees them. jnr-posix is loaded on the first
 * lookup only: it costs about 0.45 s, and only configurations with {@code user =} pay it.
 */
public final class PasswdAccounts implements Accounts {

    @Override
    public synchronized Optional<Account> byName(String name) {
        jnr.posix.Passwd entry = jnr.posix.POSIXFactory.getNativePOSIX().getpwnam(name);
        if (entry == null) {
            return Optional.empty();
        }
        return Optional.of(new Account(entry.getLoginName(), (int) entry.getUID(), (int) entry.getGID(),
                Path.of(entry.getHome())));
    }
}
