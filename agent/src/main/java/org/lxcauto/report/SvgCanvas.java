package org.lxcauto.report;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Accumulates SVG elements and the extent they cover, so the document can be sized after its
 * content is known (label lengths decide the width as much as the time axis does). Every piece
 * of text goes through {@link Xml#escape}: callers cannot forget it because they cannot bypass it.
 */
final class SvgCanvas {

    /** Rough advance of one character at the plot's 12 px sans-serif; only used to size the page. */
    private static final double CHAR_WIDTH = 7;
    private static final double MARGIN = 20;

    private final StringBuilder body = new StringBuilder();
    /** The class of every rectangle drawn so far, so a legend can explain exactly what is there. */
    private final Set<String> rectClasses = new LinkedHashSet<>();
    private double right;
    private double bottom;

    /** A rectangle; {@code tooltip} (may be null) becomes a {@code <title>} browsers show on hover. */
    void rect(String cssClass, double x, double y, double width, double height, String tooltip) {
        rectClasses.add(cssClass);
        body.append("<rect class=\"").append(Xml.escape(cssClass)).append("\" x=\"").append(num(x))
                .append("\" y=\"").append(num(y)).append("\" width=\"").append(num(width))
                .append("\" height=\"").append(num(height)).append('"');
        if (tooltip == null) {
            body.append("/>\n");
        } else {
            body.append("><title>").append(Xml.escape(tooltip)).append("</title></rect>\n");
        }
        cover(x + width, y + height);
    }

    /** Whether a rectangle was drawn whose class list holds every class in {@code cssClasses}. */
    boolean drew(String cssClasses) {
        List<String> wanted = List.of(cssClasses.split(" "));
        return rectClasses.stream().anyMatch(c -> List.of(c.split(" ")).containsAll(wanted));
    }

    void line(String cssClass, double x1, double y1, double x2, double y2) {
        body.append("<line class=\"").append(Xml.escape(cssClass)).append("\" x1=\"").append(num(x1))
                .append("\" y1=\"").append(num(y1)).append("\" x2=\"").append(num(x2)).append("\" y2=\"")
                .append(num(y2)).append("\"/>\n");
        cover(Math.max(x1, x2), Math.max(y1, y2));
    }

    /** Text with its baseline at {@code y}, starting at {@code x}. */
    void text(String cssClass, double x, double y, String content) {
        body.append("<text class=\"").append(Xml.escape(cssClass)).append("\" x=\"").append(num(x))
                .append("\" y=\"").append(num(y)).append("\">").append(Xml.escape(content)).append("</text>\n");
        cover(x + content.codePointCount(0, content.length()) * CHAR_WIDTH, y + 4);
    }

    /** The standalone document: XML declaration, sized root, white background, {@code css}, content. */
    String document(String css) {
        double width = Math.ceil(right + MARGIN);
        double height = Math.ceil(bottom + MARGIN);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(width) + "\" height=\"" + num(height)
                + "\" viewBox=\"0 0 " + num(width) + " " + num(height) + "\" font-family=\"sans-serif\" font-size=\"12\">\n"
                + "<style>\n" + css + "</style>\n"
                + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
                + body
                + "</svg>\n";
    }

    private void cover(double x, double y) {
        right = Math.max(right, x);
        bottom = Math.max(bottom, y);
    }

    /** One decimal is finer than a pixel; Locale.ROOT keeps it a point, as SVG requires. */
    private static String num(double value) {
        String text = String.format(Locale.ROOT, "%.1f", value);
        return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
    }
}
