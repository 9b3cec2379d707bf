package org.lxcauto.container.libvirt;

import java.io.IOException;
import java.io.StringReader;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads a domain's XML definition ({@code virsh dumpxml}, {@code GetXMLDesc}) for the one thing
 * libvirt cannot report otherwise: the IPv4 address an LXC domain gives itself through {@code
 * <interface><ip address='10.0.3.5' prefix='24'/></interface>}. libvirt's lease source needs a
 * libvirt-managed network, and its ARP source fails on current kernels, so for such a domain the
 * XML is the only place the address is written down.
 */
final class DomainXml {

    private static final String DOTTED_QUAD = "(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}";

    private DomainXml() {
    }

    /**
     * The first IPv4 {@code address} of an {@code <ip>} inside a {@code <devices><interface>};
     * empty if there is none or the XML cannot be parsed. Only interfaces count: {@code <ip>}
     * elsewhere (a host device's capabilities) is not the domain's address.
     */
    static Optional<String> firstInterfaceIpv4(String xml) {
        NodeList ips;
        try {
            ips = parse(xml).getElementsByTagName("ip");
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return Optional.empty();
        }
        for (int i = 0; i < ips.getLength(); i++) {
            Element ip = (Element) ips.item(i);
            String family = ip.getAttribute("family");
            String address = ip.getAttribute("address").strip();
            if (ip.getParentNode() instanceof Element parent && parent.getTagName().equals("interface")
                    && (family.isEmpty() || family.equals("ipv4")) && address.matches(DOTTED_QUAD)) {
                return Optional.of(address);
            }
        }
        return Optional.empty();
    }

    private static Element parse(String xml) throws ParserConfigurationException, SAXException, IOException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        // libvirt writes no DTD; refusing one keeps the parser from ever fetching anything.
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        DocumentBuilder builder = factory.newDocumentBuilder();
        // The default handler prints "[Fatal Error]" to stderr before throwing; the caller decides.
        builder.setErrorHandler(new DefaultHandler() {
            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                throw e;
            }
        });
        return builder.parse(new InputSource(new StringReader(xml))).getDocumentElement();
    }
}
