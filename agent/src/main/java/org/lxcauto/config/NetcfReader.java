package org.lxcauto.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads {@code /etc/lxc/auto/interfaces/*.xml}: interface definitions in the netcf/libvirt
 * {@code <interface>} format, as {@code virsh iface-dumpxml} prints them. Types {@code bridge} and
 * {@code ethernet}; {@code <start mode>}, {@code <protocol family='ipv4|ipv6'>} with {@code <ip
 * address prefix>} or {@code <dhcp/>}, {@code <bridge stp>} and member interfaces. Anything else
 * in the file is ignored with a warning rather than silently: routes in particular, because
 * lxc-auto never touches the host's routing.
 */
public final class NetcfReader {

    private NetcfReader() {
    }

    /** Every definition in {@code dir}; each file's problems are recorded and never stop the others. */
    public static List<InterfaceDeclaration> readAll(Path dir, Problems problems) {
        return readAll(dir, new FileSafety(), problems);
    }

    /** As {@link #readAll(Path, Problems)}, judging files and directories with {@code safety}. */
    static List<InterfaceDeclaration> readAll(Path dir, FileSafety safety, Problems problems) {
        List<InterfaceDeclaration> result = new ArrayList<>();
        if (!Files.isDirectory(dir) || !safety.checkDirectory(dir, problems)) {
            return result;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.xml")) {
            stream.forEach(files::add);
        } catch (IOException e) {
            problems.add(Problem.error(dir, 0, null, "cannot list: " + IniReader.describe(e)));
            return result;
        }
        files.sort(Comparator.comparing(Path::toString));
        for (Path file : files) {
            read(file, safety, problems).ifPresent(result::add);
        }
        return result;
    }

    static Optional<InterfaceDeclaration> read(Path file, Problems problems) {
        return read(file, new FileSafety(), problems);
    }

    private static Optional<InterfaceDeclaration> read(Path file, FileSafety safety, Problems problems) {
        if (!safety.check(file, null, problems)) {
            return Optional.empty();
        }
        XmlElement root;
        try {
            root = XmlElement.parse(file);
        } catch (SAXParseException e) {
            problems.add(Problem.error(file, e.getLineNumber(), null, "malformed XML: " + e.getMessage()
                    + "; check it with 'xmllint --noout " + file + "'"));
            return Optional.empty();
        } catch (ConfigFiles.Unreadable e) {
            problems.add(e.problem(file, null));
            return Optional.empty();
        } catch (SAXException | IOException e) {
            problems.add(Problem.error(file, 0, null, "cannot read: " + e.getMessage()));
            return Optional.empty();
        }
        return new Definition(file, problems).interfaceOf(root);
    }

    /** Reading one file, with its problems. */
    private record Definition(Path file, Problems problems) {

        Optional<InterfaceDeclaration> interfaceOf(XmlElement root) {
            if (!root.name().equals("interface")) {
                return fail(root.line(), "root element is <" + root.name() + ">, expected <interface type='bridge' name='...'>");
            }
            String name = root.attribute("name").orElse("");
            if (!Names.isValidInterface(name)) {
                return fail(root.line(), "invalid or missing interface name '" + name + "': " + Names.INTERFACE_RULE);
            }
            String type = root.attribute("type").orElse("");
            InterfaceDeclaration.Kind kind = switch (type) {
                case "bridge" -> InterfaceDeclaration.Kind.BRIDGE;
                case "ethernet" -> InterfaceDeclaration.Kind.ETHERNET;
                default -> null;
            };
            if (kind == null) {
                return fail(root.line(), "interface '" + name + "' has type '" + type
                        + "'; lxc-auto brings up type='bridge' and type='ethernet'");
            }
            warnUnsupported(root, name, java.util.Set.of("start", "protocol", "bridge"));
            boolean onBoot = root.first("start").flatMap(s -> s.attribute("mode")).map(m -> m.equals("onboot")).orElse(true);
            List<String> addresses = new ArrayList<>();
            boolean dhcp4 = false;
            boolean ok = true;
            for (XmlElement protocol : root.all("protocol")) {
                String family = protocol.attribute("family").orElse("");
                if (!family.equals("ipv4") && !family.equals("ipv6")) {
                    ok = error(protocol.line(), "protocol family '" + family + "' of '" + name + "': expected ipv4 or ipv6");
                    continue;
                }
                for (XmlElement ip : protocol.all("ip")) {
                    String cidr = ip.attribute("address").orElse("") + "/" + ip.attribute("prefix")
                            .orElse(family.equals("ipv4") ? "32" : "128");
                    if (!Cidr.isValid(cidr) || Cidr.isIpv6(cidr) != family.equals("ipv6")) {
                        ok = error(ip.line(), "invalid " + family + " address '" + cidr + "' on '" + name + "'");
                    } else {
                        addresses.add(cidr);
                    }
                }
                dhcp4 |= family.equals("ipv4") && protocol.first("dhcp").isPresent();
                warnUnsupported(protocol, name, family.equals("ipv4") ? java.util.Set.of("ip", "dhcp", "route")
                        : java.util.Set.of("ip", "route"));
                for (XmlElement route : protocol.all("route")) {
                    problems.add(Problem.warning(file, route.line(), null, "route on '" + name
                            + "' ignored: lxc-auto never changes the host's routing"));
                }
            }
            List<String> ports = new ArrayList<>();
            boolean stp = false;
            Optional<XmlElement> bridge = root.first("bridge");
            if (kind == InterfaceDeclaration.Kind.BRIDGE && bridge.isPresent()) {
                warnUnsupported(bridge.get(), name, java.util.Set.of("interface"));
                stp = bridge.get().attribute("stp").map(s -> s.equals("on")).orElse(false);
                for (XmlElement member : bridge.get().all("interface")) {
                    String port = member.attribute("name").orElse("");
                    if (Names.isValidInterface(port)) {
                        ports.add(port);
                    } else {
                        ok = error(member.line(), "invalid bridge member name '" + port + "': " + Names.INTERFACE_RULE);
                    }
                }
            }
            if (!ok) {
                return Optional.empty();
            }
            return Optional.of(new InterfaceDeclaration(name, kind, List.copyOf(addresses), dhcp4, List.copyOf(ports), stp,
                    InterfaceDeclaration.Manager.NETCF, onBoot, file, root.line()));
        }

        /** Says, rather than silently, what of {@code parent} lxc-auto will not apply. */
        private void warnUnsupported(XmlElement parent, String name, java.util.Set<String> supported) {
            for (XmlElement child : parent.children()) {
                if (!supported.contains(child.name())) {
                    problems.add(Problem.warning(file, child.line(), null, "<" + child.name() + "> in <" + parent.name()
                            + "> of '" + name + "' is not supported by lxc-auto and is ignored"));
                }
            }
        }

        private boolean error(int line, String message) {
            problems.add(Problem.error(file, line, null, message));
            return false;
        }

        private Optional<InterfaceDeclaration> fail(int line, String message) {
            error(line, message);
            return Optional.empty();
        }
    }
}
