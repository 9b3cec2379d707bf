package org.lxcauto.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.lxcauto.config.TempConfig.entryNamed;
import static org.lxcauto.config.TempConfig.names;
import static org.lxcauto.config.TempConfig.problemContaining;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lxcauto.need.Need;

/** {@code needs = TOKEN...}: gates outside the container graph (docs/configuration.md). */
class NeedsEntryTest {

    @TempDir
    Path root;
    TempConfig t;

    @BeforeEach
    void setUp() {
        t = new TempConfig(root);
        t.container("web");
        t.container("db");
    }

    private static List<String> needs(Configuration config, String name) {
        return entryNamed(config, name).needs().stream().map(Need::toString).toList();
    }

    @Test
    void everyKindIsReadInOrderFromEveryLine() {
        t.entry("web.conf", "[container]", "needs = mount:/srv/data unit:openvswitch-switch.service",
                "needs = tcp:db.example.org:5432, tcp:[2001:db8::5]:5432 tcp:192.0.2.7:80");
        Configuration config = t.load();
        assertEquals(List.of(), config.problems());
        assertEquals(List.of("mount:/srv/data", "unit:openvswitch-switch.service", "tcp:db.example.org:5432",
                "tcp:[2001:db8::5]:5432", "tcp:192.0.2.7:80"), needs(config, "web"));
        assertEquals(new Need.Tcp("2001:db8::5", 5432), entryNamed(config, "web").needs().get(3));
        assertEquals(new Need.Mount(Path.of("/srv/data")), entryNamed(config, "web").needs().get(0));
    }

    @Test
    void aUnitWithoutTypeIsAServiceAsSystemctlTakesIt() {
        t.entry("web.conf", "[container]", "needs = unit:nfs-server unit:srv-data.mount unit:getty@tty1");
        assertEquals(List.of("unit:nfs-server.service", "unit:srv-data.mount", "unit:getty@tty1.service"),
                needs(t.load(), "web"));
    }

    @Test
    void noNeedsIsNothingToWaitFor() {
        t.entry("web.conf", "[container]");
        assertEquals(List.of(), needs(t.load(), "web"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "mount:srv/data      | 'srv/data' is not an absolute path; write the mount point from /, e.g. mount:/srv/data",
        "mount:/srv/data/    | '/srv/data/' is not normalised, and the mount table lists only normalised paths; write it as mount:/srv/data",
        "mount:/srv/../data  | '/srv/../data' is not normalised, and the mount table lists only normalised paths; write it as mount:/data",
        "mount:              | no path; write the mount point, e.g. mount:/srv/data",
        "unit:               | no unit name; write the unit as systemctl lists it, e.g. unit:openvswitch-switch.service",
        "unit:$(reboot)      | '$(reboot)' is not a systemd unit name (letters, digits and :_.\\@- only, not starting with - or .); write the unit as systemctl lists it, e.g. unit:openvswitch-switch.service",
        "unit:-x.service     | '-x.service' is not a systemd unit name",
        "unit:getty@.service | 'getty@.service' is a template, which is never active itself; name an instance of it, e.g. unit:getty@INSTANCE.service",
        "unit:.service       | '.service' is not a systemd unit name",
        "tcp:db              | no port; write tcp:HOST:PORT, e.g. tcp:db.example.org:5432 or tcp:[2001:db8::5]:5432",
        "tcp:db:http         | port 'http' is not a number; write tcp:HOST:PORT",
        "tcp:db:0            | port 0 is outside 1-65535",
        "tcp:db:65536        | port 65536 is outside 1-65535",
        "tcp::5432           | no host; write tcp:HOST:PORT",
        "tcp:::1:5432        | '::1' is not a host name; an IPv6 address goes in brackets, e.g. tcp:[::1]:5432",
        "tcp:[::g]:5432      | '[::g]' is not an IPv6 address; write it as e.g. tcp:[2001:db8::5]:5432",
        "tcp:db;reboot:5432  | 'db;reboot' is not a host name (letters, digits, '-' and '.' only) nor an address; write e.g. tcp:db.example.org:5432 or tcp:192.0.2.7:5432",
        "tcp:-db:5432        | '-db' is not a host name",
        "tcp:10.0.0.256:5432 | '10.0.0.256' is not an IPv4 address (four numbers 0-255); write e.g. tcp:192.0.2.7:5432",
        "db                  | no kind; write mount:PATH, unit:NAME or tcp:HOST:PORT, e.g. mount:/srv/data unit:openvswitch-switch.service tcp:db.example.org:5432",
        "udp:db:53           | unknown kind 'udp:'; write mount:PATH, unit:NAME or tcp:HOST:PORT",
    })
    void everyBadTokenIsAnErrorOnItsLineThatNamesItAndTheFix(String token, String why) {
        t.entry("web.conf", "[container]", "after = db", "needs = mount:/srv/ok " + token);
        t.entry("db.conf", "[container]");
        Configuration config = t.load();
        Problem p = problemContaining(config, "invalid need '" + token + "': " + why);
        assertEquals(3, p.line());
        assertEquals("web", p.container());
        assertEquals(Problem.Severity.ERROR, p.severity());
        assertEquals(List.of("db"), names(config), "the other entries boot");
    }

    @Test
    void everyBadTokenOfOneLineIsReported() {
        t.entry("web.conf", "[container]", "needs = mount:a tcp:db:0");
        Configuration config = t.load();
        problemContaining(config, "invalid need 'mount:a'");
        problemContaining(config, "invalid need 'tcp:db:0'");
    }

    @Test
    void aRepeatIsAWarningAndKeptOnce() {
        t.entry("web.conf", "[container]", "needs = unit:nfs-server", "needs = unit:nfs-server.service");
        Configuration config = t.load();
        Problem p = problemContaining(config, "'unit:nfs-server.service' is listed twice in needs (first on line 2);"
                + " the repeat is ignored, remove it");
        assertEquals(Problem.Severity.WARNING, p.severity());
        assertEquals(3, p.line());
        assertEquals(List.of("unit:nfs-server.service"), needs(config, "web"));
    }

    @Test
    void aDomainMayHaveNeeds() {
        t.entry("vm.conf", "[domain]", "needs = mount:/srv/images");
        Configuration config = t.load();
        assertEquals(List.of(), config.problems());
        assertEquals(List.of("mount:/srv/images"), needs(config, "vm"));
    }

    @Test
    void aUsersContainerMayHaveNeeds() {
        org.lxcauto.system.FakeAccounts accounts = new org.lxcauto.system.FakeAccounts().with("alice", 1000,
                root.resolve("home/alice"));
        t.entry("web.conf", "[container]", "user = alice", "lxcpath = " + t.lxcpath, "needs = tcp:db:5432");
        Configuration config = t.load(accounts);
        assertEquals(List.of(), config.problems());
        assertEquals(List.of("tcp:db:5432"), needs(config, "web"));
    }

    @Test
    void aTypoOfTheKeyIsCaught() {
        t.entry("web.conf", "[container]", "need = mount:/srv/data");
        problemContaining(t.load(), "unknown key 'need'; did you mean 'needs'?");
    }
}
