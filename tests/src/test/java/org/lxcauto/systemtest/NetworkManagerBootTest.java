package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole NetworkManager path through the agent: {@code lxc-auto boot} run inside a network
 * namespace whose real NetworkManager owns its name on the namespace's system bus. The declared
 * bridge becomes the activated connection lxc-auto-BR with its port, a netcf-only bridge comes up
 * through NetworkManager too, the containers reach each other over them, their veths are unmanaged
 * in NetworkManager, a second boot reuses the connection, and a NetworkManager that is down when
 * the boot begins and comes back during it is waited for.
 */
class NetworkManagerBootTest {

    private NmNamespace nm;
    private Lab lab;

    @BeforeEach
    void start() throws Exception {
        nm = NmNamespace.start();
        lab = Lab.create();
        lab.netns = nm.name;
        lab.bus = nm.busAddress;
    }

    @AfterEach
    void stop() {
        if (lab != null) {
            lab.close();
        }
        if (nm != null) {
            nm.close();
        }
    }

    @Test
    void bridgesComeUpAsNetworkManagerConnections() throws Exception {
        nm.veth("p1", "p1peer");
        lab.agentConfig("bridge-timeout = 20\n\n[bridge lxnm0]\naddress = 10.77.0.1/24\nports = p1\n"
                + "manager = networkmanager\n");
        Path interfaces = Files.createDirectory(lab.autoDir.resolve("interfaces"));
        Lab.write(interfaces.resolve("lxnx0.xml"), "<interface type='bridge' name='lxnx0'>\n  <start mode='onboot'/>\n"
                + "  <protocol family='ipv4'>\n    <ip address='10.78.0.1' prefix='24'/>\n  </protocol>\n"
                + "  <bridge stp='off'/>\n</interface>\n");
        String a = lab.attached("a", "lxnm0", "10.77.0.2");
        String b = lab.attached("b", "lxnm0", "10.77.0.3");
        String c = lab.attached("c", "lxnx0", "10.78.0.2");

        long begin = System.nanoTime();
        Commands.Result boot = lab.agent("boot");
        System.out.printf("NetworkManager path: boot with 2 bridges and 3 containers took %d ms%n",
                (System.nanoTime() - begin) / 1_000_000);
        assertEquals(0, boot.exitCode(), boot.all());
        assertTrue(boot.stderr().contains("lxnm0: up through NetworkManager"), boot.stderr());
        assertTrue(boot.stderr().contains("lxnx0: ncftool is not installed; applying " + interfaces.resolve("lxnx0.xml")
                + " through NetworkManager"), boot.stderr());

        String active = nm.nmcli("-t", "-f", "NAME,STATE", "connection", "show", "--active").stdout();
        assertTrue(active.contains("lxc-auto-lxnm0:activated"), active);
        assertTrue(active.contains("lxc-auto-lxnm0-p1:activated"), active);
        assertTrue(active.contains("lxc-auto-lxnx0:activated"), active);
        assertEquals("lxnm0", nm.json("link", "show", "dev", "p1").get("master").asText());
        assertTrue(nm.ip("-4", "addr", "show", "dev", "lxnm0").stdout().contains("10.77.0.1/24"));

        lab.ping(a, "10.77.0.3");
        lab.ping(b, "10.77.0.1");
        lab.ping(c, "10.78.0.1");

        for (String container : new String[] {a, b, c}) {
            String veth = veth(container);
            String state = nm.nmcli("-g", "GENERAL.STATE", "device", "show", veth).stdout();
            assertTrue(state.contains("unmanaged"), container + "'s " + veth + " is '" + state.strip() + "' in NetworkManager");
        }

        // A second boot reuses the connection: still exactly one of each.
        assertEquals(0, lab.agent("shutdown").exitCode());
        Commands.Result again = lab.agent("boot");
        assertEquals(0, again.exitCode(), again.all());
        assertEquals(1, count("lxc-auto-lxnm0"), nm.nmcli("connection", "show").stdout());
        assertEquals(1, count("lxc-auto-lxnm0-p1"));

        // NetworkManager down when the boot begins, back during it: waited for, not failed.
        assertEquals(0, lab.agent("shutdown").exitCode());
        nm.killNetworkManager();
        nm.ip("link", "del", "lxnm0");
        CompletableFuture<Commands.Result> late = CompletableFuture.supplyAsync(() -> lab.agent("boot"));
        Thread.sleep(2000); // the agent is now waiting for NetworkManager's bus name
        nm.startNetworkManager();
        Commands.Result survived = late.join();
        assertEquals(0, survived.exitCode(), survived.all());
        assertEquals("RUNNING", lab.state(a));
        assertEquals(1, count("lxc-auto-lxnm0"), nm.nmcli("connection", "show").stdout());
    }



    private String veth(String container) {
        return Arrays.stream(lab.lxc("lxc-info", "-P", lab.lxcpath.toString(), "-n", container).stdout().split("\n"))
                .filter(l -> l.startsWith("Link:")).map(l -> l.substring(5).strip()).findFirst()
                .orElseThrow(() -> new AssertionError(container + " has no host-side veth"));
    }

    private long count(String connection) {
        return Arrays.stream(nm.nmcli("-g", "NAME", "connection", "show").stdout().split("\n"))
                .filter(connection::equals).count();
    }
}
