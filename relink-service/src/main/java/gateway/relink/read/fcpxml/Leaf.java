package gateway.relink.read.fcpxml;

import java.util.Map;

/**
 * What a story item plays for one component (its picture or its sound) and how its local time
 * maps to the played media's time: {@code media(t) = mediaStart + (t - position)}, with {@code t}
 * and {@code position} in the item's local time.
 */
record Leaf(FcpElement element, FcpTime position, FcpTime mediaStart, Source source, Map<String, Object> facts) {

    /** Where a leaf's media comes from. */
    sealed interface Source permits AssetSource, GeneratorSource, CompoundSource {}

    record AssetSource(FcpAsset asset) implements Source {}

    /** A title or generator ({@code effect} resource), or a reference we could not resolve. */
    record GeneratorSource(String kind, String effectId, String uid) implements Source {}

    record CompoundSource(FcpResources.Media media) implements Source {}

    /** A leaf whose local time is its media time ({@code asset-clip}, {@code video}, {@code audio}). */
    static Leaf identity(FcpElement element, Source source) {
        return new Leaf(element, FcpTime.ZERO, FcpTime.ZERO, source, Map.of());
    }

    FcpTime mediaAt(FcpTime local) {
        return mediaStart.plus(local.minus(position));
    }

    /**
     * This leaf, found inside {@code holder}, seen from the holder's parent: the holder sits at
     * {@code holder.offset} in the parent's local time and its own local time starts at {@code holder.start}.
     */
    Leaf seenFromParentOf(FcpElement holder) {
        return new Leaf(element, holder.offset().plus(position.minus(holder.start())), mediaStart, source, facts);
    }

    Leaf withFacts(Map<String, Object> more) {
        java.util.Map<String, Object> all = new java.util.LinkedHashMap<>(facts);
        all.putAll(more);
        return new Leaf(element, position, mediaStart, source, all);
    }
}
