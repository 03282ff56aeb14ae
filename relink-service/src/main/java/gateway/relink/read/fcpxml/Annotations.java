package gateway.relink.read.fcpxml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an editor said about an item that does not change what it plays: keywords, ratings
 * (favourite / rejected ranges), its note and a title's text, as {@code fcpxml} metadata (times kept as written, in
 * the item's local time).
 */
final class Annotations {
    private Annotations() {}

    static Map<String, Object> of(FcpElement item) {
        Map<String, Object> md = new LinkedHashMap<>();
        List<Map<String, Object>> keywords = new ArrayList<>();
        List<Map<String, Object>> ratings = new ArrayList<>();
        for (FcpElement c : item.children()) {
            switch (c.name()) {
                case "keyword" -> keywords.add(ranged(c, c.attr("value", "")));
                case "rating" -> ratings.add(ranged(c, c.attr("value", "favorite")));
                case "note" -> md.put("note", c.text());
                case "text" -> md.put("text", c.text()); // a title's words
                default -> {
                    // other children are media, effects or markers, read elsewhere
                }
            }
        }
        if (!keywords.isEmpty()) {
            md.put("keywords", keywords);
        }
        if (!ratings.isEmpty()) {
            md.put("ratings", ratings);
        }
        return md;
    }

    private static Map<String, Object> ranged(FcpElement c, String value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", value);
        m.put("start", c.start().toString());
        m.put("duration", c.duration().toString());
        if (c.attr("note") != null) {
            m.put("note", c.attr("note"));
        }
        return m;
    }
}
