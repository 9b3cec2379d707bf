package org.lxcauto.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lxcauto.config.Entries.config;
import static org.lxcauto.config.Entries.e;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lxcauto.config.Configuration;
import org.lxcauto.lifecycle.LibvirtAutostart;
import org.lxcauto.plan.Plan;
import org.lxcauto.plan.Planner;
import org.lxcauto.plan.Selection;

/**
 * {@code plan} and {@code plan --json} for the two kinds of target: a domain shows its URI, a
 * container its ephemeral flag.
 */
class PlanViewTest {

    private final Configuration config = config(e("web").after("vm").ephemeral(), e("vm").domain("lxc:///system").startDelay(5));
    private final Plan plan = Planner.start(config, Selection.all());
    private final LibvirtAutostart libvirt = new LibvirtAutostart(Map.of(), List.of());

    @Test
    void textNamesTheDomainsUriAndTheEphemeralContainer() {
        String text = PlanView.text(plan, config, libvirt);
        assertTrue(text.contains("\n  vm  domain lxc:///system  ready running within 60s  delay 5s\n"), text);
        assertTrue(text.contains("\n  web  after vm  ready running within 60s  ephemeral\n"), text);
    }

    @Test
    void jsonGivesADomainItsUriAndAContainerNone() throws Exception {
        String json = PlanView.json(plan, config, libvirt).replaceAll("\\s", "");
        assertTrue(json.contains("{\"name\":\"vm\",\"uri\":\"lxc:///system\","), json);
        assertTrue(json.contains("{\"name\":\"web\",\"uri\":null,"), json);
        assertTrue(json.matches(".*\"name\":\"vm\".*\"ephemeral\":false.*\"name\":\"web\".*\"ephemeral\":true.*"), json);
    }
}
