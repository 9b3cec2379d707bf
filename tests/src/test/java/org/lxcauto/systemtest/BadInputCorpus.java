package org.lxcauto.systemtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes, into one {@link Lab}, two healthy containers ({@code good2} is {@code after = good1})
 * and a corpus of bad autostart configuration, all present at once, and records the diagnostic
 * each bad input must produce.
 *
 * <p>Every bad entry whose container could exist does exist in the lxcpath (a copy of the lab's
 * busybox base), so that the boot test can prove a refused entry is really not started. Entry
 * files are named after their container (the default {@code name}), as administrators do.
 */
final class BadInputCorpus {

    final Lab lab;
    /** The diagnostics {@code check} must print, one per offending file and line. */
    final List<BadInputCase> cases = new ArrayList<>();
    /** Bad containers (short names) that exist in the lxcpath: none may be started. */
    final List<String> existing = new ArrayList<>();
    Path good1;
    Path good2;

    private BadInputCorpus(Lab lab) {
        this.lab = lab;
    }

    static BadInputCorpus build(Lab lab) throws IOException {
        BadInputCorpus corpus = new BadInputCorpus(lab);
        corpus.healthy();
        corpus.syntax();
        corpus.keysAndValues();
        corpus.names();
        corpus.files();
        corpus.strictModes();
        corpus.shapes();
        corpus.dependencies();
        corpus.kept();
        corpus.needed();
        return corpus;
    }

    private String n(String shortName) {
        return lab.name(shortName);
    }

    /** good1 becomes ready after 0.5 s; good2 needs it (hard) and becomes ready 0.2 s after it starts. */
    private void healthy() throws IOException {
        lab.container("good1", "", Map.of("ready-after", "0.5"));
        good1 = lab.entry(n("good1"), "[container]\nready = exec:test -f /ready\nstart-timeout = 20\n");
        lab.container("good2", "", Map.of("ready-after", "0.2"));
        good2 = lab.entry(n("good2"), "[container]\nafter = " + n("good1") + "\nready = exec:test -f /ready\n"
                + "start-timeout = 20\n");
    }

    private void syntax() throws IOException {
        Path f = bad("keyfirst", "after = " + n("good1") + "\n[container]\n");
        expect("INI syntax: a key before any section", f, 1, "syntax error", "after = " + n("good1"), "[container]");
        // A forgotten '=': the administrator meant 'wants = good1'.
        f = bad("noequals", "[container]\nstart-timeout = 20\nwants " + n("good1") + "\n");
        expect("INI syntax: a line without '='", f, 3, "wants " + n("good1"), "=");
        // Latin-1 text (an accented comment) is the realistic file root cannot read as text; chmod 000
        // does not stop root, and a FIFO would block the reader.
        f = bad("latin1", "");
        Files.write(f, "[container]\n; caf\u00e9 du coin\nstart-timeout = 20\n".getBytes(StandardCharsets.ISO_8859_1));
        expect("not UTF-8 text (Latin-1 comment), located at the offending line", f, 2, "UTF-8", "iconv");
    }

    private void keysAndValues() throws IOException {
        Path f = bad("typo", "[container]\nstart-timeout = 20\nafer = " + n("good1") + "\n");
        expect("unknown key with a typo", f, 3, "unknown key 'afer'", "did you mean 'after'");
        f = bad("section", "[container]\nstart-timeout = 20\n\n[network]\nlink = br0\n");
        expect("unknown section", f, 4, "unknown section [network]", "[container]");
        f = bad("dupkey", "[container]\norder = 1\nstart-timeout = 20\norder = 2\n");
        expect("duplicate key", f, 4, "'order' is set again", "first on line 2", "keep only one");
        f = bad("readyport", "[container]\nready = tcp:http\n");
        expect("ready = tcp:http", f, 2, "invalid ready 'tcp:http'", "'http' is not a number", "tcp:PORT");
        f = bad("readyword", "[container]\nready = sometimes\n");
        expect("ready = sometimes", f, 2, "invalid ready 'sometimes'", "running | ipv4 | tcp:PORT | exec:");
        f = bad("timeoutword", "[container]\nstart-timeout = soon\n");
        expect("non-numeric timeout", f, 2, "invalid start-timeout 'soon'", "whole number of seconds");
        f = bad("timeoutneg", "[container]\nstop-timeout = -5\n");
        expect("negative timeout", f, 2, "invalid stop-timeout '-5'", "0 or more");
        f = bad("stopexecempty", "[container]\nstop-timeout = 60\nstop-exec =\n");
        expect("stop-exec without a command", f, 3, "invalid stop-exec ''", "COMMAND ARGS...", "no shell");
        // No container behind it: a domain, which lxc-auto never reaches into.
        f = lab.entry(n("stopexecvm"), "[domain]\nstop-exec = /usr/bin/mysqladmin shutdown\n");
        expect("stop-exec in a [domain]", f, 2, "'stop-exec' is not for a [domain]", "ExecStop=");
        f = bad("oneshotrestart", "[container]\nready = exited\nrestart = on-failure\n");
        expect("ready = exited with a restart policy", f, 3, "restart = on-failure cannot go with ready = exited",
                "never restarted", "remove restart");
        f = lab.entry(n("oneshotvm"), "[domain]\nready = exited\n");
        expect("ready = exited in a [domain]", f, 2, "ready = exited reads the exit status", "use running, ipv4");
        lab.agentConfig("max-parallel = lots\n");
        expect("bad value in [agent]", lab.config, 2, "invalid max-parallel 'lots'", "whole number");
    }

    private void names() throws IOException {
        Path f = lab.entry(n("evil"), "[container]\nname = ../evil\n");
        expect("invalid container name", f, 2, "invalid container name '../evil'", "letters, digits");

        // No container behind this entry.
        f = lab.entry(n("ghost"), "[container]\nstart-timeout = 20\n");
        expect("container not in the lxcpath", f, 1, "'" + n("ghost") + "' not found", "lxc-create",
                lab.lxcpath.toString());

        // Two entry files say the same name; the second by its 'name =' line.
        Path first = bad("dupname", "[container]\nstart-timeout = 20\n");
        Path second = lab.entry(n("dupname") + "-again", "[container]\nname = " + n("dupname") + "\nstart-timeout = 20\n");
        expect("duplicate name (first file)", first, 1, "'" + n("dupname") + "' is named twice", second.toString(),
                "keep one");
        expect("duplicate name (second file)", second, 2, "'" + n("dupname") + "' is named twice", first.toString(),
                "keep one");

        // An entry and the container's own lxc.start.auto = 1.
        lab.container("autokeys", "lxc.start.auto = 1", Map.of());
        existing.add("autokeys");
        Path config = lab.lxcpath.resolve(n("autokeys")).resolve("config");
        int autoLine = Files.readAllLines(config).indexOf("lxc.start.auto = 1") + 1;
        f = lab.entry(n("autokeys"), "[container]\nstart-timeout = 20\n");
        expect("entry and lxc.start.auto (entry)", f, 1, "'" + n("autokeys") + "' is named twice", "lxc.start.auto",
                "keep one");
        expect("entry and lxc.start.auto (LXC config)", config, autoLine, "'" + n("autokeys") + "' is named twice",
                f.toString(), "lxc.start.auto = 0");
    }

    private void files() throws IOException {
        Path f = bad("groupwritable", "[container]\nstart-timeout = 20\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-r--"));
        expect("group-writable entry (0664)", f, 0, "writable by group or others", "rw-rw-r--", "chmod go-w " + f);
        f = bad("worldwritable", "[container]\nstart-timeout = 20\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"));
        expect("world-writable entry (0666)", f, 0, "writable by group or others", "rw-rw-rw-", "chmod go-w " + f);
        f = bad("notroot", "[container]\nstart-timeout = 20\n");
        UserPrincipal nobody = f.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(f, nobody);
        expect("entry not owned by root", f, 0, "owned by uid", "not root", "chown root: " + f);

        Path gone = lab.lxcpath.resolve(n("dangling")).resolve("config");
        Path link = Files.createSymbolicLink(lab.autoDir.resolve(n("dangling") + ".conf"), gone);
        expect("dangling legacy symlink", link, 0, "dangling symlink", gone.toString(), "remove it");

        Path notes = lab.dir.resolve("notes.txt");
        Lab.write(notes, "lxc.start.auto = 1\n");
        lab.container("notconfig", "", Map.of());
        existing.add("notconfig");
        link = Files.createSymbolicLink(lab.autoDir.resolve(n("notconfig") + ".conf"), notes);
        expect("legacy symlink to a non-config file", link, 0, notes.toString(), "not to a container config");
    }

    /** What a local attacker could have written: StrictModes for the file, its directories, a symlink's target. */
    private void strictModes() throws IOException {
        UserPrincipal nobody = lab.dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        // A legacy symlink to a world-writable container config, in a directory owned by nobody.
        lab.container("symweb", "", Map.of());
        existing.add("symweb");
        Path config = lab.lxcpath.resolve(n("symweb")).resolve("config");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.setOwner(config.getParent(), nobody);
        Path link = Files.createSymbolicLink(lab.autoDir.resolve(n("symweb") + ".conf"), config);
        expect("legacy symlink to a world-writable config in a directory owned by nobody", link, 0, "refused",
                config.toString(), "chmod go-w " + config);

        lab.container("symdir", "", Map.of());
        existing.add("symdir");
        Path dirOfConfig = lab.lxcpath.resolve(n("symdir"));
        Files.setOwner(dirOfConfig, nobody);
        link = Files.createSymbolicLink(lab.autoDir.resolve(n("symdir") + ".conf"), dirOfConfig.resolve("config"));
        expect("legacy symlink to a config in a directory owned by nobody", link, 0, "directory " + dirOfConfig,
                "owned by uid", "chown root: " + dirOfConfig);

        // An entry whose container config is group-writable: lxc-start would run what it says.
        Path f = bad("lxcwritable", "[container]\nstart-timeout = 20\n");
        Path lxcConfig = lab.lxcpath.resolve(n("lxcwritable")).resolve("config");
        Files.setPosixFilePermissions(lxcConfig, PosixFilePermissions.fromString("rw-rw-r--"));
        expect("entry whose LXC config is group-writable", lxcConfig, 0, "writable by group or others",
                "chmod go-w " + lxcConfig);

        // lxc.start.auto = 1 in a world-writable config: anyone could have set it.
        lab.container("autowritable", "lxc.start.auto = 1", Map.of());
        existing.add("autowritable");
        Path autoConfig = lab.lxcpath.resolve(n("autowritable")).resolve("config");
        Files.setPosixFilePermissions(autoConfig, PosixFilePermissions.fromString("rw-rw-rw-"));
        expect("lxc.start.auto = 1 in a world-writable config", autoConfig, 0, "writable by group or others",
                "chmod go-w " + autoConfig);

        // An interface definition anyone may rewrite.
        Path interfaces = Files.createDirectories(lab.autoDir.resolve("interfaces"));
        Path xml = interfaces.resolve(n("br") + ".xml");
        Lab.write(xml, "<interface type='bridge' name='" + n("br") + "'><bridge/></interface>\n");
        Files.setPosixFilePermissions(xml, PosixFilePermissions.fromString("rw-rw-rw-"));
        expect("world-writable interface definition", xml, 0, "writable by group or others", "chmod go-w " + xml);

        // An ephemeral entry and an entry named like its overlay copy.
        Path db = bad("eph", "[container]\nephemeral = yes\nstart-timeout = 20\n");
        Path copy = bad("eph-ephemeral", "[container]\nstart-timeout = 20\n");
        expect("ephemeral entry beside an entry named like its copy (the ephemeral one)", db, 1, "is ephemeral",
                copy.toString(), "rename one");
        expect("ephemeral entry beside an entry named like its copy (the other)", copy, 1, "is ephemeral",
                db.toString(), "rename one");
    }

    /** Files that are no configuration at all: each refused by name, never a hang, a stack trace or an OOM. */
    private void shapes() throws IOException {
        Path fifo = lab.autoDir.resolve(n("fifo") + ".conf");
        Commands.ok("mkfifo", fifo.toString());
        expect("a FIFO named *.conf", fifo, 0, "is a FIFO", "not a regular file");
        Path directory = Files.createDirectory(lab.autoDir.resolve(n("dir") + ".conf"));
        expect("a directory named *.conf", directory, 0, "is a directory", "not a regular file");
        Path device = lab.autoDir.resolve(n("dev") + ".conf");
        Commands.ok("mknod", "-m", "0644", device.toString(), "c", "1", "5");
        expect("a character device named *.conf", device, 0, "is a character device", "not a regular file");
        Path socket = lab.autoDir.resolve(n("sock") + ".conf");
        try (var server = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(java.net.UnixDomainSocketAddress.of(socket)); // the socket file outlives the channel
        }
        expect("a socket named *.conf", socket, 0, "is a socket", "not a regular file");

        Path huge = bad("huge", "");
        try (var file = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(60L << 20); // sparse: 60 MB that cost no disk
        }
        expect("a 60 MB entry", huge, 0, "62914560 bytes", "1 MiB");
        Path longLine = bad("longline", "");
        Files.writeString(longLine, "[container]\nafter = " + "x".repeat(10 << 20) + "\n");
        expect("a 10 MB line", longLine, 0, "bytes, more than the 1 MiB");
        Path binary = bad("binary", "");
        byte[] garbage = new byte[4096];
        new java.util.Random(42).nextBytes(garbage);
        garbage[0] = '[';
        garbage[1] = '\n';
        garbage[2] = 0;
        Files.write(binary, garbage);
        expect("binary garbage", binary, 2, "binary data", "NUL byte");
        Path a = lab.autoDir.resolve(n("loop-a") + ".conf");
        Path b = lab.autoDir.resolve(n("loop-b") + ".conf");
        Files.createSymbolicLink(a, b);
        Files.createSymbolicLink(b, a);
        expect("a symlink loop (first link)", a, 0, "Too many levels of symbolic links");
        expect("a symlink loop (second link)", b, 0, "Too many levels of symbolic links");
        // Root reads a mode-000 file anyway: used, with a warning that says so.
        Path unreadable = bad("mode000", "[container]\nstart-timeout = 20\nafter = " + n("nosuch") + "\n");
        Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("---------"));
        expect("a mode-000 entry (warning)", unreadable, 0, "warning:", "not readable even by its owner", "chmod 0644");
    }

    private void dependencies() throws IOException {
        List<String> members = List.of(n("cycle1"), n("cycle2"), n("cycle3"));
        for (int i = 0; i < 3; i++) {
            Path f = bad("cycle" + (i + 1), "[container]\nstart-timeout = 20\nafter = " + members.get((i + 1) % 3) + "\n");
            expect("dependency cycle of 3 (member " + (i + 1) + ")", f, 3, "dependency cycle", members.get(0),
                    members.get(1), members.get(2), "remove one");
        }
        Path f = bad("orphan", "[container]\nstart-timeout = 20\nafter = " + n("nosuch") + "\n");
        expect("after names a container that is not configured", f, 3, "needs '" + n("nosuch") + "'",
                "not an autostart container", "remove it from 'after'");
    }

    /** {@code keep = DIR...}: each bad directory on its own line, and keep where it does nothing. */
    private void kept() throws IOException {
        String head = "[container]\nephemeral = yes\nstart-timeout = 20\n";
        Path f = bad("keeprel", head + "keep = var/spool/postfix\n");
        expect("keep: a relative directory", f, 4, "invalid keep 'var/spool/postfix'", "not an absolute path");
        f = bad("keepdots", head + "keep = /var/log /var/../etc\n");
        expect("keep: '..' in a directory", f, 4, "invalid keep '/var/../etc'", "'..'", "without it");
        f = bad("keeproot", head + "keep = /\n");
        expect("keep: the root directory", f, 4, "invalid keep '/'", "the whole container");
        f = bad("keepslash", head + "keep = /var/spool/\n");
        expect("keep: a directory not normalised", f, 4, "invalid keep '/var/spool/'", "write it as '/var/spool'");
        f = bad("keeptwice", head + "keep = /var/log\nkeep = /var/log\n");
        expect("keep: a directory listed twice", f, 5, "'/var/log' is kept twice", "first on line 4", "list it once");
        f = bad("keepnested", head + "keep = /var /var/spool/postfix\n");
        expect("keep: a directory inside another", f, 4, "'/var/spool/postfix' lies inside '/var'", "keep only '/var'");
        f = lab.entry(n("keepvm"), "[domain]\nkeep = /var/log\n");
        expect("keep: in a [domain]", f, 2, "'keep' is not for a [domain]", "remove it");
        // Without ephemeral = yes, keep is a warning; the missing dependency keeps this one down.
        f = bad("keepnoeph", "[container]\nstart-timeout = 20\nafter = " + n("nosuch") + "\nkeep = /var/log\n");
        expect("keep without ephemeral (warning)", f, 4, "warning:", "'keep' has no effect without 'ephemeral = yes'",
                "set 'ephemeral = yes' or remove 'keep'");
    }

    /** {@code needs = ...}: each bad token an error of its line, naming it, the cause and the fix. */
    private void needed() throws IOException {
        String head = "[container]\nstart-timeout = 20\n";
        Path f = bad("needrel", head + "needs = mount:srv/data\n");
        expect("needs: a relative mount point", f, 3, "invalid need 'mount:srv/data'", "not an absolute path",
                "e.g. mount:/srv/data");
        f = bad("needport", head + "needs = mount:/srv tcp:db.example.org:99999\n");
        expect("needs: a port out of range", f, 3, "invalid need 'tcp:db.example.org:99999'",
                "port 99999 is outside 1-65535", "write tcp:HOST:PORT");
        f = bad("needv6", head + "needs = tcp:::1:5432\n");
        expect("needs: an IPv6 address without brackets", f, 3, "invalid need 'tcp:::1:5432'", "in brackets",
                "tcp:[::1]:5432");
        f = bad("needshell", head + "needs = unit:$(reboot)\n");
        expect("needs: shell text as a unit name", f, 3, "invalid need 'unit:$(reboot)'", "not a systemd unit name");
        f = bad("needkind", head + "needs = udp:db:53\n");
        expect("needs: an unknown kind", f, 3, "invalid need 'udp:db:53'", "unknown kind 'udp:'", "mount:PATH");
        if (!Files.isDirectory(Path.of("/run/systemd/system"))) {
            // A host without systemd: a unit can never be active, which check tells of the entry. The
            // entry itself is usable: the missing dependency keeps it down, as the boot test wants.
            f = bad("needunit", head + "after = " + n("nosuch") + "\nneeds = unit:nfs-server\n");
            expect("needs: a unit on a host without systemd", f, 4, "'" + n("needunit") + "' needs"
                    + " unit:nfs-server.service", "does not run systemd", "remove it from needs");
        }
    }

    /** Creates container {@code shortName} and its entry file with {@code text}. */
    private Path bad(String shortName, String text) throws IOException {
        lab.container(shortName, "", Map.of());
        existing.add(shortName);
        return lab.entry(n(shortName), text);
    }

    private void expect(String title, Path file, int line, String... words) {
        cases.add(BadInputCase.of(title, file, line, words));
    }
}
