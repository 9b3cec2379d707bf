package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ephemeral = yes} with {@code keep} on real LXC (docs/configuration.md, kept directories;
 * docs/boot-and-shutdown.md): a mail queue that outlives the copy while the base is upgraded
 * underneath, a stop that returns only once LXC destroyed the copy, the copies a power loss leaves
 * behind, and a read-only state directory.
 */
class EphemeralKeepTest extends LabTest {

    private static final String QUEUE = "/var/spool/postfix";

    /**
     * A base container with a postfix-like queue: {@code maildrop} owned by uid 101, gid 102, mode
     * 1730 (postfix:postdrop, group-writable, sticky), so the first copy shows what is preserved.
     */
    private String mailBase(String shortName) throws IOException {
        String mail = lab.container(shortName, "", Map.of("etc/version", "1\n"));
        Path maildrop = Files.createDirectories(lab.rootfs(mail).resolve("var/spool/postfix/maildrop"));
        Files.writeString(maildrop.getParent().resolve("README"), "from the base\n");
        Commands.ok("chown", "101:102", maildrop.toString());
        Commands.ok("chmod", "1730", maildrop.toString());
        lab.entry(shortName, "[container]\nname = " + mail + "\nephemeral = yes\nkeep = " + QUEUE + "\n");
        return mail;
    }

    private Commands.Result inside(String container, String script) {
        return lab.lxc("lxc-attach", "-P", lab.lxcpath.toString(), "-n", container, "--", "/bin/sh", "-c", script);
    }

    private String listed() {
        return lab.lxc("lxc-ls", "-P", lab.lxcpath.toString(), "-1").stdout();
    }

    private Commands.Result shutdownLeavingNoCopy(String copy) {
        Commands.Result shutdown = lab.agent("shutdown");
        String right = listed(); // at once: the copy must be gone when the command returns
        assertEquals(0, shutdown.exitCode(), shutdown.all());
        assertFalse(Lab.lines(right).contains(copy), "still listed after shutdown returned:\n" + right + shutdown.all());
        assertFalse(shutdown.stderr().contains("still exists"), shutdown.all());
        return shutdown;
    }

    @Test
    void keptQueueSurvivesWhileTheBaseIsUpgradedUnderneath() throws Exception {
        String mail = mailBase("mail");
        String copy = mail + "-ephemeral";

        Commands.Result boot = lab.agent("boot");
        assertEquals(0, boot.exitCode(), boot.all());
        assertEquals("RUNNING", lab.state(copy));
        Path kept = lab.stateDir.resolve("keep").resolve(mail).resolve("var/spool/postfix");
        Path maildrop = kept.resolve("maildrop");
        assertEquals(101, Files.getAttribute(maildrop, "unix:uid"), "owner kept by the first copy");
        assertEquals(102, Files.getAttribute(maildrop, "unix:gid"));
        assertEquals(01730, (int) Files.getAttribute(maildrop, "unix:mode") & 07777, "mode, sticky bit included");
        assertEquals("from the base\n", Files.readString(kept.resolve("README")));

        // Scratch files, and many of them: LXC removes the overlay after the stop, asynchronously, and
        // a copy with much to remove is still there well after lxc-stop returned.
        Commands.Result write = inside(copy, "echo queued > " + QUEUE + "/maildrop/msg1 && echo scratch > /etc/scratch"
                + " && mkdir /scratch && cd /scratch && i=0 && while [ $i -lt 30000 ]; do : > f$i; i=$((i+1)); done");
        assertEquals(0, write.exitCode(), write.all());
        assertEquals("queued\n", Files.readString(maildrop.resolve("msg1")), "written through the bind mount");

        shutdownLeavingNoCopy(copy);

        // The upgrade, made in the stopped base: a new /etc/version, and a file in the base's own
        // queue that the kept one hides.
        Files.writeString(lab.rootfs(mail).resolve("etc/version"), "2\n");
        Files.writeString(lab.rootfs(mail).resolve("var/spool/postfix/from-upgrade"), "x\n");

        Commands.Result again = lab.agent("boot");
        assertEquals(0, again.exitCode(), again.all());
        assertEquals("queued\n", inside(copy, "cat " + QUEUE + "/maildrop/msg1").stdout(), "the queue survived");
        assertEquals("2\n", inside(copy, "cat /etc/version").stdout(), "the upgrade is seen");
        assertNotEquals(0, inside(copy, "test -e /etc/scratch").exitCode(), "what was written elsewhere is gone");
        assertNotEquals(0, inside(copy, "test -e " + QUEUE + "/from-upgrade").exitCode(),
                "the kept directory, not the base's, is mounted");
        assertEquals("1730 101 102\n", inside(copy, "stat -c '%a %u %g' " + QUEUE + "/maildrop").stdout());
        assertFalse(Files.exists(lab.rootfs(mail).resolve("var/spool/postfix/maildrop/msg1")), "the base is untouched");

        shutdownLeavingNoCopy(copy);
    }

    @Test
    void copiesLeftByAPowerLossAreRemovedWhenStoppedAndAdoptedWhenRunning() throws Exception {
        String mail = mailBase("mail");
        String copy = mail + "-ephemeral";
        String p = lab.lxcpath.toString();

        Commands.Result boot = lab.agent("boot");
        assertEquals(0, boot.exitCode(), boot.all());
        assertEquals(0, inside(copy, "echo queued > " + QUEUE + "/msg1 && echo run1 > /etc/run1").exitCode());

        // The power goes: LXC's monitor and the container's init die at once, nothing is cleaned up.
        String init = lab.lxc("lxc-info", "-P", p, "-n", copy, "-p", "-H").stdout().strip();
        String monitor = Commands.ok("ps", "-o", "ppid=", "-p", init).stdout().strip();
        assertTrue(Commands.ok("ps", "-o", "args=", "-p", monitor).stdout().contains("[lxc monitor]"));
        Commands.ok("kill", "-KILL", monitor, init);
        Commands.run("sh", "-c", "while kill -0 " + init + " 2>/dev/null; do sleep 0.05; done");
        assertEquals("STOPPED", lab.state(copy), "the copy is left behind, stopped");

        Commands.Result afterPowerLoss = lab.agent("boot");
        assertEquals(0, afterPowerLoss.exitCode(), afterPowerLoss.all());
        assertTrue(afterPowerLoss.stderr().contains(mail + ": found its copy '" + copy + "' stopped (left by a power"
                + " loss?); removing it"), afterPowerLoss.all());
        assertEquals("RUNNING", lab.state(copy));
        assertNotEquals(0, inside(copy, "test -e /etc/run1").exitCode(), "a new copy of the base");
        assertEquals("queued\n", inside(copy, "cat " + QUEUE + "/msg1").stdout(), "the kept queue is still there");

        // The agent dies, the host does not: the running copy is adopted, not copied again.
        String runningInit = lab.lxc("lxc-info", "-P", p, "-n", copy, "-p", "-H").stdout().strip();
        Commands.Result adopt = lab.agent("boot");
        assertEquals(0, adopt.exitCode(), adopt.all());
        assertTrue(adopt.stderr().contains(mail + ": already running, adopting it"), adopt.all());
        assertEquals(runningInit, lab.lxc("lxc-info", "-P", p, "-n", copy, "-p", "-H").stdout().strip());

        shutdownLeavingNoCopy(copy);
    }

    @Test
    void aReadOnlyStateDirectoryUsesKeptDirectoriesMadeBeforeAndRefusesToMakeNewOnes() throws Exception {
        String mail = mailBase("mail");
        Commands.Result first = lab.agent("boot");
        assertEquals(0, first.exitCode(), first.all());
        shutdownLeavingNoCopy(mail + "-ephemeral");
        String news = mailBase("news"); // never started: its kept directory does not exist yet

        try (StateMount mount = StateMount.readOnly(lab.stateDir)) {
            assertFalse(Files.isWritable(mount.dir()), "the state directory is read-only");
            Commands.Result boot = lab.agent("boot");
            assertNotEquals(0, boot.exitCode(), boot.all());
            assertEquals("RUNNING", lab.state(mail + "-ephemeral"), "its kept directory was made before");
            assertNotEquals(0, inside(mail + "-ephemeral", "touch " + QUEUE + "/probe").exitCode(),
                    "seen read-only, as the state directory is");
            Path newsQueue = lab.stateDir.resolve("keep").resolve(news).resolve("var/spool/postfix");
            assertTrue(boot.stderr().contains("Cannot start '" + news + "': cannot create the kept directory "
                    + newsQueue + ": read-only file system; make " + lab.stateDir.resolve("keep") + " writable (or give"
                    + " lxc-auto another --state-dir) and start '" + news + "' again"), boot.all());
            assertFalse(boot.all().contains("\tat org."), "no stack trace\n" + boot.all());
            assertFalse(Lab.lines(listed()).contains(news + "-ephemeral"), "no copy without its kept directory");
            Commands.Result shutdown = lab.agent("shutdown");
            assertEquals(0, shutdown.exitCode(), shutdown.all());
        }
    }
}
