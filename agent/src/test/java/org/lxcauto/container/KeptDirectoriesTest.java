package org.lxcauto.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lxcauto.system.CommandResult;
import org.lxcauto.system.FakeCommandRunner;

/** {@link KeptDirectories}: where the kept directories live, how they are made the first time, what stops a start. */
class KeptDirectoriesTest {

    @TempDir
    Path tmp;

    private final FakeCommandRunner runner = new FakeCommandRunner();

    private Path keepRoot() {
        return tmp.resolve("state/keep");
    }

    private Path rootfs() throws IOException {
        return Files.createDirectories(tmp.resolve("lxc/mail/rootfs"));
    }

    private KeptDirectories kept() {
        return new KeptDirectories(runner, keepRoot());
    }

    /** cp as the fake: makes the target directory, as cp -a SOURCE TARGET would. */
    private void cpCopies() {
        runner.on("cp").does(argv -> {
            try {
                Files.createDirectory(Path.of(argv.get(argv.size() - 1)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new CommandResult(argv, 0, "", "", false);
        });
    }

    @Test
    void firstRunCopiesTheBaseDirectoryWithCpAUnderATemporaryName() throws Exception {
        Path base = rootfs();
        Files.createDirectories(base.resolve("var/spool/postfix"));
        cpCopies();

        List<String> binds = kept().prepare("mail", List.of(Path.of("/var/spool/postfix")), why -> Optional.of(base));

        Path host = keepRoot().resolve("mail/var/spool/postfix");
        assertEquals(List.of("bind=" + host + ":/var/spool/postfix"), binds);
        assertEquals(List.of(List.of("cp", "-a", "--", base.resolve("var/spool/postfix").toString(),
                host + ".partial")), runner.argvs(), "owner, mode and links kept; never under the final name");
        assertTrue(Files.isDirectory(host));
        assertFalse(Files.exists(keepRoot().resolve("mail/var/spool/postfix.partial")));
    }

    @Test
    void laterRunsUseTheDirectoryAsItIsAndNeverAskForTheRootfs() throws Exception {
        Files.createDirectories(keepRoot().resolve("mail/var/log"));
        List<String> binds = kept().prepare("mail", List.of(Path.of("/var/log")), why -> {
            throw new AssertionError("rootfs asked for");
        });
        assertEquals(List.of("bind=" + keepRoot().resolve("mail/var/log") + ":/var/log"), binds);
        assertEquals(List.of(), runner.argvs());
    }

    @Test
    void aDirectoryTheBaseLacksStartsEmptyOwnedLikeItsRoot() throws Exception {
        Path base = rootfs();
        Files.setAttribute(base, "unix:uid", 100000);
        Files.setAttribute(base, "unix:gid", 100000);

        kept().prepare("mail", List.of(Path.of("/srv/queue")), why -> Optional.of(base));

        Path host = keepRoot().resolve("mail/srv/queue");
        assertEquals(100000, Files.getAttribute(host, "unix:uid"));
        assertEquals(100000, Files.getAttribute(host, "unix:gid"));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(host)));
        assertEquals(List.of(), runner.argvs());
    }

    @Test
    void aCopyCutShortEarlierIsRemovedFirst() throws Exception {
        Path base = rootfs();
        Files.createDirectories(base.resolve("var/log"));
        Path partial = Files.createDirectories(keepRoot().resolve("mail/var/log.partial"));
        runner.on("rm").does(argv -> {
            try {
                Files.delete(Path.of(argv.get(argv.size() - 1)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new CommandResult(argv, 0, "", "", false);
        });
        cpCopies();

        kept().prepare("mail", List.of(Path.of("/var/log")), why -> Optional.of(base));

        assertEquals(List.of("rm", "-rf", "--one-file-system", "--", partial.toString()), runner.argvs().get(0));
        assertEquals("cp", runner.argvs().get(1).get(0));
        assertTrue(Files.isDirectory(keepRoot().resolve("mail/var/log")));
    }

    @Test
    void aFailedCopyIsRemovedAndTheStartRefusedWithWhatCpSaid() throws Exception {
        Path base = rootfs();
        Files.createDirectories(base.resolve("var/spool/postfix"));
        runner.on("cp").does(argv -> {
            try {
                Files.createDirectory(Path.of(argv.get(argv.size() - 1)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new CommandResult(argv, 1, "", "cp: error writing 'x/defer/1': No space left on device\n", false);
        });
        runner.on("rm").prints("");

        ContainerException e = assertThrows(ContainerException.class,
                () -> kept().prepare("mail", List.of(Path.of("/var/spool/postfix")), why -> Optional.of(base)));

        Path host = keepRoot().resolve("mail/var/spool/postfix");
        assertEquals("cannot make the kept directory " + host + ": cp -a " + base.resolve("var/spool/postfix")
                + " failed: cp: error writing 'x/defer/1': No space left on device; free space or fix "
                + host.getParent(), e.getMessage());
        assertEquals(List.of("rm", "-rf", "--one-file-system", "--", host + ".partial"), runner.argvs().get(1));
        assertFalse(Files.exists(host));
    }

    @Test
    void aRootfsThatIsNoDirectoryAsksForTheDirectoryToBeMadeByHand() {
        ContainerException e = assertThrows(ContainerException.class, () -> kept().prepare("mail",
                List.of(Path.of("/var/spool/postfix")), why -> {
                    why.append("the rootfs of 'mail' is 'lvm:/dev/vg/mail', not a directory lxc-auto can copy from");
                    return Optional.empty();
                }));
        Path host = keepRoot().resolve("mail/var/spool/postfix");
        assertEquals("cannot make the kept directory " + host + " from the base's /var/spool/postfix: the rootfs of"
                + " 'mail' is 'lvm:/dev/vg/mail', not a directory lxc-auto can copy from; create " + host
                + " yourself, with the owner and mode the container expects", e.getMessage());
    }

    @Test
    void aStateDirectoryThatCannotHoldItRefusesTheStartSayingWhy() throws Exception {
        Path base = rootfs();
        Files.writeString(tmp.resolve("state"), "a file where the state directory should be");

        ContainerException e = assertThrows(ContainerException.class,
                () -> kept().prepare("mail", List.of(Path.of("/var/log")), why -> Optional.of(base)));

        assertTrue(e.getMessage().startsWith("cannot create the kept directory " + keepRoot().resolve("mail/var/log")
                + ": "), e.getMessage());
        assertTrue(e.getMessage().endsWith("; make " + keepRoot() + " writable (or give lxc-auto another --state-dir)"
                + " and start 'mail' again"), e.getMessage());
    }
}
