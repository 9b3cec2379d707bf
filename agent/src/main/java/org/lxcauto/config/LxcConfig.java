package org.lxcauto.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The few keys of an LXC container config that lxc-auto acts on.
 *
 * @param file the config file
 * @param startAuto {@code lxc.start.auto}
 * @param startOrder {@code lxc.start.order}
 * @param startDelay {@code lxc.start.delay}, seconds
 * @param groups {@code lxc.group} values (space-separated, may repeat)
 * @param links host interfaces the container's network devices attach to ({@code lxc.net.N.link})
 * @param haltSignal {@code lxc.signal.halt} (included files followed), as LXC takes it
 *     ({@code SIGRTMIN+3}), or null for LXC's default (SIGPWR)
 * @param startAutoLine the line of {@code lxc.start.auto}, 0 if absent
 */
public record LxcConfig(Path file, boolean startAuto, int startOrder, int startDelay, List<String> groups,
        List<String> links, String haltSignal, int startAutoLine) {

    /**
     * The signal a stop sends the container's init: its {@code lxc.signal.halt}, else SIGPWR. (With
     * neither set, LXC sends SIGRTMIN+3 instead to an init that blocks that signal, as systemd does
     * once it runs: docs/boot-and-shutdown.md.)
     */
    public String halt() {
        return haltSignal == null ? HaltSignal.DEFAULT : haltSignal;
    }
}
