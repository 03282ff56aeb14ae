package gateway.relink.read.fcpxml;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** One FCPXML element with its attributes read as FCPXML means them (times, lanes, flags). */
record FcpElement(Element dom) {

    /** The elements that sit in a storyline and take time. */
    static final Set<String> STORY_ITEMS = Set.of(
            "asset-clip",
            "clip",
            "video",
            "audio",
            "gap",
            "transition",
            "ref-clip",
            "sync-clip",
            "mc-clip",
            "title",
            "spine",
            "live-drawing");

    String name() {
        String local = dom.getLocalName();
        return local != null ? local : dom.getTagName();
    }

    boolean is(String tag) {
        return name().equals(tag);
    }

    boolean isStoryItem() {
        return STORY_ITEMS.contains(name());
    }

    /** The attribute's value, or null when it is absent. */
    String attr(String attribute) {
        return dom.hasAttribute(attribute) ? dom.getAttribute(attribute) : null;
    }

    String attr(String attribute, String fallback) {
        String v = attr(attribute);
        return v == null ? fallback : v;
    }

    /** A time attribute, or {@code fallback} when it is absent. */
    FcpTime time(String attribute, FcpTime fallback) {
        String v = attr(attribute);
        return v == null ? fallback : FcpTime.parse(v, attribute + " of " + describe());
    }

    Optional<FcpTime> time(String attribute) {
        String v = attr(attribute);
        return v == null ? Optional.empty() : Optional.of(FcpTime.parse(v, attribute + " of " + describe()));
    }

    FcpTime offset() {
        return time("offset", FcpTime.ZERO);
    }

    FcpTime start() {
        return time("start", FcpTime.ZERO);
    }

    FcpTime duration() {
        return time("duration", FcpTime.ZERO);
    }

    boolean hasLane() {
        return dom.hasAttribute("lane");
    }

    /** The lane relative to the parent storyline: 0 in the storyline, +N above, -N below. */
    int lane() {
        String v = attr("lane");
        if (v == null) {
            return 0;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new GatewayException(
                    Reason.PARSE_ERROR, "lane '" + v + "' of " + describe() + " is not a whole number");
        }
    }

    /** "1"/"0" flags; absent means {@code fallback}. */
    boolean flag(String attribute, boolean fallback) {
        String v = attr(attribute);
        return v == null ? fallback : v.trim().equals("1") || v.trim().equalsIgnoreCase("true");
    }

    /** Whether the element is enabled ({@code enabled="0"} turns it off). */
    boolean enabled() {
        return flag("enabled", true);
    }

    List<FcpElement> children() {
        List<FcpElement> out = new ArrayList<>();
        for (Node n = dom.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(new FcpElement(e));
            }
        }
        return out;
    }

    List<FcpElement> children(String tag) {
        return children().stream().filter(c -> c.is(tag)).toList();
    }

    Optional<FcpElement> child(String tag) {
        return children().stream().filter(c -> c.is(tag)).findFirst();
    }

    /** The story items of this element's own storyline (no lane attribute). */
    List<FcpElement> primaryItems() {
        return children().stream()
                .filter(c -> c.isStoryItem() && !c.hasLane() && !c.is("transition"))
                .toList();
    }

    /** The story items anchored to this element (with a lane), secondary storylines included. */
    List<FcpElement> anchoredItems() {
        return children().stream()
                .filter(c -> c.isStoryItem() && (c.hasLane() || c.is("spine")))
                .toList();
    }

    String text() {
        return dom.getTextContent() == null ? "" : dom.getTextContent().strip();
    }

    /** "asset-clip 'A001C003'" for messages. */
    String describe() {
        String n = attr("name");
        return n == null || n.isBlank() ? name() : name() + " '" + n + "'";
    }
}
