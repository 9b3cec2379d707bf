package org.lxcauto.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lxcauto.config.Entries.domain;
import static org.lxcauto.config.TempConfig.entryNamed;
import static org.lxcauto.config.TempConfig.errors;
import static org.lxcauto.config.TempConfig.names;
import static org.lxcauto.config.TempConfig.problemContaining;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [domain]} entries: a libvirt domain in the same graph as the containers. */
class DomainEntryTest {

    @TempDir
    Path root;
    TempConfig t;

    @BeforeEach
    void setUp() {
        t = new TempConfig(root);
    }

    @Test
    void domainEntryNeedsNoLxcConfigAndDependsLikeAContainer() {
        t.container("web");
        t.entry("web.conf", "[container]", "after = db-vm");
        t.entry("db-vm.conf",
                "[domain]",
                "uri = lxc:///system",
                "after = storage",
                "wants = metrics",
                "ready = tcp:5432",
                "start-timeout = 40",
                "stop-timeout = 20");
        t.entry("storage.conf", "[domain]");
        Configuration config = t.load();
        assertEquals(List.of(), config.problems());
        assertEquals(List.of("db-vm", "storage", "web"), names(config));
        ContainerEntry db = entryNamed(config, "db-vm");
        assertEquals(new Target.Domain("lxc:///system"), db.target(), "a domain has its URI and nothing of a container");
        assertEquals(List.of("storage"), db.after());
        assertEquals(List.of("metrics"), db.wants());
        assertEquals(new Readiness.Tcp(5432), db.ready());
        assertEquals(Duration.ofSeconds(40), db.startTimeout());
        assertEquals(Duration.ofSeconds(20), db.stopTimeout());
        assertEquals("qemu:///system", domain(entryNamed(config, "storage")).uri(), "libvirt's system QEMU by default");
        assertEquals(List.of("db-vm"), entryNamed(config, "web").after());
    }

    @Test
    void execReadinessIsRefusedWithWhatToUseInstead() {
        t.entry("vm.conf", "[domain]", "ready = exec:pg_isready");
        Configuration config = t.load();
        Problem p = problemContaining(config, "cannot reach into a libvirt domain");
        assertEquals(2, p.line());
        assertEquals("vm", p.container());
        assertTrue(p.message().contains("use running, ipv4 or tcp:PORT"), p.message());
        assertEquals(List.of(), names(config), "the entry is not used");
    }

    @Test
    void containerOnlyKeysSayWhyAndWhatInstead() {
        t.entry("vm.conf", "[domain]", "lxcpath = /srv/lxc", "ephemeral = yes", "restart = always");
        Configuration config = t.load();
        assertEquals(3, errors(config).size(), config.problems()::toString);
        assertTrue(problemContaining(config, "'lxcpath' is not for a [domain]").message().contains("use uri ="));
        assertEquals(3, problemContaining(config, "'ephemeral' is not for a [domain]").line());
        assertTrue(problemContaining(config, "'restart' is not for a [domain]").message().contains("<on_crash>"));
    }

    @Test
    void badUriNamesTheLineAndTheExpectedForm() {
        t.entry("vm.conf", "[domain]", "", "uri = qemu-system");
        Problem p = problemContaining(t.load(), "invalid uri 'qemu-system'");
        assertEquals(3, p.line());
        assertTrue(p.message().contains("qemu:///system"), p.message());
    }

    @Test
    void containerAndDomainSectionsInOneFileAreRefused() {
        t.entry("vm.conf", "[domain]", "[container]");
        Problem p = problemContaining(t.load(), "[container] after [domain] on line 1");
        assertEquals(2, p.line());
    }

    @Test
    void aDomainAndAContainerOfTheSameNameAreADuplicate() {
        t.container("db");
        t.entry("db.conf", "[container]");
        t.entry("db-vm.conf", "[domain]", "name = db");
        Configuration config = t.load();
        assertTrue(errors(config).stream().anyMatch(p -> p.container().equals("db")), config.problems()::toString);
        assertEquals(List.of(), names(config));
    }
}
