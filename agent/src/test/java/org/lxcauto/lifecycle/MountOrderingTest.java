package org.lxcauto.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lxcauto.config.Entries.config;
import static org.lxcauto.config.Entries.e;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lxcauto.config.Configuration;
import org.lxcauto.config.Problem;
import org.lxcauto.system.FakeCommandRunner;

class MountOrderingTest {

    private static final List<String> SHOW = List.of("systemctl", "show", "--property=After", "--value", "lxc-auto.service");

    @Test
    void namesMountUnitsAsSystemdEscapeDoes() {
        // Each expected name is what systemd-escape --path --suffix=mount printed for the path.
        assertEquals("srv-data.mount", MountOrdering.unitName("/srv/data"));
        assertEquals("srv-un\\x2ddata\\x2d1.mount", MountOrdering.unitName("/srv/un-data-1"));
        assertEquals("-.mount", MountOrdering.unitName("/"));
        assertEquals("srv-.hidden.mount", MountOrdering.unitName("/srv/.hidden"));
        assertEquals("\\x2ehidden.mount", MountOrdering.unitName("/.hidden"));
        assertEquals("srv-\\xc3\\xa9t\\xc3\\xa9.mount", MountOrdering.unitName("/srv/\u00e9t\u00e9"));
        assertEquals("a\\x20b.mount", MountOrdering.unitName("/a b"));
        assertEquals("a:b\\x5cc.mount", MountOrdering.unitName("/a:b\\c"));
    }

    @Test
    void readsSystemctlsQuotedNames() {
        assertEquals(Set.of("basic.target", "srv-un\\x2ddata.mount", "srv-data.mount"),
                MountOrdering.units("basic.target \"srv-un\\\\x2ddata.mount\" srv-data.mount\n"));
    }

    @Test
    void warnsOfEveryNeededMountTheUnitIsNotOrderedAfter() throws InterruptedException {
        FakeCommandRunner runner = new FakeCommandRunner();
        runner.on(SHOW.toArray(String[]::new)).prints("sysinit.target \"srv-un\\\\x2ddata.mount\" basic.target\n");
        Configuration config = config(e("web").needs("mount:/srv/un-data", "unit:db.service"),
                e("db").needs("mount:/srv/db", "tcp:h:5"), e("cache"));

        List<Problem> problems = MountOrdering.unordered(config, true, runner);

        assertEquals(1, problems.size(), problems.toString());
        Problem problem = problems.get(0);
        assertEquals(Problem.Severity.WARNING, problem.severity());
        assertEquals("db", problem.container());
        assertEquals("'db' needs mount:/srv/db, but systemd does not order lxc-auto.service after srv-db.mount, so at"
                + " shutdown it may unmount /srv/db before the container is stopped; run 'systemctl daemon-reload' (the"
                + " generator then orders what /etc/lxc/auto needs), or add After=srv-db.mount with 'systemctl edit"
                + " lxc-auto'", problem.message());
    }

    @Test
    void asksNothingWithoutSystemdOrMountNeedsAndStaysQuietWhenSystemctlFails() throws InterruptedException {
        FakeCommandRunner runner = new FakeCommandRunner();
        runner.on(SHOW.toArray(String[]::new)).exits(1, "", "Failed to connect to bus");
        assertEquals(List.of(), MountOrdering.unordered(config(e("web").needs("mount:/srv/data")), false, runner));
        assertEquals(List.of(), MountOrdering.unordered(config(e("web").needs("unit:db.service")), true, runner));
        assertTrue(runner.calls().isEmpty(), runner.argvs().toString());
        assertEquals(List.of(), MountOrdering.unordered(config(e("web").needs("mount:/srv/data")), true, runner));
        assertEquals(List.of(SHOW), runner.argvs());
    }
}
