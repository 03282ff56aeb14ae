package gateway.relink.read.fcp7;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** A read-only view of one xmeml element: its child elements by tag, their text, its attributes. */
record XmlNode(Element element) {

    String tag() {
        return element.getTagName();
    }

    /** The {@code id} attribute, or null. */
    String id() {
        return element.hasAttribute("id") ? element.getAttribute("id") : null;
    }

    String attribute(String name) {
        return element.hasAttribute(name) ? element.getAttribute(name) : null;
    }

    /** Element children, in document order. */
    List<XmlNode> elements() {
        List<XmlNode> out = new ArrayList<>();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(new XmlNode(e));
            }
        }
        return out;
    }

    List<XmlNode> children(String tag) {
        List<XmlNode> out = new ArrayList<>();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                out.add(new XmlNode(e));
            }
        }
        return out;
    }

    Optional<XmlNode> child(String tag) {
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return Optional.of(new XmlNode(e));
            }
        }
        return Optional.empty();
    }

    /** The child at a slash-separated path ("rate/timebase"). */
    Optional<XmlNode> at(String path) {
        Optional<XmlNode> current = Optional.of(this);
        for (String step : path.split("/")) {
            current = current.flatMap(n -> n.child(step));
        }
        return current;
    }

    /** The trimmed text of the child at {@code path}; empty when absent or blank. */
    Optional<String> text(String path) {
        return at(path).map(XmlNode::text).filter(s -> !s.isEmpty());
    }

    /** This element's own trimmed text content. */
    String text() {
        return element.getTextContent().strip();
    }

    boolean hasElements() {
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element) {
                return true;
            }
        }
        return false;
    }

    /** TRUE/FALSE flag at {@code path}; {@code otherwise} when absent. */
    boolean flag(String path, boolean otherwise) {
        return text(path).map(s -> s.equalsIgnoreCase("TRUE") || s.equals("1")).orElse(otherwise);
    }

    /** "clipitem-3" or "clipitem" — how messages name the element. */
    String label() {
        String id = id();
        return id == null ? tag() : id;
    }
}
