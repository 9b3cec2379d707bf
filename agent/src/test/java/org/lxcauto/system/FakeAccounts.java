package org.lxcauto.system;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A passwd database of the test's own users, so that tests need no accounts on the machine. */
public final class FakeAccounts implements Accounts {

    private final Map<String, Account> byName = new LinkedHashMap<>();
    /** How many lookups were made: the database is asked only for entries with {@code user}. */
    public int lookups;

    /** Adds {@code name} with uid and gid {@code id} and home {@code home}. */
    public FakeAccounts with(String name, int id, Path home) {
        byName.put(name, new Account(name, id, id, home));
        return this;
    }

    public Account get(String name) {
        return byName.get(name);
    }

    @Override
    public synchronized Optional<Account> byName(String name) {
        lookups++;
        return Optional.ofNullable(byName.get(name));
    }
}
