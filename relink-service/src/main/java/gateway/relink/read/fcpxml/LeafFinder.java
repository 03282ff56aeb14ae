package gateway.relink.read.fcpxml;

import gateway.model.timeline.TrackKind;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * Finds what a story item plays for its picture and for its sound. A media element plays itself; a
 * {@code clip} or {@code sync-clip} plays the item of its own storyline at its start, or failing
 * that a bare {@code video}/{@code audio} anchored inside it (FCP anchors a clip's separate sound
 * as {@code <audio lane="-1">}); a {@code mc-clip} plays its active angle. Bare anchored leaves
 * that become a component are remembered as consumed, so they are not placed twice.
 */
final class LeafFinder {
    /** Compound clips nest; deeper than this is a cycle or an attack, not an edit. */
    static final int MAX_NESTING = gateway.relink.read.Edit.MAX_NESTING;

    private final FcpResources resources;
    private final Set<Element> consumed = new HashSet<>();

    LeafFinder(FcpResources resources) {
        this.resources = resources;
    }

    boolean isConsumed(FcpElement e) {
        return consumed.contains(e.dom());
    }

    /** The leaf {@code item} plays for {@code kind} at its local time {@code at}, if it plays any. */
    Optional<Leaf> find(FcpElement item, TrackKind kind, FcpTime at) {
        return switch (item.name()) {
            case "asset-clip" -> assetClip(item, kind);
            case "video" -> kind == TrackKind.VIDEO ? videoElement(item) : Optional.empty();
            case "audio" -> kind == TrackKind.AUDIO ? asset(item).map(a -> Leaf.identity(item, a)) : Optional.empty();
            case "title" -> kind == TrackKind.VIDEO ? Optional.of(generator(item, "title")) : Optional.empty();
            case "ref-clip" -> refClip(item, kind);
            case "mc-clip" -> multicam(item, kind, at);
            case "clip", "sync-clip" -> container(item, kind, at);
            default -> Optional.empty();
        };
    }

    private Optional<Leaf> assetClip(FcpElement item, TrackKind kind) {
        if (!enables(item, kind)) {
            return Optional.empty();
        }
        Optional<Leaf.Source> source = asset(item);
        if (source.isEmpty()) {
            // an asset-clip whose asset is missing still plays something: keep its name for the linker
            return unresolved(item, kind, "missing-asset");
        }
        FcpAsset a = ((Leaf.AssetSource) source.get()).asset();
        boolean any = !a.hasVideo() && !a.hasAudio();
        boolean has = any || (kind == TrackKind.VIDEO ? a.hasVideo() : a.hasAudio());
        return has ? Optional.of(Leaf.identity(item, source.get())) : Optional.empty();
    }

    /** An item whose resource is not in the document: one picture clip keeps its name for the linker. */
    private static Optional<Leaf> unresolved(FcpElement item, TrackKind kind, String what) {
        if (kind != TrackKind.VIDEO) {
            return Optional.empty();
        }
        return Optional.of(Leaf.identity(item, new Leaf.GeneratorSource(what, item.attr("ref"), null)));
    }

    private Optional<Leaf> videoElement(FcpElement item) {
        Optional<Leaf.Source> a = asset(item);
        if (a.isPresent()) {
            return Optional.of(Leaf.identity(item, a.get()));
        }
        return Optional.of(generator(item, "generator"));
    }

    private Optional<Leaf.Source> asset(FcpElement item) {
        return resources.asset(item.attr("ref")).map(Leaf.AssetSource::new);
    }

    private Leaf generator(FcpElement item, String kind) {
        String ref = item.attr("ref");
        return resources
                .effect(ref)
                .map(e -> Leaf.identity(item, new Leaf.GeneratorSource(e.name(), e.id(), e.uid())))
                .orElseGet(() -> Leaf.identity(item, new Leaf.GeneratorSource(kind, ref, null)));
    }

    private Optional<Leaf> refClip(FcpElement item, TrackKind kind) {
        if (!enables(item, kind)) {
            return Optional.empty();
        }
        Optional<FcpResources.Media> media = resources.media(item.attr("ref"));
        if (media.isEmpty()) {
            return unresolved(item, kind, "missing-media");
        }
        if (!carries(media.get().content(), kind)) {
            return Optional.empty();
        }
        return Optional.of(Leaf.identity(item, new Leaf.CompoundSource(media.get())));
    }

    /** The active angle of a multicam clip: the {@code mc-source} enabled for this component. */
    private Optional<Leaf> multicam(FcpElement item, TrackKind kind, FcpTime at) {
        Optional<FcpResources.Media> media = resources.media(item.attr("ref"));
        if (media.isEmpty() || !media.get().isMulticam()) {
            return unresolved(item, kind, "missing-multicam");
        }
        String wanted = kind == TrackKind.VIDEO ? "video" : "audio";
        for (FcpElement source : item.children("mc-source")) {
            String enable = source.attr("srcEnable", "all");
            if (!enable.equals("all") && !enable.equals(wanted)) {
                continue;
            }
            String angleId = source.attr("angleID");
            for (FcpElement angle : media.get().content().children("mc-angle")) {
                if (angleId != null && angleId.equals(angle.attr("angleID"))) {
                    Map<String, Object> facts = new LinkedHashMap<>();
                    facts.put("multicam", media.get().name());
                    facts.put("multicam_id", media.get().id());
                    facts.put("angle", angle.attr("name", angleId));
                    facts.put("angle_id", angleId);
                    // the angle's items sit in the multicam's time, which is the mc-clip's local time
                    return storyline(angle, kind, at).map(l -> l.withFacts(facts));
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Leaf> container(FcpElement item, TrackKind kind, FcpTime at) {
        if (kind == TrackKind.AUDIO && mutesStoryline(item)) {
            return Optional.empty();
        }
        Optional<Leaf> inStoryline = storyline(item, kind, at);
        if (inStoryline.isPresent()) {
            return inStoryline;
        }
        return bareAnchored(item, kind);
    }

    /** The leaf of the storyline item that covers {@code at} (or the first one), in {@code holder}'s time. */
    private Optional<Leaf> storyline(FcpElement holder, TrackKind kind, FcpTime at) {
        List<FcpElement> items = holder.primaryItems();
        FcpElement chosen = items.stream()
                .filter(p ->
                        p.offset().compareTo(at) <= 0 && at.compareTo(p.offset().plus(p.duration())) < 0)
                .findFirst()
                .orElse(items.isEmpty() ? null : items.get(0));
        if (chosen == null) {
            return Optional.empty();
        }
        FcpTime inChosen = chosen.start().plus(at.minus(chosen.offset()));
        Optional<Leaf> leaf = find(chosen, kind, inChosen).or(() -> bareAnchored(chosen, kind));
        return leaf.map(l -> l.seenFromParentOf(chosen));
    }

    /** A bare {@code video}/{@code audio} anchored to {@code holder}, in the holder's time. */
    private Optional<Leaf> bareAnchored(FcpElement holder, TrackKind kind) {
        String tag = kind == TrackKind.VIDEO ? "video" : "audio";
        for (FcpElement a : holder.anchoredItems()) {
            if (a.is(tag) && !consumed.contains(a.dom())) {
                Optional<Leaf> leaf = find(a, kind, a.start());
                if (leaf.isPresent()) {
                    consumed.add(a.dom());
                    return Optional.of(leaf.get().seenFromParentOf(a));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A sync-clip whose {@code sync-source sourceID="storyline"} turns an audio role off plays the
     * sound connected to it (placed on its own), not its camera's.
     */
    private static boolean mutesStoryline(FcpElement item) {
        if (!item.is("sync-clip")) {
            return false;
        }
        for (FcpElement s : item.children("sync-source")) {
            if ("storyline".equals(s.attr("sourceID"))) {
                for (FcpElement r : s.children("audio-role-source")) {
                    if (!r.flag("active", true)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** {@code srcEnable="all|video|audio"} on asset-clips and ref-clips. */
    private static boolean enables(FcpElement item, TrackKind kind) {
        String e = item.attr("srcEnable", "all");
        return e.equals("all") || e.equals(kind == TrackKind.VIDEO ? "video" : "audio");
    }

    /** Whether a compound's sequence holds anything with a picture (or a sound). */
    private boolean carries(FcpElement content, TrackKind kind) {
        return carries(content, kind, 0);
    }

    private boolean carries(FcpElement content, TrackKind kind, int depth) {
        if (depth > MAX_NESTING) {
            return false;
        }
        for (FcpElement c : content.children()) {
            boolean carries =
                    switch (c.name()) {
                        case "video", "title" -> kind == TrackKind.VIDEO;
                        case "audio" -> kind == TrackKind.AUDIO;
                        case "asset-clip" ->
                            resources
                                    .asset(c.attr("ref"))
                                    .map(a -> kind == TrackKind.VIDEO ? a.hasVideo() : a.hasAudio())
                                    .orElse(false);
                        case "ref-clip" ->
                            resources
                                    .media(c.attr("ref"))
                                    .map(m -> carries(m.content(), kind, depth + 1))
                                    .orElse(false);
                        case "mc-clip" -> true;
                        default -> false;
                    };
            if (carries || carries(c, kind, depth + 1)) {
                return true;
            }
        }
        return false;
    }
}
