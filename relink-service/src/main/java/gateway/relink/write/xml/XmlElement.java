package gateway.relink.write.xml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small XML element tree for the writers: attributes in insertion order, children or text, and
 * {@link #document} to print it indented with every text and attribute value escaped. Building a
 * tree first lets a writer add children to an element it made earlier (an FCPXML storyline anchored
 * to the first clip of the spine).
 */
public final class XmlElement {
    private final String tag;
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final List<XmlElement> children = new ArrayList<>();
    private String text;

    public XmlElement(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    /** Sets an attribute; a null value leaves it out. */
    public XmlElement attr(String name, Object value) {
        if (value != null) {
            attributes.put(name, value.toString());
        }
        return this;
    }

    /** A new child element, returned for filling in. */
    public XmlElement child(String childTag) {
        XmlElement c = new XmlElement(childTag);
        children.add(c);
        return c;
    }

    /** Adds {@code element} as the last child. */
    public XmlElement add(XmlElement element) {
        children.add(element);
        return this;
    }

    /** A child element holding only {@code value} as text (left out when the value is null). */
    public XmlElement leaf(String childTag, Object value) {
        if (value != null) {
            child(childTag).text = value.toString();
        }
        return this;
    }

    /** The element and its children, indented by tabs, after an XML declaration and {@code doctype}. */
    public String document(String doctype) {
        StringBuilder out = new StringBuilder(4096);
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        if (doctype != null) {
            out.append("<!DOCTYPE ").append(doctype).append(">\n");
        }
        print(out, 0);
        return out.toString();
    }

    private void print(StringBuilder out, int depth) {
        out.append("\t".repeat(depth)).append('<').append(tag);
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            out.append(' ').append(a.getKey()).append("=\"");
            escape(out, a.getValue(), true);
            out.append('"');
        }
        if (children.isEmpty() && text == null) {
            out.append("/>\n");
            return;
        }
        out.append('>');
        if (text != null) {
            escape(out, text, false);
        } else {
            out.append('\n');
            for (XmlElement c : children) {
                c.print(out, depth + 1);
            }
            out.append("\t".repeat(depth));
        }
        out.append("</").append(tag).append(">\n");
    }

    /** Escapes markup characters, and drops control characters XML 1.0 cannot hold. */
    private static void escape(StringBuilder out, String s, boolean attribute) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                case '\n' -> out.append(attribute ? "&#10;" : "\n");
                case '\t' -> out.append(attribute ? "&#9;" : "\t");
                case '\r' -> out.append("&#13;");
                default -> {
                    if (c >= 0x20 || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
    }
}
