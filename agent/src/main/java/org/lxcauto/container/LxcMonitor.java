package org.lxcauto.container;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lxcauto.system.CommandRunner;

/**
 * {@link ContainerMonitor} on LXC's own monitor: {@code lxc-monitor -P LXCPATH -n '.*'} prints a
 * line such as {@code 'web' changed state to [STOPPED]} for each change, which lxc-monitord
 * collects from every container's command socket under that lxcpath.
 */
public final class LxcMonitor implements ContainerMonitor {

    private static final Pattern STATE_LINE = Pattern.compile("^'([^']+)' changed state to \\[([A-Z]+)\\]");

    private final CommandRunner runner;

    public LxcMonitor(CommandRunner runner) {
        this.runner = runner;
    }

    @Override
    public Watch watch(Path lxcpath, Listener listener) {
        CommandRunner.Following monitor = runner.follow(List.of("lxc-monitor", "-P", lxcpath.toString(), "-n", ".*"),
                line -> {
                    // Other lines (exit codes, lxc-monitord's own messages) say nothing about a state.
                    Matcher m = STATE_LINE.matcher(line.strip());
                    if (m.find()) {
                        listener.changed(m.group(1), ContainerState.parse(m.group(2)));
                    }
                });
        return monitor::close;
    }
}
