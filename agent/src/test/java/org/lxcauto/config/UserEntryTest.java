package org.lxcauto.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.lxcauto.config.Entries.lxc;
import static org.lxcauto.config.TempConfig.entryNamed;
import static org.lxcauto.config.TempConfig.names;
import static org.lxcauto.config.TempConfig.problemContaining;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lxcauto.system.FakeAccounts;

/**
 * {@code user = NAME} of a {@code [container]} entry (docs/configuration.md, per-user containers):
 * looked up in the passwd database at load time, the user's lxcpath as the default, refused for a
 * domain, and the user's files held to StrictModes for that user.
 */
class UserEntryTest {

    @TempDir
    Path root;
    TempConfig t;
    FakeAccounts accounts;
    Path home;

    @BeforeEach
    void setUp() {
        t = new TempConfig(root);
        home = root.resolve("home/alice");
        accounts = new FakeAccounts().with("alice", 1000, home).with("root", 0, root.resolve("root"));
    }

    /** A container in alice's default lxcpath. */
    private Path aliceContainer(String name) {
        return TempConfig.write(home.resolve(".local/share/lxc").resolve(name).resolve("config"), "lxc.net.0.type = empty");
    }

    @Test
    void theUsersLxcpathIsTheDefault() {
        aliceContainer("web");
        t.entry("web.conf", "[container]", "user = alice");
        Configuration config = t.load(accounts);
        assertEquals(List.of(), config.problems());
        Target.Lxc web = lxc(entryNamed(config, "web"));
        assertEquals(home.resolve(".local/share/lxc"), web.lxcpath());
        assertEquals(Optional.of(accounts.get("alice")), web.user());
    }

    @Test
    void anLxcpathGivenIsKept() {
        t.container("web");
        t.entry("web.conf", "[container]", "lxcpath = " + t.lxcpath, "user = alice");
        Configuration config = t.load(accounts);
        assertEquals(List.of(), config.problems());
        assertEquals(t.lxcpath, lxc(entryNamed(config, "web")).lxcpath());
        assertEquals("alice", lxc(entryNamed(config, "web")).user().orElseThrow().name());
    }

    @Test
    void anUnknownUserIsAnErrorOnItsLine() {
        t.container("web");
        Path file = t.entry("web.conf", "[container]", "after = db", "user = bob");
        Configuration config = t.load(accounts);
        Problem p = problemContaining(config, "unknown user 'bob': the passwd database has no such account");
        assertEquals(file + ":3: unknown user 'bob': the passwd database has no such account (getent passwd bob);"
                + " create the user or fix the name", p.toString());
        assertEquals(List.of(), names(config), "the entry is not used");
    }

    @Test
    void rootAndEphemeralAndDomainsAreRefused() {
        t.container("a");
        t.container("b");
        t.entry("a.conf", "[container]", "user = root");
        t.entry("b.conf", "[container]", "ephemeral = yes", "user = alice");
        t.entry("vm.conf", "[domain]", "user = alice");
        Configuration config = t.load(accounts);
        assertEquals(2, problemContaining(config, "user 'root' is root; remove 'user'").line());
        assertEquals(3, problemContaining(config, "'user' and 'ephemeral = yes' do not go together").line());
        assertEquals(2, problemContaining(config, "'user' is not for a [domain]").line());
        assertEquals(List.of(), names(config));
    }

    @Test
    void thePasswdDatabaseIsAskedOnlyForEntriesWithUser() {
        t.container("web");
        t.entry("web.conf", "[container]");
        t.load(accounts);
        assertEquals(0, accounts.lookups);
    }

    @Test
    void theUsersOwnFilesAreAcceptedAndAThirdUsersRefused() throws IOException {
        assumeTrue(Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid")), "needs root to chown");
        Path config = aliceContainer("web");
        t.entry("web.conf", "[container]", "user = alice");
        for (Path p = config; !p.equals(root); p = p.getParent()) {
            Files.setAttribute(p, "unix:uid", 1000);
        }
        Configuration config1 = t.load(accounts);
        assertEquals(List.of(), config1.problems());
        assertEquals(List.of("web"), names(config1));

        Path share = home.resolve(".local/share");
        Files.setAttribute(share, "unix:uid", 1001);
        Configuration config2 = t.load(accounts);
        assertEquals("refused: directory " + share + " is owned by uid 1001, neither root nor the container's user"
                + " (uid 1000), so that user could change what runs as them; fix: chown 1000 " + share,
                problemContaining(config2, "refused").message());
        assertEquals(List.of(), names(config2));

        Files.setAttribute(share, "unix:uid", 1000);
        TempConfig.chmod(config, "rw-rw-r--");
        assertTrue(problemContaining(t.load(accounts), "refused: writable by group or others").toString()
                .startsWith(config + ":0:"));
    }

    @Test
    void theUsersContainerDirectoryMayBeWritableByTheUsersOwnGroupAsLxcMakesIt() throws IOException {
        assumeTrue(Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid")), "needs root to chown");
        Path config = aliceContainer("web");
        t.entry("web.conf", "[container]", "user = alice");
        for (Path p = config; !p.equals(root); p = p.getParent()) {
            Files.setAttribute(p, "unix:uid", 1000);
        }
        Path dir = config.getParent();
        TempConfig.chmodOctal(dir, "0770"); // lxc-create as alice: 0770 alice:alice
        Files.setAttribute(dir, "unix:gid", 1000);
        assertEquals(List.of(), t.load(accounts).problems());

        Files.setAttribute(dir, "unix:gid", 1001);
        assertEquals("refused: directory " + dir + " is writable by group or others (mode rwxrwx---); fix: chmod go-w "
                + dir, problemContaining(t.load(accounts), "refused").message(), "another group may not write");
    }

    @Test
    void rootsContainersStayRootsOnly() throws IOException {
        assumeTrue(Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid")), "needs root to chown");
        Path config = t.container("web");
        Files.setAttribute(config, "unix:uid", 1000);
        t.entry("web.conf", "[container]");
        assertTrue(problemContaining(t.load(accounts), "owned by uid 1000, not root").message().contains("chown root:"));
    }
}
