package org.lxcauto.lifecycle;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.lxcauto.config.Configuration;
import org.lxcauto.config.ContainerEntry;
import org.lxcauto.config.Problem;
import org.lxcauto.need.Need;
import org.lxcauto.system.CommandException;
import org.lxcauto.system.CommandResult;
import org.lxcauto.system.CommandRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether systemd will stop lxc-auto.service before it unmounts what containers need
 * (docs/boot-and-shutdown.md, needed mounts outlive their containers). The package's generator
 * orders the unit {@code After=} the mount unit of every {@code needs = mount:PATH}, but only at
 * boot and on {@code systemctl daemon-reload}: an entry edited since is not in the ordering yet,
 * and the administrator should be told before a shutdown shows it. systemd itself is asked
 * ({@code systemctl show -p After}), so an ordering the administrator wrote in a drop-in of their
 * own counts as well.
 */
public final class MountOrdering {

    private static final Logger LOG = LoggerFactory.getLogger(MountOrdering.class);
    private static final Duration QUICK = Duration.ofSeconds(5);
    /** The characters systemd leaves as they are in a unit name made from a path. */
    private static final String PLAIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789:_.";

    private MountOrdering() {
    }

    /**
     * A warning for every {@code mount:} need whose mount unit lxc-auto.service is not ordered
     * after, at the entry's {@code needs} line; none when systemd does not run, when no entry
     * needs a mount, or when systemctl cannot tell (then it is logged at debug).
     *
     * @param systemd whether systemd is PID 1
     */
    public static List<Problem> unordered(Configuration config, boolean systemd, CommandRunner runner)
            throws InterruptedException {
        if (!systemd || config.entries().stream().flatMap(e -> e.needs().stream()).noneMatch(Need.Mount.class::isInstance)) {
            return List.of();
        }
        Set<String> after;
        try {
            CommandResult show = runner.run(List.of("systemctl", "show", "--property=After", "--value", "lxc-auto.service"),
                    QUICK);
            if (!show.succeeded()) {
                LOG.debug("systemctl show lxc-auto.service failed, not checking the mount ordering: {}", show.stderr().strip());
                return List.of();
            }
            after = units(show.stdout());
        } catch (CommandException e) {
            LOG.debug("No systemctl, not checking the mount ordering: {}", e.getMessage());
            return List.of();
        }
        List<Problem> problems = new ArrayList<>();
        for (ContainerEntry entry : config.entries()) {
            for (Need need : entry.needs()) {
                if (need instanceof Need.Mount mount) {
                    String unit = unitName(mount.path().toString());
                    if (!after.contains(unit)) {
                        problems.add(Problem.warning(entry.file(), entry.lineOf("needs"), entry.name(), "'" + entry.name()
                                + "' needs mount:" + mount.path() + ", but systemd does not order lxc-auto.service after "
                                + unit + ", so at shutdown it may unmount " + mount.path() + " before the container is"
                                + " stopped; run 'systemctl daemon-reload' (the generator then orders what /etc/lxc/auto"
                                + " needs), or add After=" + unit + " with 'systemctl edit lxc-auto'"));
                    }
                }
            }
        }
        return problems;
    }

    /**
     * The mount unit systemd makes of {@code path}, as {@code systemd-escape --path --suffix=mount}
     * writes it: slashes at the ends dropped, the others made '-', and '-', '\', a leading '.' and
     * every byte outside {@code [A-Za-z0-9:_.]} written {@code \xNN}; "/" is "-.mount".
     */
    static String unitName(String path) {
        String trimmed = path.replaceAll("^/+|/+$", "");
        if (trimmed.isEmpty()) {
            return "-.mount";
        }
        StringBuilder name = new StringBuilder();
        byte[] bytes = trimmed.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            char c = (char) (bytes[i] & 0xff);
            if (c == '/') {
                name.append('-');
            } else if (c < 0x80 && PLAIN.indexOf(c) >= 0 && !(i == 0 && c == '.')) {
                name.append(c);
            } else {
                name.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
            }
        }
        return name.append(".mount").toString();
    }

    /** The unit names of a {@code systemctl show --value} list, which quotes a name with a backslash C style. */
    static Set<String> units(String value) {
        Set<String> units = new HashSet<>();
        for (String word : value.strip().split("\\s+")) {
            if (word.length() >= 2 && word.startsWith("\"") && word.endsWith("\"")) {
                word = word.substring(1, word.length() - 1).replace("\\\\", "\\");
            }
            if (!word.isEmpty()) {
                units.add(word);
            }
        }
        return units;
    }
}
