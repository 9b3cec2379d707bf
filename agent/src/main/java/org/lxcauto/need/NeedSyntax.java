package org.lxcauto.need;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads one {@code needs =} token into a {@link Need}. Every refusal is an
 * {@link IllegalArgumentException} whose message says what is wrong with the token and how to write
 * it instead; the entry reader adds the file, the line and the container.
 */
public final class NeedSyntax {

    /** The unit types systemd knows ({@code systemd.unit(5)}); a unit name ends in one of them. */
    static final List<String> UNIT_TYPES = List.of("service", "socket", "target", "device", "mount", "automount",
            "swap", "timer", "path", "slice", "scope");
    /** systemd's limit on a unit name (UNIT_NAME_MAX, less the final NUL). */
    static final int UNIT_NAME_MAX = 255;
    /** The characters systemd allows in a unit name, as {@code unit_name_is_valid()} checks them. */
    private static final Pattern UNIT_CHARS = Pattern.compile("[A-Za-z0-9:_.\\\\@-]+");
    /** One label of a host name: letters, digits, '-' inside, '_' for the names some sites use. */
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");
    private static final Pattern IPV6_TEXT = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?");

    private NeedSyntax() {
    }

    /**
     * The need {@code token} names.
     *
     * @throws IllegalArgumentException saying why it is not one, and what to write
     */
    public static Need parse(String token) {
        if (token.startsWith("mount:")) {
            return mount(token.substring("mount:".length()));
        }
        if (token.startsWith("unit:")) {
            return unit(token.substring("unit:".length()));
        }
        if (token.startsWith("tcp:")) {
            return tcp(token.substring("tcp:".length()));
        }
        int colon = token.indexOf(':');
        String kind = colon > 0 ? "unknown kind '" + token.substring(0, colon + 1) + "'" : "no kind";
        throw new IllegalArgumentException(kind + "; write " + Need.SYNTAX
                + ", e.g. mount:/srv/data unit:openvswitch-switch.service tcp:db.example.org:5432");
    }

    private static Need.Mount mount(String path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("no path; write the mount point, e.g. mount:/srv/data");
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("'" + path + "' is not an absolute path; write the mount point from /,"
                    + " e.g. mount:/srv/data");
        }
        if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("a control character cannot be part of a mount point; write the path"
                    + " as /proc/self/mountinfo shows it, without escapes");
        }
        if (!path.equals("/")) {
            for (String part : path.substring(1).split("/", -1)) {
                if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                    throw new IllegalArgumentException("'" + path + "' is not normalised, and the mount table lists"
                            + " only normalised paths; write it as mount:" + Path.of(path).normalize());
                }
            }
        }
        return new Need.Mount(Path.of(path));
    }

    /**
     * A systemd unit name; a name without a type gets {@code .service}, as {@code systemctl} gives
     * it, so {@code unit:nfs-server} and {@code unit:nfs-server.service} mean the same unit.
     */
    private static Need.Unit unit(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("no unit name; write the unit as systemctl lists it, e.g."
                    + " unit:openvswitch-switch.service");
        }
        String name = UNIT_TYPES.stream().anyMatch(t -> text.endsWith("." + t)) ? text : text + ".service";
        if (!UNIT_CHARS.matcher(name).matches() || name.startsWith("-") || name.startsWith(".")) {
            throw new IllegalArgumentException("'" + text + "' is not a systemd unit name (letters, digits and"
                    + " :_.\\@- only, not starting with - or .); write the unit as systemctl lists it, e.g."
                    + " unit:openvswitch-switch.service");
        }
        if (name.length() > UNIT_NAME_MAX) {
            throw new IllegalArgumentException("the unit name is " + name.length() + " characters long, more than"
                    + " systemd's " + UNIT_NAME_MAX + "; write the unit as systemctl lists it");
        }
        String prefix = name.substring(0, name.lastIndexOf('.'));
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has a type but no name; write e.g. unit:nfs-server"
                    + name);
        }
        if (prefix.endsWith("@")) {
            throw new IllegalArgumentException("'" + name + "' is a template, which is never active itself; name an"
                    + " instance of it, e.g. unit:" + prefix + "INSTANCE" + name.substring(prefix.length()));
        }
        return new Need.Unit(name);
    }

    private static Need.Tcp tcp(String text) {
        String example = "write tcp:HOST:PORT, e.g. tcp:db.example.org:5432 or tcp:[2001:db8::5]:5432";
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("no port; " + example);
        }
        String host = text.substring(0, colon);
        int port = port(text.substring(colon + 1), example);
        if (host.startsWith("[") && host.endsWith("]") && host.length() > 2) {
            return new Need.Tcp(ipv6(host.substring(1, host.length() - 1)), port);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no host; " + example);
        }
        if (host.indexOf(':') >= 0 || host.indexOf('[') >= 0 || host.indexOf(']') >= 0) {
            throw new IllegalArgumentException("'" + host + "' is not a host name; an IPv6 address goes in brackets,"
                    + " e.g. tcp:[::1]:" + port);
        }
        return new Need.Tcp(hostName(host, port), port);
    }

    private static int port(String text, String example) {
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port '" + text + "' is not a number; " + example);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1-65535; " + example);
        }
        return port;
    }

    /** An IPv6 literal, checked without a name lookup: bracketed text is never looked up. */
    private static String ipv6(String text) {
        if (IPV6_TEXT.matcher(text).matches() && text.indexOf(':') >= 0) {
            try {
                InetAddress.getByName("[" + text + "]");
                return text;
            } catch (UnknownHostException e) {
                // Reported below, with the same words as text that never looked like an address.
            }
        }
        throw new IllegalArgumentException("'[" + text + "]' is not an IPv6 address; write it as e.g. tcp:[2001:db8::5]:5432");
    }

    /** A DNS name or an IPv4 address: RFC 1123 labels, and four numbers up to 255 when all labels are numbers. */
    private static String hostName(String host, int port) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String[] labels = name.split("\\.", -1);
        boolean valid = !name.isEmpty() && name.length() <= 253;
        for (String label : labels) {
            valid &= LABEL.matcher(label).matches();
        }
        if (!valid) {
            throw new IllegalArgumentException("'" + host + "' is not a host name (letters, digits, '-' and '.'"
                    + " only) nor an address; write e.g. tcp:db.example.org:" + port + " or tcp:192.0.2.7:" + port);
        }
        if (java.util.Arrays.stream(labels).allMatch(l -> l.chars().allMatch(Character::isDigit))) {
            boolean ipv4 = labels.length == 4
                    && java.util.Arrays.stream(labels).allMatch(l -> l.length() <= 3 && Integer.parseInt(l) <= 255);
            if (!ipv4) {
                throw new IllegalArgumentException("'" + host + "' is not an IPv4 address (four numbers 0-255); write"
                        + " e.g. tcp:192.0.2.7:" + port);
            }
        }
        return host;
    }
}
