package org.lxcauto.systemtest;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * A dbus-daemon that behaves like the host's system bus, on a socket of the test's own: its
 * configuration is the machine's own {@code /usr/share/dbus-1/system.conf} (whose default policy
 * denies method calls and name ownership and allows replies and signals), with only the policy file
 * lxc-auto ships added. So what the tests see refused or allowed is what a real system bus refuses
 * or allows, not what a hand-written policy happens to say. Stopped (by its PID) at close.
 */
final class PrivateBus implements AutoCloseable {

    static final Path SYSTEM_CONF = Path.of("/usr/share/dbus-1/system.conf");
    static final Path POLICY = Lab.ROOT.resolve("config/dbus/org.lxcauto.Agent1.conf");

    /**
     * What is taken out of the real configuration, and why: {@code user} (the test's bus runs as
     * root), {@code pidfile} (it would overwrite the host bus's), {@code include} and
     * {@code includedir} (the host's other policy files are not under test), and
     * {@code standard_system_servicedirs} with {@code servicehelper}, so that a call to a name
     * nobody owns (logind, here) fails instead of activating one of the host's services.
     */
    private static final List<String> DROPPED = List.of("user", "pidfile", "include", "includedir",
            "standard_system_servicedirs", "servicehelper", "listen");

    final String address;
    private final long pid;

    private PrivateBus(String address, long pid) {
        this.address = address;
        this.pid = pid;
    }

    static PrivateBus start(Path dir) throws IOException {
        Path socket = dir.resolve("system_bus.sock");
        Path config = dir.resolve("bus.conf");
        Files.writeString(config, configuration(socket));
        Commands.Result started = Commands.run(List.of("dbus-daemon", "--config-file=" + config, "--fork",
                "--print-address=1", "--print-pid=1", "--nopidfile"), Map.of(), 30);
        if (started.exitCode() != 0) {
            throw new AssertionError("dbus-daemon did not start with " + config + ": " + started.all());
        }
        String[] lines = started.stdout().strip().split("\n");
        // Everyone may connect, as to /run/dbus/system_bus_socket; the policy decides the rest.
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rwxrwxrwx"));
        return new PrivateBus("unix:path=" + socket, Long.parseLong(lines[lines.length - 1].strip()));
    }

    /** The host's system.conf, listening on {@code socket}, with the shipped policy included. */
    static String configuration(Path socket) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // The DOCTYPE names a DTD on the web; the test must not fetch it (and has no internet).
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            Document document = factory.newDocumentBuilder().parse(SYSTEM_CONF.toFile());
            Element root = document.getDocumentElement();
            for (String name : DROPPED) {
                NodeList found = root.getElementsByTagName(name);
                for (int i = found.getLength() - 1; i >= 0; i--) {
                    Node element = found.item(i);
                    element.getParentNode().removeChild(element);
                }
            }
            Element listen = document.createElement("listen");
            listen.setTextContent("unix:path=" + socket);
            root.insertBefore(listen, root.getFirstChild());
            Element include = document.createElement("include");
            include.setTextContent(POLICY.toString());
            root.appendChild(include);
            StringWriter text = new StringWriter();
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.DOCTYPE_PUBLIC, "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN");
            transformer.setOutputProperty(OutputKeys.DOCTYPE_SYSTEM,
                    "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd");
            transformer.transform(new DOMSource(document), new StreamResult(text));
            return text.toString();
        } catch (ParserConfigurationException | SAXException | TransformerException e) {
            throw new IOException("cannot make a bus configuration from " + SYSTEM_CONF + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    }
}
