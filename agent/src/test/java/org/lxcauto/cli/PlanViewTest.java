package org.lxcauto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lxcauto.config.Entries.config;
import static org.lxcauto.config.Entries.e;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lxcauto.config.Configuration;
import org.lxcauto.lifecycle.LibvirtAutostart;
import org.lxcauto.plan.Plan;
import org.lxcauto.plan.Planner;
import org.lxcauto.plan.Selection;
import org.lxcauto.system.Accounts;

/**
 * {@code plan} and {@code plan --json} for the two kinds of target: a domain shows its URI, a
 * container its ephemeral flag; a stop plan what each stop does (halt signal, stop-exec).
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

    private final Configuration stopConfig = config(e("db").haltSignal("SIGRTMIN+3").stopExec("mysqladmin", "shutdown"),
            e("web").after("db"), e("vm").domain("qemu:///system"));
    private final Plan stopPlan = Planner.stop(stopConfig, Set.of("db", "web", "vm", "stray"), true, Selection.all());

    @Test
    void stopPlanTextSaysWhichSignalEachContainerGetsAndItsStopExec() {
        String text = PlanView.text(stopPlan, stopConfig, libvirt);
        assertTrue(text.contains("\n  db  after stopping web  stop-timeout 30s  halt SIGRTMIN+3  stop-exec mysqladmin"
                + " shutdown\n"), text);
        assertTrue(text.contains("\n  web  stop-timeout 30s  halt SIGPWR\n"), text);
        assertTrue(text.contains("\n  vm  domain qemu:///system  stop-timeout 30s\n"), text);
        assertFalse(PlanView.text(plan, config, libvirt).contains("halt"), "a start plan shows no stop settings");
    }

    @Test
    void jsonGivesEachStepItsHaltSignalAndStopExec() throws Exception {
        String json = PlanView.json(stopPlan, stopConfig, libvirt).replaceAll("\\s", "");
        assertTrue(json.matches(".*\"name\":\"db\"[^}]*\"haltSignal\":\"SIGRTMIN\\+3\",\"stopExec\":\\[\"mysqladmin\","
                + "\"shutdown\"\\],\"keep\":\\[\\],\"user\":null,\"needs\":\\[\\]}.*"), json);
        assertTrue(json.matches(".*\"name\":\"web\"[^}]*\"haltSignal\":\"SIGPWR\",\"stopExec\":null,\"keep\":[^}]*}.*"), json);
        assertTrue(json.matches(".*\"name\":\"vm\"[^}]*\"haltSignal\":null,\"stopExec\":null,\"keep\":[^}]*}.*"), json);
        assertTrue(json.matches(".*\"name\":\"stray\"[^}]*\"haltSignal\":null,\"stopExec\":null,\"keep\":[^}]*}.*"), json);
    }

    @Test
    void keptDirectoriesAreShownWithTheEphemeralFlag() throws Exception {
        Configuration mail = config(e("mail").keep("/var/spool/postfix", "/var/log"), e("vm").domain("lxc:///system"));
        Plan mailPlan = Planner.start(mail, Selection.all());
        assertTrue(PlanView.text(mailPlan, mail, libvirt).contains("  ephemeral keep /var/spool/postfix /var/log\n"),
                PlanView.text(mailPlan, mail, libvirt));
        String json = PlanView.json(mailPlan, mail, libvirt).replaceAll("\\s", "");
        assertTrue(json.matches(".*\"name\":\"mail\"[^}]*\"ephemeral\":true[^}]*\"keep\":\\[\"/var/spool/postfix\","
                + "\"/var/log\"\\],\"user\":null,\"needs\":\\[\\]}.*"), json);
        assertTrue(json.matches(".*\"name\":\"vm\"[^}]*\"keep\":null,\"user\":null,\"needs\":\\[\\]}.*"), "a domain keeps nothing: " + json);
    }

    @Test
    void aPerUserContainerShowsItsUser() throws Exception {
        Configuration mine = config(e("devbox").user(new Accounts.Account("alice", 1000, 1000, Path.of("/home/alice"))),
                e("vm").domain("lxc:///system"));
        Plan minePlan = Planner.start(mine, Selection.all());
        assertTrue(PlanView.text(minePlan, mine, libvirt).contains("\n  devbox  ready running within 60s  user alice\n"),
                PlanView.text(minePlan, mine, libvirt));
        String json = PlanView.json(minePlan, mine, libvirt).replaceAll("\\s", "");
        assertTrue(json.matches(".*\"name\":\"devbox\"[^}]*\"keep\":\\[\\],\"user\":\"alice\",\"needs\":\\[\\]}.*"), json);
        assertTrue(json.matches(".*\"name\":\"vm\"[^}]*\"user\":null,\"needs\":\\[\\]}.*"), json);
    }

    @Test
    void needsAreListedAndAUnitWithoutSystemdIsAnError() throws Exception {
        Configuration web = config(e("web").needs("mount:/srv/data", "unit:ovs", "tcp:[::1]:5432"));
        Plan webPlan = Planner.start(web, Selection.all());
        String withSystemd = PlanView.text(webPlan, web, libvirt, true);
        assertTrue(withSystemd.contains("\n  web  ready running within 60s  needs mount:/srv/data unit:ovs.service"
                + " tcp:[::1]:5432\n"), withSystemd);
        assertFalse(withSystemd.contains("error:"), withSystemd);
        String without = PlanView.text(webPlan, web, libvirt, false);
        assertTrue(without.contains("\n      error: needs unit:ovs.service, but this host does not run systemd (no"
                + " /run/systemd/system), so it can never hold; remove it from needs (/etc/lxc/auto/web.conf:1)\n"), without);
        String json = PlanView.json(webPlan, web, libvirt).replaceAll("\\s", "");
        assertTrue(json.contains("\"needs\":[\"mount:/srv/data\",\"unit:ovs.service\",\"tcp:[::1]:5432\"]"), json);
        assertEquals(List.of(), CheckCommand.hostProblems(web, true));
        assertEquals("/etc/lxc/auto/web.conf:1: 'web' needs unit:ovs.service, but this host does not run systemd (no"
                + " /run/systemd/system), so it can never hold; remove it from needs",
                CheckCommand.hostProblems(web, false).get(0).toString());
    }
}
