package org.lxcauto.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * A minimal XML tree that remembers the line of every element, so that a problem in an
 * interface definition can be reported as {@code FILE:LINE:} like everything else. The JDK's DOM
 * does not keep line numbers; SAX's {@link Locator} does.
 *
 * @param name the element name
 * @param attributes its attributes
 * @param children its child elements in document order
 * @param line the line of its start tag
 */
record XmlElement(String name, Map<String, String> attributes, List<XmlElement> children, int line) {

    Optional<String> attribute(String key) {
        return Optional.ofNullable(attributes.get(key));
    }

    List<XmlElement> all(String childName) {
        return children.stream().filter(c -> c.name().equals(childName)).toList();
    }

    Optional<XmlElement> first(String childName) {
        return children.stream().filter(c -> c.name().equals(childName)).findFirst();
    }

    /**
     * Parses {@code file}. External entities and DTDs are refused: these files are read by root.
     *
     * @throws SAXException with the line in {@link org.xml.sax.SAXParseException#getLineNumber()}
     */
    static XmlElement parse(Path file) throws IOException, SAXException, ConfigFiles.Unreadable {
        SAXParserFactory factory = SAXParserFactory.newInstance();
        try {
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            Builder builder = new Builder();
            try (InputStream in = new java.io.ByteArrayInputStream(ConfigFiles.bytes(file))) {
                factory.newSAXParser().parse(in, builder);
            }
            return builder.root;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's SAX parser lacks a standard feature", e);
        }
    }

    private static final class Builder extends DefaultHandler {
        private final Deque<XmlElement> open = new ArrayDeque<>();
        private Locator locator;
        private XmlElement root;

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attrs) {
            Map<String, String> attributes = new HashMap<>();
            for (int i = 0; i < attrs.getLength(); i++) {
                attributes.put(attrs.getQName(i), attrs.getValue(i));
            }
            XmlElement element = new XmlElement(qName, Map.copyOf(attributes), new ArrayList<>(),
                    locator == null ? 0 : locator.getLineNumber());
            if (open.isEmpty()) {
                root = element;
            } else {
                open.peek().children().add(element);
            }
            open.push(element);
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            open.pop();
        }
    }
}
