package org.lxcauto.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ubuntu-style {@code /etc/lxc/auto/NAME.conf -> LXCPATH/NAME/config} symlinks boot their containers. */
class LegacySymlinkTest extends LabTest {

    @Test
    void symlinkedContainersBootAlongsideEntries() throws Exception {
        String old = lab.container("old", "", Map.of());
        String web = lab.container("web", "", Map.of());
        // The link's own name does not matter: the container is the one whose config it points to.
        Files.createSymbolicLink(lab.autoDir.resolve("legacy.conf"), lab.lxcpath.resolve(old).resolve("config"));
        lab.entry("web", "[container]\nname = " + web + "\nafter = " + old + "\n");

        Commands.Result plan = lab.agent("plan", "--json");
        assertEquals(0, plan.exitCode(), plan.all());
        JsonNode steps = new ObjectMapper().readTree(plan.stdout()).get("steps");
        assertEquals(old, steps.get(0).get("name").asText());
        assertEquals("legacy-symlink", steps.get(0).get("source").asText());

        Commands.Result boot = lab.agent("boot");
        assertEquals(0, boot.exitCode(), boot.all());
        assertEquals("RUNNING", lab.state(old));
        assertEquals("RUNNING", lab.state(web));
        assertTrue(lab.events(web).get("start") >= lab.events(old).get("start"));

        Commands.Result shutdown = lab.agent("shutdown");
        assertEquals(0, shutdown.exitCode(), shutdown.all());
        assertEquals("clean", Lab.read(lab.rootfs(old).resolve("stopped")).strip());
        assertTrue(lab.events(old).get("halt") >= lab.events(web).get("halt"), "the dependent halts first");
    }
}
