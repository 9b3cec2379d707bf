package org.lxcauto.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the keys lxc-auto needs from an LXC container config ({@code lxc.container.conf(5)}).
 *
 * <p>Only the container's own file is read for the start keys and links: {@code lxc.include}d
 * files are shared defaults that do not carry them in practice. They do carry the halt signal
 * (distribution configs set it), so for {@code lxc.signal.halt} includes are followed
 * ({@link HaltSignal}).
 */
public final class LxcConfigReader {

    private static final Pattern NET_KEY = Pattern.compile("lxc\\.net\\.(\\d+)\\.(type|link)");

    private LxcConfigReader() {
    }

    /**
     * Parses {@code file}. Values that LXC itself would reject are reported as problems and read as
     * their default, so {@code check} can say what LXC would complain about before it does.
     */
    public static LxcConfig read(Path file, String container, Problems problems) throws ConfigFiles.Unreadable {
        // LXC reads bytes; the keys we need are ASCII, and a Latin-1 comment must not make the
        // container unreadable to us when lxc-start accepts it.
        List<String> lines = ConfigFiles.text(file, StandardCharsets.ISO_8859_1).lines().toList();
        boolean auto = false;
        int order = 0;
        int delay = 0;
        List<String> groups = new ArrayList<>();
        String haltSignal = null;
        Map<Integer, String[]> nets = new TreeMap<>(); // index -> {type, link}
        List<String> legacyLinks = new ArrayList<>();
        int startAutoLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int eq = line.indexOf('=');
            if (line.isEmpty() || line.startsWith("#") || eq < 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = unquote(line.substring(eq + 1).strip());
            int lineNo = i + 1;
            switch (key) {
                case "lxc.start.auto" -> {
                    auto = integer(file, lineNo, container, key, value, 0, problems) == 1;
                    startAutoLine = lineNo;
                }
                case "lxc.start.order" -> order = integer(file, lineNo, container, key, value, 0, problems);
                case "lxc.start.delay" -> delay = Math.max(0, integer(file, lineNo, container, key, value, 0, problems));
                case "lxc.group" -> {
                    if (value.isEmpty()) {
                        groups.clear(); // LXC: an empty value clears the list
                    } else {
                        groups.addAll(List.of(value.split("\\s+")));
                    }
                }
                case "lxc.signal.halt" -> haltSignal = haltSignal(file, lineNo, container, value, problems);
                case "lxc.include" -> {
                    // Read in place, as LXC does: what the container's own file says later wins.
                    String included = HaltSignal.inInclude(Path.of(value), 1).orElse(haltSignal == null ? "" : haltSignal);
                    haltSignal = included.isEmpty() ? null : included;
                }
                case "lxc.network.link" -> legacyLinks.add(value);
                default -> {
                    Matcher m = NET_KEY.matcher(key);
                    if (m.matches()) {
                        String[] net = nets.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new String[2]);
                        net[m.group(2).equals("type") ? 0 : 1] = value;
                    }
                }
            }
        }
        return new LxcConfig(file, auto, order, delay, List.copyOf(groups), links(nets, legacyLinks), haltSignal,
                startAutoLine);
    }

    /** Interfaces on the host that must exist before the container can start. */
    private static List<String> links(Map<Integer, String[]> nets, List<String> legacyLinks) {
        List<String> links = new ArrayList<>();
        for (String[] net : nets.values()) {
            String type = net[0] == null ? "" : net[0];
            boolean attaches = type.equals("veth") || type.equals("macvlan") || type.equals("ipvlan")
                    || type.equals("vlan");
            if (attaches && net[1] != null && !net[1].isEmpty() && !links.contains(net[1])) {
                links.add(net[1]);
            }
        }
        for (String legacyLink : legacyLinks) {
            if (!legacyLink.isEmpty() && !links.contains(legacyLink)) {
                links.add(legacyLink);
            }
        }
        return List.copyOf(links);
    }

    private static int integer(Path file, int line, String container, String key, String value, int fallback,
            Problems problems) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            problems.add(Problem.warning(file, line, container, "invalid " + key + " '" + value
                    + "': expected a whole number; using " + fallback + " (lxc-start would refuse this config)"));
            return fallback;
        }
    }

    /** The value normalised ({@code SIGRTMIN+3}); null for LXC's default, or for a value LXC would refuse. */
    private static String haltSignal(Path file, int line, String container, String value, Problems problems) {
        if (value.isEmpty()) {
            return null; // LXC: an empty value clears the key
        }
        return HaltSignal.normalise(value).orElseGet(() -> {
            problems.add(Problem.warning(file, line, container, "invalid lxc.signal.halt '" + value + "': expected a"
                    + " signal name such as SIGPWR or SIGRTMIN+3, or its number (lxc-start would refuse this config)"));
            return null;
        });
    }

    static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
