package org.lxcauto.system;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The passwd database (getpwnam(3), through NSS): who a per-user container's {@code user = NAME}
 * is. Behind an interface so that the configuration can be unit-tested with users the test
 * machine does not have ({@code FakeAccounts}); {@link PasswdAccounts} is the real one.
 */
public interface Accounts {

    /** The account named {@code name}, or empty when the passwd database has none. */
    Optional<Account> byName(String name);

    /** An account: its name, uid, primary gid and home directory, as the passwd database says. */
    record Account(String name, int uid, int gid, Path home) {
        public Account {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(home, "home");
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
