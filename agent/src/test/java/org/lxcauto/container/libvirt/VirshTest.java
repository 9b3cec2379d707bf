package org.lxcauto.container.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lxcauto.container.ContainerException;
import org.lxcauto.container.ContainerState;
import org.lxcauto.container.StartOutcome;
import org.lxcauto.container.StopOutcome;
import org.lxcauto.system.FakeClock;
import org.lxcauto.system.FakeCommandRunner;

/**
 * {@link Virsh} with a scripted command runner: the exact argv, and how virsh's output and exit
 * codes (as libvirt 9.0 prints them) are read. Time is a {@link FakeClock}, so the stop wait's
 * pacing and deadline are asserted exactly.
 */
class VirshTest {

    private static final String LXC = "lxc:///system";
    private static final String QEMU = "qemu:///system";
    private static final Duration POLL = Duration.ofMillis(200);

    private final FakeCommandRunner runner = new FakeCommandRunner();
    private final FakeClock clock = new FakeClock();
    private final Virsh virsh = new Virsh(runner, clock);

    private FakeCommandRunner.Script on(String uri, String... command) {
        String[] argv = new String[command.length + 3];
        argv[0] = "virsh";
        argv[1] = "-c";
        argv[2] = uri;
        System.arraycopy(command, 0, argv, 3, command.length);
        return runner.on(argv);
    }

    private FakeCommandRunner.Script domstate(String name) {
        return on(LXC, "domstate", "--domain", name);
    }

    private static String noDomain(String name) {
        return "error: failed to get domain '" + name + "'\n";
    }

    // ---- state and lists ----

    @Test
    void stateAsksDomstateAndReadsItsFirstLine() throws Exception {
        domstate("web").prints("running\n\n");
        assertEquals(ContainerState.RUNNING, virsh.state(LXC, "web"));
        assertEquals(List.of(List.of("virsh", "-c", LXC, "domstate", "--domain", "web")), runner.argvs());
    }

    @Test
    void everyDomstateWordMapsToAContainerState() {
        assertEquals(ContainerState.RUNNING, Virsh.parseState("running\n"));
        assertEquals(ContainerState.RUNNING, Virsh.parseState("idle\n"));
        assertEquals(ContainerState.FROZEN, Virsh.parseState("paused\n"));
        assertEquals(ContainerState.FROZEN, Virsh.parseState("pmsuspended\n"));
        assertEquals(ContainerState.STOPPING, Virsh.parseState("in shutdown\n"));
        assertEquals(ContainerState.STOPPED, Virsh.parseState("shut off\n\n"));
        assertEquals(ContainerState.STOPPED, Virsh.parseState("crashed\n"));
        assertEquals(ContainerState.STOPPED, Virsh.parseState("something new\n"), "unknown is never running");
    }

    @Test
    void unknownDomainOrUnreachableLibvirtIsMissing() throws Exception {
        domstate("ghost").exits(1, "", noDomain("ghost"));
        domstate("web").exits(1, "", "error: failed to connect to the hypervisor\n");
        assertEquals(ContainerState.MISSING, virsh.state(LXC, "ghost"));
        assertEquals(ContainerState.MISSING, virsh.state(LXC, "web"));
    }

    @Test
    void autostartedListsEveryDomainLibvirtStartsItself() throws Exception {
        on(QEMU, "list", "--all", "--autostart", "--name").prints("db\n\n");
        assertEquals(Set.of("db"), virsh.autostarted(QEMU));
        assertEquals(List.of("virsh", "-c", QEMU, "list", "--all", "--autostart", "--name"), runner.argvs().get(0));
    }

    @Test
    void listsOfAnUnreachableLibvirtAreEmpty() throws Exception {
        on(QEMU, "list").exits(1, "", "error: failed to connect to the hypervisor\n");
        assertEquals(Set.of(), virsh.autostarted(QEMU));
    }

    // ---- start ----

    @Test
    void createStartsTheDomain() throws Exception {
        on(LXC, "start", "--domain", "web").prints("Domain 'web' started\n\n");
        assertEquals(StartOutcome.STARTED, virsh.create(LXC, "web"));
        assertEquals(List.of("virsh", "-c", LXC, "start", "--domain", "web"), runner.argvs().get(0));
    }

    @Test
    void domainRunningAlreadyIsToldFromLibvirtsWords() throws Exception {
        on(LXC, "start").exits(1, "", "error: Domain is already active\n\n");
        assertEquals(StartOutcome.ALREADY_RUNNING, virsh.create(LXC, "web"));
        assertEquals(1, runner.calls().size(), "no state query around the start");
    }

    @Test
    void unknownDomainSaysWhichOnWhichUriAndHowToDefineIt() {
        on(QEMU, "start").exits(1, "", noDomain("wbe"));
        ContainerException e = assertThrows(ContainerException.class, () -> virsh.create(QEMU, "wbe"));
        assertEquals("no libvirt domain 'wbe' on qemu:///system (virsh start: failed to get domain 'wbe'); define it"
                + " with 'virsh -c qemu:///system define FILE.xml', or fix the name or uri of its [domain] entry",
                e.getMessage());
    }

    @Test
    void failedStartCarriesLibvirtsReason() {
        on(LXC, "start").exits(1, "", "error: Failed to start domain 'web'\nerror: internal error: cannot find init path"
                + " '/sbin/init' relative to container root\n\n");
        ContainerException e = assertThrows(ContainerException.class, () -> virsh.create(LXC, "web"));
        assertEquals("virsh start of domain 'web' on lxc:///system failed: internal error: cannot find init path"
                + " '/sbin/init' relative to container root", e.getMessage());
    }

    @Test
    void startThatHangsSaysSo() {
        on(LXC, "start").timesOut();
        ContainerException e = assertThrows(ContainerException.class, () -> virsh.create(LXC, "web"));
        assertTrue(e.getMessage().contains("'virsh -c lxc:///system start --domain web' did not finish in time"),
                e::getMessage);
    }

    // ---- stop ----

    @Test
    void lxcDomainIsSentSigtermBecauseItsDefaultShutdownDoesNothing() throws Exception {
        on(LXC, "shutdown").prints("Domain 'web' is being shutdown\n\n");
        assertTrue(virsh.shutdown(LXC, "web"));
        assertEquals(List.of("virsh", "-c", LXC, "shutdown", "--mode", "signal", "--domain", "web"), runner.argvs().get(0));
    }

    @Test
    void qemuDomainGetsLibvirtsDefaultShutdown() throws Exception {
        on(QEMU, "shutdown").prints("Domain 'vm' is being shutdown\n\n");
        assertTrue(virsh.shutdown(QEMU, "vm"));
        assertEquals(List.of("virsh", "-c", QEMU, "shutdown", "--domain", "vm"), runner.argvs().get(0));
    }

    @Test
    void shutdownOfAStoppedDomainIsNothingToWaitFor() throws Exception {
        on(LXC, "shutdown").exits(1, "", "error: Failed to shutdown domain 'web'\nerror: Requested operation is not"
                + " valid: domain is not running\n\n");
        assertFalse(virsh.shutdown(LXC, "web"));
    }

    @Test
    void shutdownOfAnUnknownDomainFails() {
        on(LXC, "shutdown").exits(1, "", noDomain("ghost"));
        ContainerException e = assertThrows(ContainerException.class, () -> virsh.shutdown(LXC, "ghost"));
        assertTrue(e.getMessage().startsWith("no libvirt domain 'ghost' on lxc:///system"), e::getMessage);
    }

    @Test
    void awaitShutdownAsksEvery200msUntilTheDomainHasStopped() throws Exception {
        domstate("web").prints("running\n").prints("running\n").prints("shut off\n");
        assertEquals(StopOutcome.CLEAN, virsh.awaitShutdown(LXC, "web", Duration.ofSeconds(30)));
        assertEquals(List.of(POLL, POLL), clock.sleeps());
        assertEquals(3, runner.calls().size(), "no destroy");
    }

    @Test
    void domainStillRunningAtTheDeadlineIsDestroyed() throws Exception {
        domstate("web").prints("running\n");
        on(LXC, "destroy", "--domain", "web").prints("Domain 'web' destroyed\n\n");
        assertEquals(StopOutcome.FORCED, virsh.awaitShutdown(LXC, "web", Duration.ofSeconds(1)));
        assertEquals(Collections.nCopies(5, POLL), clock.sleeps());
        assertEquals(Duration.ofSeconds(1), clock.elapsed());
        assertEquals(List.of("virsh", "-c", LXC, "destroy", "--domain", "web"), runner.argvs().get(runner.calls().size() - 1));
        assertEquals(6, runner.argvs().stream().filter(argv -> argv.contains("domstate")).count(), "one look at the deadline");
    }

    @Test
    void lastSleepIsCutToTheDeadline() throws Exception {
        domstate("web").prints("running\n");
        on(LXC, "destroy").prints("");
        virsh.awaitShutdown(LXC, "web", Duration.ofMillis(450));
        assertEquals(List.of(POLL, POLL, Duration.ofMillis(50)), clock.sleeps());
    }

    @Test
    void zeroTimeoutLooksOnceThenDestroys() throws Exception {
        domstate("web").prints("running\n");
        on(LXC, "destroy").prints("");
        assertEquals(StopOutcome.FORCED, virsh.awaitShutdown(LXC, "web", Duration.ZERO));
        assertEquals(List.of(), clock.sleeps());
    }

    @Test
    void transientDomainGoneAfterItsStopIsClean() throws Exception {
        domstate("web").exits(1, "", noDomain("web"));
        assertEquals(StopOutcome.CLEAN, virsh.awaitShutdown(LXC, "web", Duration.ofSeconds(5)));
    }

    @Test
    void domainThatStopsJustBeforeTheDestroyIsClean() throws Exception {
        domstate("web").prints("running\n");
        on(LXC, "destroy").exits(1, "", "error: Failed to destroy domain 'web'\nerror: Requested operation is not valid:"
                + " domain is not running\n");
        assertEquals(StopOutcome.CLEAN, virsh.awaitShutdown(LXC, "web", Duration.ofMillis(200)));
    }

    @Test
    void failedDestroySaysWhy() {
        domstate("web").prints("running\n");
        on(LXC, "destroy").exits(1, "", "error: Failed to destroy domain 'web'\nerror: Failed to kill process 42:"
                + " Device or resource busy\n");
        ContainerException e = assertThrows(ContainerException.class,
                () -> virsh.awaitShutdown(LXC, "web", Duration.ofMillis(200)));
        assertEquals("virsh destroy of domain 'web' on lxc:///system failed: Failed to kill process 42: Device or resource"
                + " busy", e.getMessage());
    }

    // ---- addresses ----

    @Test
    void ipv4ComesFromTheLeasesFirst() throws Exception {
        on(QEMU, "domifaddr", "--domain", "vm", "--source", "lease").prints(
                " Name       MAC address          Protocol     Address\n"
                + "-------------------------------------------------------------------------------\n"
                + " vnet0      52:54:00:9c:8f:6a    ipv6         fd00::5/64\n"
                + " -          -                    ipv4         192.168.122.70/24\n\n");
        assertEquals(Optional.of("192.168.122.70"), virsh.ipv4(QEMU, "vm"));
        assertEquals(1, runner.calls().size());
    }

    @Test
    void ipv4FallsBackToArpThenToTheAddressInTheXml() throws Exception {
        on(LXC, "domifaddr", "--domain", "web", "--source", "lease").exits(1, "",
                "error: Failed to query for interfaces addresses\nerror: no connection driver available for network:///system\n");
        on(LXC, "domifaddr", "--domain", "web", "--source", "arp").exits(1, "",
                "error: Failed to query for interfaces addresses\nerror: internal error: malformed netlink response message\n");
        on(LXC, "dumpxml", "--domain", "web").prints("<domain type='lxc'><name>web</name><devices>"
                + "<interface type='bridge'><source bridge='br0'/><ip address='fd00::2' family='ipv6' prefix='64'/>"
                + "<ip address='10.0.3.5' family='ipv4' prefix='24'/></interface></devices></domain>\n");
        assertEquals(Optional.of("10.0.3.5"), virsh.ipv4(LXC, "web"));
        assertEquals(List.of("lease", "arp"), runner.argvs().subList(0, 2).stream().map(argv -> argv.get(argv.size() - 1)).toList());
    }

    @Test
    void noAddressAnywhereIsEmpty() throws Exception {
        on(LXC, "domifaddr").exits(1, "", "error: Failed to query for interfaces addresses\n");
        on(LXC, "dumpxml").prints("<domain type='lxc'><name>web</name><devices/></domain>\n");
        assertEquals(Optional.empty(), virsh.ipv4(LXC, "web"));
    }
}
