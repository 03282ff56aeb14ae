package gateway.relink.read.fcp7;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An element as JSON-shaped metadata, for what the reader carries but does not interpret (effect
 * parameters, generator settings): attributes as "@name", a leaf as its text, a repeated tag as a
 * list, nested elements as maps. Tags in {@code skip} are left out.
 */
final class XmlJson {
    private XmlJson() {}

    static Map<String, Object> of(XmlNode node, Set<String> skip) {
        Map<String, Object> out = new LinkedHashMap<>();
        org.w3c.dom.NamedNodeMap attrs = node.element().getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            out.put("@" + attrs.item(i).getNodeName(), attrs.item(i).getNodeValue());
        }
        for (XmlNode child : node.elements()) {
            if (skip.contains(child.tag())) {
                continue;
            }
            Object value = child.hasElements() ? of(child, Set.of()) : child.text();
            Object previous = out.get(child.tag());
            if (previous == null) {
                out.put(child.tag(), value);
            } else if (previous instanceof ListOf list) {
                list.values.add(value);
            } else {
                ListOf list = new ListOf();
                list.values.add(previous);
                list.values.add(value);
                out.put(child.tag(), list);
            }
        }
        out.replaceAll((k, v) -> v instanceof ListOf l ? List.copyOf(l.values) : v);
        return out;
    }

    /** Marks a value that is already a list of repeated tags (a map value could be a list too). */
    private static final class ListOf {
        final List<Object> values = new ArrayList<>();
    }
}
