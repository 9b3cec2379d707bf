package org.lxcauto.cli;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.lxcauto.config.AgentConfig;
import org.lxcauto.config.Configuration;
import org.lxcauto.plan.Selection;
import org.lxcauto.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Which containers a boot starts, from {@code [agent] on-boot}. */
final class BootSelection {

    private static final Logger LOG = LoggerFactory.getLogger(BootSelection.class);

    private BootSelection() {
    }

    static Selection of(Configuration config, StateStore store) {
        AgentConfig.OnBoot onBoot = config.agent().onBoot();
        if (onBoot == AgentConfig.OnBoot.IGNORE) {
            return Selection.only(Set.of(), "on-boot = ignore");
        }
        if (onBoot == AgentConfig.OnBoot.RESTORE) {
            try {
                Optional<List<String>> running = store.lastRunning();
                if (running.isPresent()) {
                    return Selection.only(Set.copyOf(running.get()), "on-boot = restore: not running at the last shutdown");
                }
                LOG.warn("on-boot = restore, but no shutdown was recorded in {}; starting every entry", store.dir());
            } catch (IOException e) {
                LOG.warn("on-boot = restore, but {}; starting every entry (as on-boot = start)", e.getMessage());
            }
        }
        return Selection.all();
    }
}
