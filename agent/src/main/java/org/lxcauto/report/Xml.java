package org.lxcauto.report;

import java.util.Locale;

/**
 * Escaping for text and attribute values in the SVG plot. Container names come from file names
 * and errors from lxc-start's output, so both may hold markup characters, control characters or
 * any Unicode; none of that may break the document.
 */
final class Xml {

    private Xml() {
    }

    /**
     * Escapes the five markup characters, writes everything beyond ASCII as a character reference
     * (so the document is valid whatever encoding the caller writes it in), turns line breaks and
     * tabs into spaces (SVG text is one line anyway) and replaces characters XML 1.0 forbids
     * outright, such as NUL or a lone surrogate, with U+FFFD.
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(cp -> {
            switch (cp) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\t', '\n', '\r' -> out.append(' ');
                default -> {
                    if (!allowed(cp)) {
                        out.append("&#xFFFD;");
                    } else if (cp > 0x7E) {
                        out.append("&#x").append(Integer.toHexString(cp).toUpperCase(Locale.ROOT)).append(';');
                    } else {
                        out.append((char) cp);
                    }
                }
            }
        });
        return out.toString();
    }

    /** The Char production of XML 1.0, less the whitespace controls handled above. */
    private static boolean allowed(int cp) {
        return (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
    }
}
