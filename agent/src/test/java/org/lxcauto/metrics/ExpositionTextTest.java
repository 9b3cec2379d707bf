package org.lxcauto.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lxcauto.metrics.MetricFamily.Sample;
import org.lxcauto.metrics.MetricFamily.Type;

/** The text exposition format 0.0.4, exactly as node-exporter's textfile collector reads it. */
class ExpositionTextTest {

    @Test
    void writesHelpTypeAndSamplesInNameAndLabelOrder() {
        String text = ExpositionText.write(List.of(
                new MetricFamily("lxc_auto_stops_forced_total", Type.COUNTER, "Forced stops.", List.of(Sample.of(3))),
                new MetricFamily("lxc_auto_container_up", Type.GAUGE, "Up.",
                        List.of(Sample.of("name", "web", 1), Sample.of("name", "db", 0), Sample.of("name", "d", 1))),
                new MetricFamily("lxc_auto_boot_duration_seconds", Type.GAUGE, "Boot.", List.of(Sample.of(2.5)))));
        assertEquals("""
                # HELP lxc_auto_boot_duration_seconds Boot.
                # TYPE lxc_auto_boot_duration_seconds gauge
                lxc_auto_boot_duration_seconds 2.5
                # HELP lxc_auto_container_up Up.
                # TYPE lxc_auto_container_up gauge
                lxc_auto_container_up{name="d"} 1
                lxc_auto_container_up{name="db"} 0
                lxc_auto_container_up{name="web"} 1
                # HELP lxc_auto_stops_forced_total Forced stops.
                # TYPE lxc_auto_stops_forced_total counter
                lxc_auto_stops_forced_total 3
                """, text);
    }

    @Test
    void escapesLabelValuesAndHelp() {
        String text = ExpositionText.write(List.of(new MetricFamily("m", Type.GAUGE, "a \\ b\nc \"q\"",
                List.of(Sample.of("name", "x\\y\"z\nw", 1)))));
        assertEquals("""
                # HELP m a \\\\ b\\nc "q"
                # TYPE m gauge
                m{name="x\\\\y\\"z\\nw"} 1
                """, text);
    }

    @Test
    void writesNumbersAsGoParsesThem() {
        assertEquals("0", ExpositionText.number(0));
        assertEquals("0", ExpositionText.number(-0.0));
        assertEquals("12", ExpositionText.number(12.0));
        assertEquals("0.125", ExpositionText.number(0.125));
        assertEquals("1.0E15", ExpositionText.number(1e15));
        assertEquals("1767225602.5", ExpositionText.number(1767225602.5));
        assertEquals("1.0E-7", ExpositionText.number(1e-7));
        assertEquals("NaN", ExpositionText.number(Double.NaN));
        assertEquals("+Inf", ExpositionText.number(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", ExpositionText.number(Double.NEGATIVE_INFINITY));
    }

    @Test
    void refusesNamesPrometheusWouldDrop() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new MetricFamily("lxc-auto_up", Type.GAUGE, "h",
                List.of())).getMessage().contains("invalid metric name 'lxc-auto_up'"));
        assertThrows(IllegalArgumentException.class, () -> new MetricFamily("9up", Type.GAUGE, "h", List.of()));
        assertThrows(IllegalArgumentException.class, () -> Sample.of("__name", "x", 1));
        assertThrows(IllegalArgumentException.class, () -> Sample.of("na-me", "x", 1));
        assertThrows(IllegalArgumentException.class, () -> new MetricFamily("m", Type.GAUGE, " ", List.of()));
    }

    @Test
    void countersAndOnlyCountersEndInTotal() {
        assertThrows(IllegalArgumentException.class, () -> new MetricFamily("restarts", Type.COUNTER, "h", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new MetricFamily("up_total", Type.GAUGE, "h", List.of()));
    }
}
