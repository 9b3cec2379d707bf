package org.lxcauto.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * StrictModes for configuration: the file, its directory and every directory up to / are root's
 * and writable by no one else; a symlink is judged with its target; root's sticky directories
 * (/tmp) pass above the file's own directory, but not as it.
 */
class FileSafetyTest {

    @TempDir
    Path root;
    private TempConfig t;

    @BeforeEach
    void setUp() {
        t = new TempConfig(root);
    }

    private static String refusal(Path file) {
        return new FileSafety().refusal(file).orElse("accepted");
    }

    @Test
    void safeFileUnderTmpIsAccepted() {
        // /tmp is root's and sticky: it may be world-writable above the file's own directory.
        assertEquals("accepted", refusal(t.entry("web.conf", "[container]")));
    }

    @Test
    void worldWritableDirectoryOfTheFileIsRefusedEvenWithTheStickyBit() {
        Path file = t.entry("web.conf", "[container]");
        TempConfig.chmodOctal(t.autoDir, "1777");
        assertEquals("refused: directory " + t.autoDir + " is writable by group or others (mode rwxrwxrwt); fix: chmod go-w "
                + t.autoDir, refusal(file));
    }

    @Test
    void groupWritableDirectoryAboveIsRefused() throws IOException {
        assumeTrue(Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid")), "needs root to chgrp");
        Path file = t.entry("web.conf", "[container]");
        Path etc = t.autoDir.getParent();
        Files.setAttribute(etc, "unix:gid", 65534); // a group other than root's
        TempConfig.chmod(etc, "rwxrwxr-x");
        assertEquals("refused: directory " + etc + " is writable by group or others (mode rwxrwxr-x); fix: chmod go-w " + etc,
                refusal(file));
    }

    @Test
    void stickyWorldWritableDirectoryAboveIsAccepted() {
        Path file = t.entry("web.conf", "[container]");
        TempConfig.chmodOctal(t.autoDir.getParent(), "1777");
        assertEquals("accepted", refusal(file));
    }

    @Test
    void directoryOwnedBySomeoneElseIsRefused() throws IOException {
        assumeTrue(Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid")), "needs root to chown");
        Path file = t.entry("web.conf", "[container]");
        Path etc = t.autoDir.getParent();
        Files.setAttribute(etc, "unix:uid", 65534);
        assertEquals("refused: directory " + etc + " is owned by uid 65534, not root, so that user could change what root"
                + " runs; fix: chown root: " + etc, refusal(file));
    }

    @Test
    void symlinkToAWorldWritableConfigIsRefusedNamingTheTarget() throws IOException {
        Path config = t.container("web");
        TempConfig.chmod(config, "rw-rw-rw-");
        Path link = t.symlink("web.conf", config);
        assertEquals("refused: its target " + config.toRealPath() + " is writable by group or others (mode rw-rw-rw-); fix:"
                + " chmod go-w " + config.toRealPath(), refusal(link));
    }

    @Test
    void symlinkToAConfigInADirectoryOthersMayWriteIsRefused() throws IOException {
        assumeTrue(Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid")), "needs root to chown");
        Path config = t.container("web");
        Path dir = config.getParent().toRealPath();
        Files.setAttribute(dir, "unix:uid", 65534);
        Path link = t.symlink("web.conf", config);
        assertTrue(refusal(link).startsWith("refused: directory " + dir + " is owned by uid 65534"), refusal(link));
    }

    @Test
    void symlinkLoopIsNamed() throws IOException {
        Path a = t.autoDir.resolve("a.conf");
        Path b = t.autoDir.resolve("b.conf");
        Files.createSymbolicLink(a, b);
        Files.createSymbolicLink(b, a);
        assertTrue(refusal(a).contains("Too many levels of symbolic links"), refusal(a));
    }

    @Test
    void listedDirectoryIsCheckedStrictly() {
        TempConfig.chmod(t.autoDir, "rwxrwxrwx");
        Problems problems = new Problems();
        assertTrue(!new FileSafety().checkDirectory(t.autoDir, problems));
        assertEquals(List.of(t.autoDir + ":0: refused: directory " + t.autoDir + " is writable by group or others (mode"
                + " rwxrwxrwx); fix: chmod go-w " + t.autoDir + "; no file in it is used until then"),
                problems.all().stream().map(Problem::toString).toList());
    }

    @Test
    void fileNobodyMayReadIsUsedWithAWarning() {
        Path file = t.entry("web.conf", "[container]");
        TempConfig.chmod(file, "---------");
        Problems problems = new Problems();
        assertTrue(new FileSafety().check(file, "web", problems));
        assertEquals(Problem.Severity.WARNING, problems.all().get(0).severity());
        assertTrue(problems.all().get(0).message().contains("chmod 0644 " + file), problems.all()::toString);
    }

    @Test
    void permissionsAreShownAsLsShowsThem() {
        assertEquals("rwxr-xr-x", FileSafety.permissions(0755));
        assertEquals("rwxrwxrwt", FileSafety.permissions(01777));
        assertEquals("rw-rw-rwT", FileSafety.permissions(01666));
    }

    @Test
    void containerDirectoryWritableByTheRootGroupIsAcceptedAsLxcMakesIt() {
        Path config = t.container("web");
        TempConfig.chmodOctal(config.getParent(), "0770"); // lxc-create: 0770 root:root
        assertEquals("accepted", refusal(config));
    }

    @Test
    void fileWritableByTheRootGroupIsStillRefused() {
        Path config = t.container("web");
        TempConfig.chmod(config, "rw-rw-r--");
        assertTrue(refusal(config).startsWith("refused: writable by group or others (mode rw-rw-r--)"), refusal(config));
    }

    /** An unprivileged container's directory as lxc-create leaves it: 0770, its mapped root's user and group. */
    private Path unprivilegedContainer(int uid, int gid) throws IOException {
        assumeTrue(Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid")), "needs root to chown");
        Path config = t.container("web", "lxc.idmap = u 0 100000 65536", "lxc.idmap = g 0 100000 65536");
        TempConfig.chmodOctal(config.getParent(), "0770");
        Files.setAttribute(config.getParent(), "unix:uid", uid);
        Files.setAttribute(config.getParent(), "unix:gid", gid);
        return config;
    }

    private static String containerRefusal(Path config, Optional<FileSafety.MappedRoot> root) {
        Problems problems = new Problems();
        boolean used = new FileSafety().checkContainerConfig(config, "web", () -> root, problems);
        return used ? "accepted" : problems.all().get(0).message();
    }

    @Test
    void unprivilegedContainerDirectoryOwnedByItsMappedRootIsAccepted() throws IOException {
        Path config = unprivilegedContainer(100000, 100000);
        assertEquals("accepted", containerRefusal(config, IdMap.mappedRoot(config)));
    }

    @Test
    void containerDirectoryOfAnotherUserIsRefusedWhateverTheIdMap() throws IOException {
        Path config = unprivilegedContainer(100001, 100000);
        Path dir = config.getParent();
        assertEquals("refused: directory " + dir + " is owned by uid 100001, not root, so that user could change what root"
                + " runs; fix: chown root: " + dir, containerRefusal(config, IdMap.mappedRoot(config)));
        Path privileged = unprivilegedContainer(100000, 100000);
        assertTrue(containerRefusal(privileged, Optional.empty()).contains("owned by uid 100000"));
    }

    @Test
    void configInAMappedRootsDirectoryMustStillBeRoots() throws IOException {
        Path config = unprivilegedContainer(100000, 100000);
        Files.setAttribute(config, "unix:uid", 100000);
        assertTrue(containerRefusal(config, IdMap.mappedRoot(config)).startsWith("refused: owned by uid 100000"),
                containerRefusal(config, IdMap.mappedRoot(config)));
        Files.setAttribute(config, "unix:uid", 0);
        TempConfig.chmodOctal(config.getParent(), "0777");
        assertTrue(containerRefusal(config, IdMap.mappedRoot(config)).contains("is owned by uid 100000"),
                "a world-writable directory gets no allowance");
    }

    @Test
    void mappedRootIsReadFromTheContainersIdMap() {
        assertEquals(Optional.of(new FileSafety.MappedRoot(100000, 200000)), IdMap.mappedRoot(t.container("a",
                "lxc.idmap = u 0 100000 65536", "lxc.idmap = g 0 200000 65536", "lxc.idmap = u 65536 1000 1")));
        assertEquals(Optional.of(new FileSafety.MappedRoot(5, 6)), IdMap.mappedRoot(t.container("b",
                "lxc.id_map = u 0 5 1", "lxc.id_map = g 0 6 1")));
        assertEquals(Optional.empty(), IdMap.mappedRoot(t.container("c", "lxc.idmap = u 0 100000 65536")));
        assertEquals(Optional.empty(), IdMap.mappedRoot(t.container("d", "lxc.rootfs.path = dir:/x")));
    }
}
