package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The kernel path (no NetworkManager on the bus): a bridge declared in {@code [bridge]} and one
 * defined only by a netcf XML file do not exist before the boot; lxc-auto creates them with their
 * addresses, and containers with static addresses on them reach each other and the bridge. A
 * malformed XML file is reported with its line, and the other interfaces still come up.
 */
class KernelNetworkTest extends LabTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void declaredBridgesComeUpAndContainersReachEachOther() throws Exception {
        String net = Lab.freeSubnet();
        String xmlNet = Lab.freeSubnet();
        String bridge = lab.bridgeName("k");
        String xmlBridge = lab.bridgeName("x");
        lab.agentConfig("bridge-timeout = 10\n\n[bridge " + bridge + "]\naddress = " + net + ".1/24\nstp = no\n"
                + "manager = kernel\n");
        Path interfaces = Files.createDirectory(lab.autoDir.resolve("interfaces"));
        Lab.write(interfaces.resolve(xmlBridge + ".xml"), "<interface type='bridge' name='" + xmlBridge + "'>\n"
                + "  <start mode='onboot'/>\n"
                + "  <protocol family='ipv4'>\n"
                + "    <ip address='" + xmlNet + ".1' prefix='24'/>\n"
                + "  </protocol>\n"
                + "  <bridge stp='off'/>\n"
                + "</interface>\n");
        Path malformed = interfaces.resolve("broken.xml");
        Lab.write(malformed, "<interface type='bridge' name='zz0'>\n  <start mode='onboot'>\n</interface>\n");

        String a = lab.attached("a", bridge, net + ".2");
        String b = lab.attached("b", bridge, net + ".3");
        String c = lab.attached("c", xmlBridge, xmlNet + ".2");

        Commands.Result check = lab.agent("check");
        assertEquals(78, check.exitCode(), check.all());
        assertTrue(check.stdout().contains(malformed + ":3: malformed XML"), check.stdout());

        Commands.Result boot = lab.agent("boot");
        assertEquals(0, boot.exitCode(), boot.all());
        assertTrue(boot.stderr().contains(bridge + ": up through kernel"), boot.stderr());
        assertTrue(boot.stderr().contains(xmlBridge + ": ncftool is not installed; applying " + interfaces.resolve(xmlBridge + ".xml")
                + " through the kernel"), boot.stderr());
        assertTrue(addresses(bridge).contains(net + ".1/24"));
        assertTrue(addresses(xmlBridge).contains(xmlNet + ".1/24"));

        lab.ping(a, net + ".3");
        lab.ping(b, net + ".2");
        lab.ping(a, net + ".1");
        lab.ping(c, xmlNet + ".1");

        JsonNode status = JSON.readTree(lab.agent("status", "--json").stdout());
        Map<String, JsonNode> rows = new HashMap<>();
        status.get("interfaces").forEach(i -> rows.put(i.get("name").asText(), i));
        assertEquals("kernel", rows.get(bridge).get("manager").asText());
        assertTrue(rows.get(bridge).get("state").asText().startsWith("up"), rows.get(bridge).toString());
        assertEquals("kernel", rows.get(xmlBridge).get("manager").asText());

        // A bridge that exists and is up is left alone, whoever made it.
        Commands.Result again = lab.agent("boot");
        assertEquals(0, again.exitCode(), again.all());
        assertTrue(again.stderr().contains(bridge + ": already up, left alone"), again.stderr());
        assertEquals(1, addresses(bridge).stream().filter(x -> x.startsWith(net + ".")).count());
        assertEquals(0, lab.agent("shutdown").exitCode());
    }



    private static java.util.List<String> addresses(String device) throws Exception {
        JsonNode links = JSON.readTree(Commands.ok("ip", "-j", "addr", "show", "dev", device).stdout());
        java.util.List<String> result = new java.util.ArrayList<>();
        links.get(0).get("addr_info").forEach(i -> result.add(i.get("local").asText() + "/" + i.get("prefixlen").asInt()));
        return result;
    }
}
