package org.lxcauto.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lxcauto.report.Records.boot;
import static org.lxcauto.report.Records.done;
import static org.lxcauto.report.Records.failed;
import static org.lxcauto.report.Records.iface;
import static org.lxcauto.report.Records.ready;
import static org.lxcauto.report.Records.waited;
import static org.lxcauto.report.Records.shutdown;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.lxcauto.state.Outcome;
import org.lxcauto.state.RunRecord;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class PlotTest {

    private static final RunRecord BOOT = boot(3_000,
            ready("db", 0, 1_800),
            done("web", Outcome.READY, 1_800, 2_300, 2_800, "db"),
            done("old", Outcome.ADOPTED, 0, 0, 0),
            failed("cache", Outcome.FAILED, "bridge 'br0' not up"));

    private static final RunRecord SHUTDOWN = shutdown(2_000,
            done("web", Outcome.FORCED, 0, 1_500, 1_500),
            done("db", Outcome.CLEAN, 1_500, 1_900, 1_900, "web"));

    @Test
    void drawsOneBarPerTimedContainerAndADelaySegment() throws Exception {
        Document doc = parse(Plot.svg(BOOT, null));

        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertEquals(List.of("bar ready", "bar adopted", "bar ready"), classesOf(doc, "rect", "bar"));
        // The legend's sample swatch shares the delay class so its colour matches; it is no segment.
        assertEquals(List.of("delay ready"),
                classesOf(doc, "rect", "delay").stream().filter(c -> !c.startsWith("swatch")).toList());
    }

    @Test
    void failedContainerWithoutTimesGetsARowWithItsError() throws Exception {
        Document doc = parse(Plot.svg(BOOT, null));

        assertTrue(texts(doc).contains("cache failed: bridge 'br0' not up"), texts(doc).toString());
    }

    @Test
    void escapesMarkupAndControlCharactersInNamesAndErrors() throws Exception {
        RunRecord run = boot(2_000,
                ready("a<b&c>", 0, 1_000),
                failed("x\"y'", Outcome.FAILED, "lxc-start said <&> \u0000 \u00e9"));

        String svg = Plot.svg(run, null);
        Document doc = parse(svg);

        assertFalse(svg.contains("a<b&c>"), svg);
        assertTrue(texts(doc).contains("a<b&c> 1.000s"), texts(doc).toString());
        assertTrue(texts(doc).contains("x\"y' failed: lxc-start said <&> \uFFFD \u00e9"), texts(doc).toString());
    }

    @Test
    void worksWithOnlyBootOrOnlyShutdown() throws Exception {
        List<String> bootOnly = texts(parse(Plot.svg(BOOT, null)));
        List<String> shutdownOnly = texts(parse(Plot.svg(null, SHUTDOWN)));

        assertTrue(bootOnly.contains("Boot 2025-03-01 08:00:00 UTC, 3.000s total, exit 0"), bootOnly.toString());
        assertTrue(bootOnly.stream().noneMatch(t -> t.startsWith("Shutdown")), bootOnly.toString());
        assertTrue(shutdownOnly.contains("Shutdown 2025-03-01 08:00:00 UTC, 2.000s total, exit 0"),
                shutdownOnly.toString());
        assertTrue(shutdownOnly.contains("web 1.500s (forced)"), shutdownOnly.toString());
        assertTrue(shutdownOnly.stream().noneMatch(t -> t.startsWith("Boot")), shutdownOnly.toString());
    }

    @Test
    void drawsShutdownBelowBoot() throws Exception {
        Document doc = parse(Plot.svg(BOOT, SHUTDOWN));

        assertEquals(5, classesOf(doc, "rect", "bar").size());
        assertTrue(headingY(doc, "Boot") < headingY(doc, "Shutdown"));
    }

    @Test
    void drawsSecondGridlinesAtOneHundredPixelsPerSecond() throws Exception {
        Document doc = parse(Plot.svg(boot(10_000, ready("db", 0, 10_000)), null));

        List<String> labels = textsOfClass(doc, "axis");
        assertEquals(List.of("0s", "1s", "2s", "3s", "4s", "5s", "6s", "7s", "8s", "9s", "10s"), labels);
        Element bar = (Element) doc.getElementsByTagName("rect").item(indexOfBar(doc));
        assertEquals("1000", bar.getAttribute("width"));
    }

    @Test
    void widthGrowsWithDurationWithinBounds() throws Exception {
        double tiny = width(Plot.svg(boot(100, ready("db", 0, 100)), null));
        double tenSeconds = width(Plot.svg(boot(10_000, ready("db", 0, 10_000)), null));
        double hour = width(Plot.svg(boot(3_600_000, ready("db", 0, 3_600_000)), null));

        assertTrue(tiny >= Timescale.MIN_WIDTH, "tiny " + tiny);
        assertTrue(tenSeconds > tiny, tiny + " vs " + tenSeconds);
        assertTrue(hour > tenSeconds && hour <= Timescale.MAX_WIDTH + 400, "hour " + hour);
    }

    @Test
    void emptyRecordSaysSo() throws Exception {
        RunRecord empty = new RunRecord("boot", Records.T0, Records.at(5), 0, List.of(), List.of(), List.of());

        List<String> texts = texts(parse(Plot.svg(empty, null)));

        assertTrue(texts.contains("Nothing was started: the record lists no containers."), texts.toString());
    }

    private static final RunRecord BRIDGED = boot(3_000,
            List.of(iface("br-app", "kernel", null, 10, 210), iface("lxcbr0", "external", null, 5, 6),
                    iface("br-nm", "NetworkManager", "Cannot bring up 'br-nm': NetworkManager says 'unavailable'", 10, 2_500)),
            ready("db", 250, 1_000),
            done("web", Outcome.FAILED, 1_000, 1_500, 1_500, "db"));

    @Test
    void interfacesAreRowsAboveTheContainersAndEndBeforeTheirStart() throws Exception {
        Document doc = parse(Plot.svg(BRIDGED, null));

        List<Element> bars = elements(doc, "rect", "bar");
        assertEquals(List.of("bar interface", "bar interface", "bar failed", "bar ready", "bar failed"),
                bars.stream().map(e -> e.getAttribute("class")).toList(), "lxcbr0 began first, then br-app and br-nm");
        for (int i = 1; i < bars.size(); i++) {
            assertTrue(y(bars.get(i - 1)) < y(bars.get(i)), "one row each, top to bottom");
        }
        Element bridge = bars.get(1);
        Element db = bars.get(3);
        assertEquals(x(bridge) + width(bridge), x(db) - 4, 0.01, "br-app up at 0.210s, db begun at 0.250s: 4px apart");
        List<String> texts = texts(doc);
        assertTrue(texts.containsAll(List.of("lxcbr0 (already up)", "br-app 0.200s (kernel)",
                "br-nm 2.490s (NetworkManager, failed)")), texts.toString());
        assertEquals(List.of("lxcbr0: already up, left alone", "br-app: up through kernel after 0.200s",
                        "br-nm: not up after 2.490s: Cannot bring up 'br-nm': NetworkManager says 'unavailable'"),
                bars.subList(0, 3).stream().map(e -> e.getTextContent()).toList(), "tooltips");
    }

    @Test
    void anInterfaceRecordedWithoutTimesKeepsARowWithWhatIsKnown() throws Exception {
        RunRecord run = boot(1_000, java.util.Arrays.asList(
                        new org.lxcauto.state.InterfaceRecord("br-old", "kernel", true, null, null, null),
                        new org.lxcauto.state.InterfaceRecord("br-bad", null, false, "no such device", null, null), null),
                ready("db", 0, 500));

        Document doc = parse(Plot.svg(run, null));

        assertTrue(texts(doc).containsAll(List.of("br-old (kernel)", "br-bad (unknown manager): no such device")),
                texts(doc).toString());
        assertEquals(List.of("bar ready"), classesOf(doc, "rect", "bar"));
    }

    @Test
    void aFailedContainerBarCarriesItsErrorAsATooltip() throws Exception {
        RunRecord run = boot(3_000, new org.lxcauto.state.ContainerRecord("web", Outcome.FAILED, List.of(), Records.at(0),
                Records.at(2_000), null, null, "not ready after 2s:\n tcp:80 refused"));

        Element bar = elements(parse(Plot.svg(run, null)), "rect", "bar").get(0);

        assertEquals("bar failed", bar.getAttribute("class"));
        assertEquals("web: failed after 2.000s: not ready after 2s: tcp:80 refused", bar.getTextContent());
    }

    @Test
    void theLegendExplainsWhatThePlotHoldsAndNothingElse() throws Exception {
        List<String> boot = legend(parse(Plot.svg(BOOT, null)));
        List<String> bridged = legend(parse(Plot.svg(BRIDGED, SHUTDOWN)));

        assertEquals(List.of("ready", "adopted", "start delay"), boot);
        assertEquals(List.of("interface up", "ready", "failed", "clean stop", "forced stop"), bridged);
    }

    @Test
    void anInterfaceStillComingUpAfterTheContainersWidensTheAxis() throws Exception {
        RunRecord run = boot(1_000, List.of(iface("br-slow", "kernel", null, 0, 9_000)), ready("db", 0, 500));

        List<String> labels = textsOfClass(parse(Plot.svg(run, null)), "axis");

        assertEquals("9s", labels.get(labels.size() - 1), labels.toString());
    }

    @Test
    void theWaitForNeedsIsTheFirstSegmentOfTheBar() throws Exception {
        RunRecord run = boot(4_000,
                waited(ready("web", 2_000, 3_000), 0, 2_000, "mount:/srv/data@1500", "tcp:db:5432@2000"),
                waited(failed("mail", Outcome.FAILED, "needs tcp:db:25"), 0, 4_000, "tcp:db:25"));
        Document doc = parse(Plot.svg(run, null));

        List<Element> waits = elementsOfClass(doc, "rect", "needs").stream()
                .filter(e -> !e.getAttribute("class").contains("swatch")).toList();
        assertEquals(2, waits.size());
        Element web = waits.get(0);
        Element bar = (Element) doc.getElementsByTagName("rect").item(indexOfBar(doc));
        assertEquals("200", web.getAttribute("width"), "0 to 2 s at 100 px/s");
        assertEquals(Double.parseDouble(web.getAttribute("x")) + 200, Double.parseDouble(bar.getAttribute("x")),
                "the bar goes on where the wait ended");
        assertEquals("100", bar.getAttribute("width"));
        assertTrue(doc.getDocumentElement().getTextContent().contains(
                "web: waited 2.000s for needs: mount:/srv/data after 1.500s, tcp:db:5432 after 2.000s"));
        assertTrue(doc.getDocumentElement().getTextContent().contains(
                "mail: waited 4.000s for needs: tcp:db:25 not met"));
        assertTrue(texts(doc).contains("web 3.000s"), texts(doc).toString());
        assertTrue(texts(doc).contains("mail failed: needs tcp:db:25"), texts(doc).toString());
    }

    private static List<Element> elementsOfClass(Document doc, String tag, String token) {
        List<Element> out = new java.util.ArrayList<>();
        org.w3c.dom.NodeList nodes = doc.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (Arrays.asList(e.getAttribute("class").split(" ")).contains(token)) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void refusesToPlotNothing() {
        assertThrows(IllegalArgumentException.class, () -> Plot.svg(null, null));
    }

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    /** The class attributes of {@code tag} elements whose class list holds {@code token}, in order. */
    private static List<String> classesOf(Document doc, String tag, String token) {
        List<String> found = new ArrayList<>();
        NodeList nodes = doc.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            String cls = ((Element) nodes.item(i)).getAttribute("class");
            if (Arrays.asList(cls.split(" ")).contains(token)) {
                found.add(cls);
            }
        }
        return found;
    }

    private static List<Element> elements(Document doc, String tag, String token) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = doc.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (Arrays.asList(e.getAttribute("class").split(" ")).contains(token)) {
                found.add(e);
            }
        }
        return found;
    }

    /** The legend's labels: the texts right of a swatch, in order. */
    private static List<String> legend(Document doc) {
        List<String> labels = new ArrayList<>();
        for (Element swatch : elements(doc, "rect", "swatch")) {
            double right = x(swatch) + 18;
            NodeList nodes = doc.getElementsByTagName("text");
            for (int i = 0; i < nodes.getLength(); i++) {
                Element t = (Element) nodes.item(i);
                if (Double.parseDouble(t.getAttribute("x")) == right
                        && Math.abs(Double.parseDouble(t.getAttribute("y")) - y(swatch)) < 12) {
                    labels.add(t.getTextContent());
                }
            }
        }
        return labels;
    }

    private static double x(Element e) {
        return Double.parseDouble(e.getAttribute("x"));
    }

    private static double y(Element e) {
        return Double.parseDouble(e.getAttribute("y"));
    }

    private static double width(Element e) {
        return Double.parseDouble(e.getAttribute("width"));
    }

    private static int indexOfBar(Document doc) {
        NodeList nodes = doc.getElementsByTagName("rect");
        for (int i = 0; i < nodes.getLength(); i++) {
            if (((Element) nodes.item(i)).getAttribute("class").startsWith("bar ")) {
                return i;
            }
        }
        throw new AssertionError("no bar");
    }

    private static List<String> texts(Document doc) {
        return textsOfClass(doc, null);
    }

    private static List<String> textsOfClass(Document doc, String token) {
        List<String> found = new ArrayList<>();
        NodeList nodes = doc.getElementsByTagName("text");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (token == null || Arrays.asList(e.getAttribute("class").split(" ")).contains(token)) {
                found.add(e.getTextContent());
            }
        }
        return found;
    }

    private static double headingY(Document doc, String prefix) {
        NodeList nodes = doc.getElementsByTagName("text");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (e.getTextContent().startsWith(prefix)) {
                return Double.parseDouble(e.getAttribute("y"));
            }
        }
        throw new AssertionError("no heading starting with " + prefix);
    }

    private static double width(String svg) throws Exception {
        return Double.parseDouble(parse(svg).getDocumentElement().getAttribute("width"));
    }
}
