package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upstart job (upstart/lxc-auto.conf) against the systemd unit and the LSB init script.
 *
 * <p>Upstart is not packaged for Debian 12 and cannot run here, so the job is parsed instead,
 * stanza by stanza, and every choice in it is checked against what the other two integrations
 * do: the same command and defaults, stopping for runlevels 0, 1 and 6 with time for the whole
 * shutdown budget, starting after the file systems, the network and D-Bus, no forking, restart
 * on failure, reload by SIGHUP. Its script block is run for real with /bin/sh -e, as upstart
 * would, with a stand-in for /usr/bin/lxc-auto.
 */
class UpstartJobTest {

    private static final String COMMAND = "/usr/bin/lxc-auto $LXC_AUTO_OPTS daemon";

    private final UpstartJob job = UpstartJob.parse(Lab.read(Lab.ROOT.resolve("upstart/lxc-auto.conf")));
    private final Map<String, List<String>> unit = unit(Lab.read(Lab.ROOT.resolve("units/lxc-auto.service")));
    private final String lsb = Lab.read(Lab.ROOT.resolve("config/init.d/lxc-auto"));
    private final Map<String, String> lsbHeader = lsbHeader(lsb);

    @Test
    void everyStanzaIsAnUpstartStanza() {
        assertEquals(List.of(), job.unknown, "upstart refuses a job with an unknown stanza");
        assertNotNull(job.one("description"));
        assertTrue(job.scripts.containsKey("script") ^ job.stanzas.containsKey("exec"), "one main process: exec or script");
    }

    @Test
    void runsTheSameCommandAsTheUnitAndTheLsbScript() {
        assertEquals(COMMAND, mainCommand(), "the job's command");
        assertEquals(COMMAND, single("ExecStart"), "the unit's command");
        Matcher daemon = Pattern.compile("(?m)^DAEMON=(\\S+)$").matcher(lsb);
        Matcher args = Pattern.compile("--startas \"\\$DAEMON\" -- (.+)$", Pattern.MULTILINE).matcher(lsb);
        assertTrue(daemon.find() && args.find(), "the LSB script's DAEMON= and start-stop-daemon --startas line");
        assertEquals(COMMAND, daemon.group(1) + " " + args.group(1).strip(), "the LSB script's command");
    }

    @Test
    void stopsForRunlevels016LikeTheLsbScript() {
        Matcher stop = Pattern.compile("starting rc RUNLEVEL=\\[([0-6S]+)]").matcher(job.one("stop on"));
        assertTrue(stop.matches(), "stop on " + job.one("stop on"));
        Set<String> runlevels = new TreeSet<>(List.of(stop.group(1).split("")));
        assertEquals(Set.of("0", "1", "6"), runlevels);
        assertEquals(runlevels, words(lsbHeader.get("Default-Stop")), "LSB Default-Stop");
        Set<String> all = new TreeSet<>(runlevels);
        all.addAll(words(lsbHeader.get("Default-Start")));
        assertEquals(Set.of("0", "1", "2", "3", "4", "5", "6"), all, "Default-Start 2 3 4 5 are the others");
    }

    @Test
    void killTimeoutCoversTheShutdownBudgetLikeTheUnitAndTheLsbScript() {
        int kill = Integer.parseInt(job.one("kill timeout"));
        int unitStop = seconds(single("TimeoutStopSec"));
        Matcher lsbStop = Pattern.compile("(?m)^STOP_TIMEOUT=(\\d+)$").matcher(lsb);
        assertTrue(lsbStop.find() && lsb.contains("--retry \"TERM/$STOP_TIMEOUT/KILL/5\""), "the LSB script's stop schedule");
        Matcher budget = Pattern.compile("(?m)^shutdown-timeout\\s*=\\s*(\\d+)").matcher(Lab.read(Lab.ROOT.resolve(
                "config/lxc-auto.conf")));
        assertTrue(budget.find(), "[agent] shutdown-timeout in the shipped configuration");
        assertTrue(kill > Integer.parseInt(budget.group(1)), "kill timeout " + kill + " leaves the JVM time beyond the"
                + " shutdown budget of " + budget.group(1) + " s");
        assertTrue(kill >= unitStop, "kill timeout " + kill + " >= the unit's TimeoutStopSec " + unitStop);
        assertEquals(kill, Integer.parseInt(lsbStop.group(1)), "the LSB script waits as long after SIGTERM");
        assertNull(job.one("kill signal"), "SIGTERM (the default) is what the daemon handles, as under systemd");
    }

    @Test
    void startsAfterFileSystemsNetworkAndDbusLikeTheUnitAndTheLsbScript() {
        String startOn = job.one("start on");
        assertFalse(startOn.matches(".*\\bor\\b.*"), "every condition must hold, not one of them: " + startOn);
        for (String event : List.of("local-filesystems", "started dbus", "net-device-up IFACE!=lo")) {
            assertTrue(startOn.contains(event), "start on waits for '" + event + "': " + startOn);
        }
        List<String> after = new ArrayList<>();
        unit.getOrDefault("After", List.of()).forEach(line -> after.addAll(words(line)));
        assertTrue(after.containsAll(List.of("network-online.target", "dbus.service", "remote-fs.target")), "unit After=" + after);
        assertTrue(words(lsbHeader.get("Required-Start")).containsAll(Set.of("$network", "$remote_fs")), "LSB Required-Start");
        assertTrue(words(lsbHeader.get("Should-Start")).contains("dbus"), "LSB Should-Start");
    }

    @Test
    void doesNotForkAndRestartsOnFailureLikeTheUnit() {
        assertNull(job.one("expect"), "the daemon neither forks nor raises SIGSTOP: no 'expect'");
        assertEquals("notify", single("Type"), "the unit: the daemon stays in the foreground");
        assertTrue(lsb.contains("--background"), "the LSB script detaches the daemon itself");
        assertEquals("", job.one("respawn"), "respawn, as the unit's Restart=");
        assertEquals("on-failure", single("Restart"));
        assertEquals("0 75", job.one("normal exit"), "a clean exit (0) is no failure, nor a refusal for the lock (75)");
        assertEquals("75", single("RestartPreventExitStatus"), "the unit: no restart for a refusal for the lock");
        assertTrue(job.one("respawn limit").matches("\\d+ \\d+"), "respawn limit COUNT INTERVAL");
    }

    @Test
    void reloadSendsSighupLikeTheUnitAndTheLsbScript() {
        String signal = job.one("reload signal");
        assertTrue(signal == null || signal.matches("(SIG)?HUP"), "initctl reload sends SIGHUP (the default)");
        assertEquals("/bin/sh -c \"kill -HUP ${MAINPID}\"", single("ExecReload"));
        assertTrue(lsb.contains("--signal HUP") && lsb.contains("reload|force-reload)"), "the LSB script's reload");
    }

    @Test
    void scriptPassesTheDefaultsFileLikeTheUnitAndTheLsbScript(@TempDir Path dir) throws IOException {
        assertEquals(List.of("-/etc/default/lxc-auto"), unit.get("EnvironmentFile"), "the unit's defaults");
        assertTrue(lsb.contains(". /etc/default/lxc-auto") && lsb.contains("export LXC_AUTO_JAVA_OPTS"),
                "the LSB script sources the defaults and exports the JVM options");

        Path fake = dir.resolve("lxc-auto");
        Files.writeString(fake, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$0.args\"\nprintf '%s' \"$LXC_AUTO_JAVA_OPTS\" > \"$0.java\"\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path defaults = dir.resolve("default");
        Lab.write(defaults, Lab.read(Lab.ROOT.resolve("config/default/lxc-auto"))
                + "LXC_AUTO_OPTS=\"--lxcpath /srv/lxc --bus unix:path=/run/bus\"\nLXC_AUTO_JAVA_OPTS=\"-Xmx48m\"\n");
        runScript(fake, defaults);
        assertEquals(List.of("--lxcpath", "/srv/lxc", "--bus", "unix:path=/run/bus", "daemon"),
                Files.readAllLines(Path.of(fake + ".args")), "global options from LXC_AUTO_OPTS, then daemon");
        assertEquals("-Xmx48m", Files.readString(Path.of(fake + ".java")), "LXC_AUTO_JAVA_OPTS reaches the launcher");

        runScript(fake, dir.resolve("absent"));
        assertEquals(List.of("daemon"), Files.readAllLines(Path.of(fake + ".args")), "without a defaults file");
    }

    /** Runs the job's script block as upstart does (/bin/sh -e), the daemon and defaults file replaced. */
    private void runScript(Path daemon, Path defaults) {
        String body = job.scripts.get("script").replace("/usr/bin/lxc-auto", daemon.toString())
                .replace("/etc/default/lxc-auto", defaults.toString());
        Commands.Result run = Commands.run(List.of("/bin/sh", "-e", "-c", body), Map.of(), 30);
        assertEquals(0, run.exitCode(), run.all());
    }

    /** The job's main process: the exec stanza, or the exec line that ends its script block. */
    private String mainCommand() {
        if (job.stanzas.containsKey("exec")) {
            return job.one("exec");
        }
        List<String> lines = job.scripts.get("script").lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("exec "), "the script execs the daemon, so upstart tracks its PID: " + last);
        return last.substring("exec ".length()).strip();
    }

    private String single(String key) {
        List<String> values = unit.get(key);
        assertNotNull(values, "the unit has no " + key + "=");
        assertEquals(1, values.size(), key + "= given more than once");
        return values.get(0);
    }

    /** "150", "150s", "2min 30s" in seconds. */
    private static int seconds(String span) {
        int total = 0;
        Matcher part = Pattern.compile("(\\d+)\\s*(min|s)?").matcher(span);
        while (part.find()) {
            total += Integer.parseInt(part.group(1)) * ("min".equals(part.group(2)) ? 60 : 1);
        }
        return total;
    }

    private static Map<String, List<String>> unit(String text) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        for (String line : text.lines().map(String::strip).toList()) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && !line.startsWith("[") && eq > 0) {
                keys.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>()).add(line.substring(eq + 1).strip());
            }
        }
        return keys;
    }

    private static Map<String, String> lsbHeader(String script) {
        Map<String, String> header = new LinkedHashMap<>();
        String block = script.substring(script.indexOf("### BEGIN INIT INFO"), script.indexOf("### END INIT INFO"));
        Matcher field = Pattern.compile("(?m)^# ([A-Za-z-]+):\\s*(.*)$").matcher(block);
        while (field.find()) {
            header.put(field.group(1), field.group(2).strip());
        }
        return header;
    }

    private static Set<String> words(String text) {
        assertNotNull(text);
        return new TreeSet<>(List.of(text.strip().split("\\s+")));
    }
}
