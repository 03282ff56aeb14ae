package gateway.relink.read.fcp7;

import java.util.HashMap;
import java.util.Map;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * xmeml's id references: the first element (in document order) with a given tag and {@code id}
 * that has content defines it; a later {@code <file id="file-1"/>} refers back to it. Ids are kept
 * per tag, since files, clip items and sequences number themselves independently.
 */
final class IdTable {
    private final Map<String, XmlNode> definitions = new HashMap<>();

    IdTable(Element root) {
        NodeList all = root.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.hasAttribute("id")) {
                XmlNode node = new XmlNode(e);
                if (node.hasElements()) {
                    definitions.putIfAbsent(key(e.getTagName(), e.getAttribute("id")), node);
                }
            }
        }
    }

    /** The defining element for {@code node} (itself when it has no id or is the definition). */
    XmlNode resolve(XmlNode node) {
        String id = node.id();
        if (id == null) {
            return node;
        }
        return definitions.getOrDefault(key(node.tag(), id), node);
    }

    private static String key(String tag, String id) {
        return tag + '\u0000' + id;
    }
}
