package org.lxcauto.lifecycle;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.lxcauto.config.AgentConfig;
import org.lxcauto.config.Configuration;
import org.lxcauto.plan.Selection;
import org.lxcauto.state.StateFileException;
import org.lxcauto.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which containers a boot starts, from {@code [agent] on-boot}: every entry ({@code start}), those
 * running at the last host shutdown ({@code restore}; every entry, with a warning, when that was
 * never recorded or the record is damaged: a host left with nothing running is worse than one
 * running a container too many), or none ({@code ignore}). Containers already running
 * are always in the selection, so that a restarted daemon adopts (and supervises) them.
 */
public final class BootSelection {

    private static final Logger LOG = LoggerFactory.getLogger(BootSelection.class);

    private BootSelection() {
    }

    /**
     * @param runningNow the containers running right now (adopted whatever on-boot says); asked
     *     only when on-boot is not {@code start}, because listing them costs an lxc-ls over the
     *     whole lxcpath (seconds for thousands of containers)
     */
    public static Selection of(Configuration config, StateStore store, RunningNames runningNow)
            throws InterruptedException {
        AgentConfig.OnBoot onBoot = config.agent().onBoot();
        if (onBoot == AgentConfig.OnBoot.IGNORE) {
            return Selection.only(runningNow.get(), "on-boot = ignore");
        }
        if (onBoot == AgentConfig.OnBoot.RESTORE) {
            try {
                Optional<List<String>> running = store.lastRunning();
                if (running.isPresent()) {
                    Set<String> names = new java.util.TreeSet<>(running.get());
                    names.addAll(runningNow.get());
                    return Selection.only(names, "on-boot = restore: not running at the last shutdown");
                }
                LOG.warn("on-boot = restore, but no shutdown was recorded in {}; starting every entry", store.dir());
            } catch (StateFileException e) {
                LOG.warn("on-boot = restore, but {}; starting every entry, as on-boot = start would", e.getMessage());
            }
        }
        return Selection.all();
    }

    /** The names of the containers running now, listed on demand. */
    public interface RunningNames {
        Set<String> get() throws InterruptedException;
    }
}
