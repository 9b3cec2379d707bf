package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What a person reads after a boot under the daemon, on real containers on a real kernel bridge:
 * {@code plot} draws the bridge the boot brought up above the containers on it, ending before
 * they begin; {@code status} says how long each container has been ready (growing from one call
 * to the next) and how often the restart policy started it again (1 after its init was killed),
 * and keeps saying how long a container has been ready when the daemon is restarted.
 */
class StatusAndPlotTest extends LabTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void plotShowsTheBridgeAndStatusShowsReadyTimesAndRestarts() throws Exception {
        String net = Lab.freeSubnet();
        String bridge = lab.bridgeName("ro");
        lab.agentConfig("bridge-timeout = 10\n\n[bridge " + bridge + "]\naddress = " + net + ".1/24\nstp = no\n"
                + "manager = kernel\n");
        String steady = lab.attached("steady", bridge, net + ".2");
        String fragile = lab.attached("fragile", bridge, net + ".3");
        lab.entry("fragile", "[container]\nname = " + fragile + "\nrestart = always\n");

        try (PrivateBus bus = PrivateBus.start(lab.dir)) {
            lab.bus = bus.address; // status asks the daemon, which alone counts restarts
            long steadyFor;
            try (DaemonProcess daemon = DaemonProcess.start(lab, "daemon")) {
                daemon.awaitNotification("READY=1", 60);
                plotShowsTheBridgeFirst(bridge, steady, fragile);
                statusCountsReadyTimesAndRestarts(daemon, steady, fragile);
                steadyFor = seconds(table(0).get(steady).get(2));
                daemon.signal("TERM"); // not a host shutdown: the containers keep running
                assertEquals(0, daemon.awaitExit(30), daemon.output());
            }
            readyTimesOutliveTheDaemon(steady, steadyFor);
        }
    }

    /**
     * Without a daemon, and under the next one (which adopts every running container), READY FOR
     * keeps counting from the container's real start; nobody counts restarts without a daemon.
     */
    private void readyTimesOutliveTheDaemon(String steady, long steadyFor) throws Exception {
        Map<String, List<String>> alone = table(3);
        assertEquals("-", alone.get(steady).get(3), "no daemon, no restart count\n" + alone);
        assertTrue(seconds(alone.get(steady).get(2)) >= steadyFor, steadyFor + "s before, then " + alone);
        try (DaemonProcess next = DaemonProcess.start(lab, "daemon-2")) {
            next.awaitNotification("READY=1", 60);
            Map<String, List<String>> adopted = table(0);
            assertEquals("0", adopted.get(steady).get(3), adopted.toString());
            assertTrue(seconds(adopted.get(steady).get(2)) >= steadyFor,
                    "adopted by the next daemon, " + steady + " has been ready as long as before: " + steadyFor
                            + "s before, then " + adopted);
            next.signal("TERM");
            assertEquals(0, next.awaitExit(30), next.output());
        }
    }

    private void plotShowsTheBridgeFirst(String bridge, String steady, String fragile) throws Exception {
        Commands.Result plot = lab.agent("plot");
        assertEquals(0, plot.exitCode(), plot.all());
        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(plot.stdout().getBytes(StandardCharsets.UTF_8)));
        List<Element> bars = bars(svg);
        List<String> rows = bars.stream().map(b -> b.getTextContent().split(":")[0]).toList();
        assertEquals(bridge, rows.get(0), "the bridge is the first row\n" + plot.stdout());
        assertEquals(List.of(fragile, steady), rows.subList(1, 3).stream().sorted().toList(), plot.stdout());
        Element bridgeBar = bars.get(0);
        assertEquals("bar interface", bridgeBar.getAttribute("class"));
        assertEquals(bridge + ": up through kernel after", bridgeBar.getTextContent().replaceAll(" [0-9.]+s$", ""));
        double bridgeUp = number(bridgeBar, "x") + number(bridgeBar, "width");
        for (Element container : bars.subList(1, 3)) {
            assertEquals("bar ready", container.getAttribute("class"), plot.stdout());
            assertTrue(number(container, "y") > number(bridgeBar, "y"), plot.stdout());
            assertTrue(number(container, "x") >= bridgeUp - 0.1,
                    container.getTextContent() + " begins at x=" + number(container, "x") + ", before its bridge was up"
                            + " at x=" + bridgeUp + "\n" + plot.stdout());
        }
        assertTrue(texts(svg).stream().anyMatch(t -> t.matches(Pattern.quote(bridge) + " [0-9.]+s \\(kernel\\)")),
                texts(svg).toString());
        assertTrue(texts(svg).contains("interface up"), "the legend explains the bridge's colour\n" + plot.stdout());
    }

    private void statusCountsReadyTimesAndRestarts(DaemonProcess daemon, String steady, String fragile)
            throws Exception {
        Map<String, List<String>> first = table(0);
        // The point is the passage of time itself: READY FOR must grow with the clock.
        Thread.sleep(2_100);
        Map<String, List<String>> second = table(0);
        for (String name : List.of(steady, fragile)) {
            assertEquals("running", second.get(name).get(1), second.toString());
            assertEquals("0", second.get(name).get(3), "RESTARTS before any death\n" + second);
            assertTrue(seconds(second.get(name).get(2)) >= seconds(first.get(name).get(2)) + 2,
                    name + ": READY FOR " + first.get(name).get(2) + ", then " + second.get(name).get(2)
                            + " 2.1s later");
        }

        String pid = lab.lxc("lxc-info", "-P", lab.lxcpath.toString(), "-n", fragile, "-p", "-H").stdout().strip();
        Commands.ok("kill", "-KILL", pid);
        daemon.awaitOutput(fragile + ": restarted", 30);

        Map<String, List<String>> after = table(0);
        assertEquals("running", after.get(fragile).get(1), after.toString());
        assertEquals("1", after.get(fragile).get(3), "RESTARTS after one restart\n" + after);
        assertEquals("0", after.get(steady).get(3), after.toString());
        assertTrue(seconds(after.get(fragile).get(2)) < seconds(after.get(steady).get(2)),
                "READY FOR counts from the restart, not the boot\n" + after);

        JsonNode json = JSON.readTree(lab.agent("status", "--json").stdout());
        Map<String, JsonNode> rows = new HashMap<>();
        json.get("containers").forEach(r -> rows.put(r.get("name").asText(), r));
        assertEquals(1, rows.get(fragile).get("restarts").asInt(), json.toString());
        assertEquals(0, rows.get(steady).get("restarts").asInt(), json.toString());
        assertTrue(Instant.parse(rows.get(fragile).get("readySince").asText())
                .isAfter(Instant.parse(rows.get(steady).get("readySince").asText())), json.toString());
    }

    /** The container rows of {@code lxc-auto status}, by name: the cells split where the table puts two spaces. */
    private Map<String, List<String>> table(int exit) {
        Commands.Result status = lab.agent("status");
        assertEquals(exit, status.exitCode(), "0 when the daemon runs, 3 when not\n" + status.all());
        assertTrue(status.stdout().startsWith(exit == 0 ? "daemon: running since " : "daemon: not running"),
                status.stdout());
        Map<String, List<String>> rows = new HashMap<>();
        boolean inTable = false;
        for (String line : status.stdout().split("\n")) {
            if (line.startsWith("CONTAINER ")) {
                assertEquals(List.of("CONTAINER", "STATE", "READY FOR", "RESTARTS", "IPV4", "BOOT", "HALT", "LAST ERROR"),
                        Arrays.asList(line.strip().split("\\s{2,}")), status.stdout());
                inTable = true;
            } else if (inTable && !line.isBlank()) {
                List<String> cells = Arrays.asList(line.split("\\s{2,}"));
                rows.put(cells.get(0), cells);
            }
        }
        return rows;
    }

    /** "45s", "5min 3s", "1h 2min" as seconds. */
    private static long seconds(String span) {
        Matcher m = Pattern.compile("(?:(\\d+)h)? ?(?:(\\d+)min)? ?(?:(\\d+)s)?").matcher(span);
        assertTrue(m.matches() && !span.isBlank(), "not a READY FOR span: '" + span + "'");
        return part(m.group(1)) * 3600 + part(m.group(2)) * 60 + part(m.group(3));
    }

    private static long part(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }

    private static List<Element> bars(Document doc) {
        List<Element> found = new ArrayList<>();
        NodeList rects = doc.getElementsByTagName("rect");
        for (int i = 0; i < rects.getLength(); i++) {
            Element rect = (Element) rects.item(i);
            if (Arrays.asList(rect.getAttribute("class").split(" ")).contains("bar")) {
                found.add(rect);
            }
        }
        return found;
    }

    private static List<String> texts(Document doc) {
        List<String> found = new ArrayList<>();
        NodeList nodes = doc.getElementsByTagName("text");
        for (int i = 0; i < nodes.getLength(); i++) {
            found.add(nodes.item(i).getTextContent());
        }
        return found;
    }

    private static double number(Element e, String attribute) {
        return Double.parseDouble(e.getAttribute(attribute));
    }
}
