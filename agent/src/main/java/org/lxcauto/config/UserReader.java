package org.lxcauto.config;

import java.nio.file.Path;
import java.util.Optional;
import org.lxcauto.system.Accounts;

/**
 * Reads {@code user = NAME} of a {@code [container]} entry (docs/configuration.md, per-user
 * containers): the account is looked up in the passwd database when the configuration is loaded,
 * so that a typo is a {@code FILE:LINE} error at {@code check} rather than a failed start at boot.
 */
final class UserReader {

    static final String KEY = "user";
    /** Where LXC keeps an unprivileged user's containers: its default lxcpath for that user. */
    static final String USER_LXCPATH = ".local/share/lxc";

    private UserReader() {
    }

    /** The account, or empty when the key is absent or wrong (then an error is recorded). */
    static Optional<Accounts.Account> read(SectionReader r, boolean ephemeral, Accounts accounts) {
        Optional<IniDocument.Option> option = r.option(KEY);
        if (option.isEmpty()) {
            return Optional.empty();
        }
        String name = option.get().value().strip();
        int line = option.get().line();
        if (!name.matches("[a-z_][a-z0-9_.-]*\\$?")) {
            r.error(line, "invalid user name '" + name + "': a login name such as 'alice'");
            return Optional.empty();
        }
        Optional<Accounts.Account> account = accounts.byName(name);
        if (account.isEmpty()) {
            r.error(line, "unknown user '" + name + "': the passwd database has no such account (getent passwd " + name
                    + "); create the user or fix the name");
        } else if (account.get().uid() == 0) {
            r.error(line, "user '" + name + "' is root; remove 'user' for root's containers");
            return Optional.empty();
        } else if (ephemeral) {
            r.error(line, "'user' and 'ephemeral = yes' do not go together: lxc-auto runs a user's containers"
                    + " themselves, not overlay copies; remove one of them");
            return Optional.empty();
        }
        return account;
    }

    /** The lxcpath of a user's containers when the entry gives none: {@code ~NAME/.local/share/lxc}. */
    static Path defaultLxcpath(Accounts.Account account) {
        return account.home().resolve(USER_LXCPATH);
    }
}
