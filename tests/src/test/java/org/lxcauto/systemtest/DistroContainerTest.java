package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Debian 12 containers as administrators run them: made with LXC's own debian template, systemd as
 * PID 1, postfix from Debian greeting on port 25 ({@link DebianImage}), on a bridge lxc-auto
 * declares and brings up itself, with static addresses, under the resident daemon. Shown from the
 * outside: the boot is gated on postfix's port and on systemd's own word that the boot is over,
 * and postfix greets the host; a degraded system fails {@code systemctl is-system-running --wait}
 * and passes {@code systemctl is-active multi-user.target}; systemd's reboot inside is no failure
 * and the container comes back; its poweroff stays off unless {@code restart = always}; the host
 * shutdown halts every container cleanly, systemd stopping postfix before it shuts down.
 */
class DistroContainerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Journal times against the agent's records: both the host's clocks, read microseconds apart. */
    private static final double SLACK_SECONDS = 0.25;
    /** A unit that fails at every boot, pulled in by multi-user.target: systemd calls that 'degraded'. */
    private static final Map<String, String> FAILING_UNIT = Map.of(
            "etc/systemd/system/failing.service", "[Unit]\nDescription=A unit that fails\n[Service]\nType=oneshot\n"
                    + "ExecStart=/bin/false\n",
            "etc/systemd/system/multi-user.target.d/failing.conf", "[Unit]\nWants=failing.service\n");

    private Lab lab;
    private String net;

    @Test
    void debianWithSystemdBootsOnItsServiceSurvivesItsOwnRebootAndHaltsCleanly() throws Exception {
        // The image is let go of only once the lab has removed the containers that use it.
        try (DebianImage image = DebianImage.hold(); Lab opened = Lab.create()) {
            lab = opened;
            net = Lab.freeSubnet();
            String bridge = lab.bridgeName("d");
            lab.agentConfig("bridge-timeout = 10\n\n[bridge " + bridge + "]\naddress = " + net + ".1/24\nstp = no\n"
                    + "manager = kernel\n");
            String mail = image.container(lab, "mail", bridge, net + ".2", Map.of());
            lab.entry("mail", "[container]\nname = " + mail + "\nready = tcp:25\nrestart = on-failure\n");
            String booted = image.container(lab, "booted", bridge, net + ".3", Map.of());
            lab.entry("booted", "[container]\nname = " + booted + "\nready = exec:systemctl is-system-running --wait\n"
                    + "restart = on-failure\n");
            String always = image.container(lab, "always", bridge, net + ".4", Map.of());
            lab.entry("always", "[container]\nname = " + always + "\nready = tcp:25\nrestart = always\n");
            String degraded = image.container(lab, "degraded", bridge, net + ".5", FAILING_UNIT);
            lab.entry("degraded", "[container]\nname = " + degraded + "\nready = exec:systemctl is-system-running --wait\n"
                    + "start-timeout = 10\n");
            String tolerant = image.container(lab, "tolerant", bridge, net + ".6", FAILING_UNIT);
            lab.entry("tolerant", "[container]\nname = " + tolerant
                    + "\nready = exec:systemctl is-active multi-user.target\n");

            try (PrivateBus bus = PrivateBus.start(lab.dir)) {
                lab.bus = bus.address; // so that status asks the daemon, which alone knows a restart's errors
                try (DaemonProcess daemon = DaemonProcess.start(lab, "daemon")) {
                    daemon.awaitNotification("READY=1", 240);
                    bootIsGatedOnTheServiceAndOnSystemd(mail, booted, always, degraded, tolerant);
                    rebootInsideIsNoFailure(daemon, mail);
                    poweroffInsideStaysOffUnlessAlways(daemon, booted, always);
                    hostShutdownHaltsEachCleanly(daemon, List.of(mail, always, degraded, tolerant), mail);
                }
            }
            Commands.Result written = Commands.run("find", DebianImage.CACHE.resolve("rootfs").toString(), "-newer",
                    DebianImage.CACHE.resolve(".complete").toString(), "-print", "-quit");
            assertEquals("", written.stdout(), "the cached container is never written to");
        }
    }

    private void bootIsGatedOnTheServiceAndOnSystemd(String mail, String booted, String always, String degraded,
            String tolerant) throws IOException {
        Map<String, JsonNode> boot = lab.records("last-boot.json");
        for (String ready : List.of("mail", "booted", "always", "tolerant")) {
            assertEquals("READY", boot.get(ready).get("outcome").asText(), ready + ": " + boot.get(ready));
        }
        assertTrue(greeting(net + ".2").startsWith("220 " + mail + ".localdomain ESMTP Postfix"), "postfix greets the host");
        assertTrue(greeting(net + ".4").startsWith("220 " + always + ".localdomain ESMTP Postfix"));

        // Ready only once postfix was starting up, and once systemd said the boot was over.
        double postfixStarted = journal(mail).first(0, SystemdJournal.identifier("postfix/postfix-script"),
                "starting the Postfix mail system").orElseThrow(() -> new AssertionError("postfix never started")).at();
        assertTrue(readyAt(boot.get("mail")) >= postfixStarted - SLACK_SECONDS,
                "mail was ready at " + readyAt(boot.get("mail")) + ", before postfix started at " + postfixStarted);
        double startupFinished = journal(booted).first(0, SystemdJournal.manager(), "Startup finished").orElseThrow().at();
        assertTrue(readyAt(boot.get("booted")) >= startupFinished - SLACK_SECONDS,
                "booted was ready at " + readyAt(boot.get("booted")) + ", before systemd finished at " + startupFinished);

        // A failed unit: is-system-running says 'degraded' and exits 1; the default target is reached all the same.
        assertEquals("FAILED", boot.get("degraded").get("outcome").asText(), boot.get("degraded").toString());
        assertTrue(boot.get("degraded").get("error").asText().contains("is-system-running --wait still fails"),
                boot.get("degraded").toString());
        Commands.Result state = lab.lxc("lxc-attach", "-P", lab.lxcpath.toString(), "-n", degraded, "--clear-env", "--",
                "systemctl", "is-system-running");
        assertEquals("degraded", state.stdout().strip(), state.all());
        assertEquals("RUNNING", lab.state(tolerant));
    }

    private void rebootInsideIsNoFailure(DaemonProcess daemon, String mail) throws Exception {
        Commands.Result reboot = lab.lxc("lxc-attach", "-P", lab.lxcpath.toString(), "-n", mail, "--", "reboot");
        daemon.awaitOutput(mail + ": rebooted itself and is running again", 60, reboot.all());
        assertTrue(awaitGreeting(net + ".2", 60).startsWith("220 " + mail + ".localdomain ESMTP Postfix"),
                "postfix greets again after the reboot");
        assertEquals(2, journal(mail).entries.stream().filter(e -> e.says("Starting postfix@-.service")).count(),
                "systemd started postfix once at each of the container's two boots");
        assertFalse(daemon.output().contains(mail + ": stopped ("), "a reboot is not restarted as a failure");
        JsonNode row = statusRows().get(mail);
        assertEquals("running", row.get("state").asText(), row.toString());
        assertEquals("ready", row.get("outcome").asText(), row.toString());
        assertTrue(row.get("lastError").isNull(), row.toString());
    }

    private void poweroffInsideStaysOffUnlessAlways(DaemonProcess daemon, String booted, String always) throws Exception {
        lab.lxc("lxc-attach", "-P", lab.lxcpath.toString(), "-n", booted, "--", "poweroff");
        daemon.awaitOutput(booted + ": stopped by itself", 60);
        assertEquals("STOPPED", lab.state(booted));

        lab.lxc("lxc-attach", "-P", lab.lxcpath.toString(), "-n", always, "--", "poweroff");
        daemon.awaitOutput(always + ": restarted", 60);
        assertTrue(awaitGreeting(net + ".4", 60).startsWith("220 " + always + ".localdomain ESMTP Postfix"));
        assertEquals("RUNNING", lab.state(always));
        assertEquals("STOPPED", lab.state(booted), "powered off under on-failure, it stays off");
        assertEquals("stopped", statusRows().get(booted).get("state").asText());
    }

    private void hostShutdownHaltsEachCleanly(DaemonProcess daemon, List<String> running, String mail) throws Exception {
        double shutdownBegan = SystemdJournal.now();
        daemon.signal("PWR");
        daemon.awaitNotification("Stopping containers: " + running.size() + "/" + running.size() + " stopped", 120);
        daemon.signal("TERM"); // handled after the shutdown, whose record is then written
        assertEquals(0, daemon.awaitExit(30), daemon.output());
        Map<String, JsonNode> shutdown = lab.records("last-shutdown.json");
        assertEquals(running.size(), shutdown.size(), shutdown.toString());
        for (JsonNode stop : shutdown.values()) {
            assertEquals("CLEAN", stop.get("outcome").asText(), stop.toString());
        }
        for (String name : running) {
            assertEquals("STOPPED", lab.state(name), name);
        }

        // systemd stopped postfix, then shut down, then halted: LXC saw the init end on SIGINT, as a halt does.
        SystemdJournal journal = journal(mail);
        double postfixEnded = journal.first(shutdownBegan, SystemdJournal.identifier("postfix/master"),
                "terminating on signal 15").orElseThrow(() -> new AssertionError("postfix was not stopped")).at();
        double unitStopped = journal.first(shutdownBegan, SystemdJournal.manager(), "Stopped postfix@-.service")
                .orElseThrow().at();
        double shutdownReached = journal.first(shutdownBegan, SystemdJournal.manager(), "Reached target shutdown.target")
                .orElseThrow(() -> new AssertionError("systemd never reached shutdown.target")).at();
        assertTrue(postfixEnded <= unitStopped && unitStopped <= shutdownReached,
                "postfix ended at " + postfixEnded + ", its unit at " + unitStopped + ", shutdown.target at " + shutdownReached);
        List<String> ends = Files.readAllLines(lab.stateDir.resolve("logs").resolve(mail + ".log")).stream()
                .filter(l -> l.contains(" ended ")).toList();
        assertTrue(ends.get(ends.size() - 1).contains("ended on signal Interrupt(2)"), ends.toString());
    }

    /** When the container became ready, on the journal's clock (CLOCK_BOOTTIME seconds). */
    private static double readyAt(JsonNode record) {
        Instant end = Instant.parse(record.get("end").asText());
        return SystemdJournal.now() - Duration.between(end, Instant.now()).toNanos() / 1e9;
    }

    private SystemdJournal journal(String name) {
        return SystemdJournal.read(DebianImage.upper(lab, name).resolve("var/log/journal"));
    }

    private Map<String, JsonNode> statusRows() throws IOException {
        Commands.Result status = lab.agent("status", "--json");
        assertEquals(0, status.exitCode(), status.all());
        Map<String, JsonNode> rows = new HashMap<>();
        JSON.readTree(status.stdout()).get("containers").forEach(r -> rows.put(r.get("name").asText(), r));
        return rows;
    }

    /** The first line postfix sends to a client connecting from the host. */
    private static String greeting(String address) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, 25), 2000);
            socket.setSoTimeout(10_000);
            String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            socket.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            return line == null ? "" : line;
        }
    }

    private static String awaitGreeting(String address, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try {
                return greeting(address);
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(200); // postfix sends no event to the host; it is asked again
        }
        throw new AssertionError("no SMTP greeting from " + address + " within " + seconds + "s: " + last);
    }
}
