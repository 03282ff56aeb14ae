package gateway.relink.read.fcpxml;

import gateway.model.time.TimeRange;
import gateway.model.timeline.Clip;
import gateway.model.timeline.Effect;
import gateway.model.timeline.ExternalReference;
import gateway.model.timeline.GeneratorReference;
import gateway.model.timeline.MediaReference;
import gateway.model.timeline.Metadata;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.Representation;
import gateway.model.timeline.TrackKind;
import gateway.relink.read.Edit;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Makes the clip for one component (picture or sound) of a story item: its track range and source
 * range on the sequence's frame grid, its references (ORIGINAL always, as a {@link MissingReference}
 * for the linker; PROXY as an {@link ExternalReference} when the asset has a proxy media-rep), its
 * markers, time effects, sound level and adjustments ({@link Volume}, on the sound clip) and metadata ({@value Edit#NAMESPACE} and {@code fcpxml} namespaces).
 */
final class ClipMaker {
    /** The metadata key FCP keeps a clip's reel (tape) name under. */
    static final String REEL_KEY = "com.apple.proapps.studio.reel";

    private final FrameGrid grid;
    private final boolean sequenceDropFrame;
    private final Function<String, String> effectName;

    /** {@code effectName}: the name of the effect resource with an id (null when there is none). */
    ClipMaker(FrameGrid grid, boolean sequenceDropFrame, Function<String, String> effectName) {
        this.grid = grid;
        this.sequenceDropFrame = sequenceDropFrame;
        this.effectName = effectName;
    }

    /** What is known about the item being made, beyond its element. */
    record Context(
            FcpTime absoluteStart,
            int lane,
            String event,
            Retime retime,
            Map<String, Object> extra,
            StoryWalker.Window window) {}

    /** The placement of the component, cut to the window; empty when the window hides all of it. */
    Optional<Placement> make(FcpElement item, TrackKind kind, Leaf leaf, Context ctx) {
        boolean split = kind == TrackKind.AUDIO && item.attr("audioStart") != null;
        FcpTime local = kind == TrackKind.AUDIO ? item.time("audioStart", item.start()) : item.start();
        FcpTime duration = kind == TrackKind.AUDIO ? item.time("audioDuration", item.duration()) : item.duration();
        FcpTime absolute = ctx.absoluteStart().plus(local.minus(item.start()));
        FcpTime[] shown = ctx.window().clip(absolute, absolute.plus(duration));
        if (shown == null) {
            return Optional.empty();
        }
        local = local.plus(shown[0].minus(absolute));
        absolute = shown[0];
        duration = shown[1].minus(shown[0]);
        String what = item.describe()
                + (kind == TrackKind.AUDIO ? " (sound" : " (picture")
                + (item.attr("offset") != null ? ", offset " + item.attr("offset") + ")" : ")");
        List<String> problems = new ArrayList<>();
        long start = grid.position(absolute, "the position of " + what, ctx.event(), problems);
        long end = grid.position(absolute.plus(duration), "the end of " + what, ctx.event(), problems);
        FcpTime mediaStart = leaf.mediaAt(ctx.retime().map(local));
        long source = grid.frames(mediaStart, "the source start of " + what, ctx.event(), problems);
        long frames = Math.max(0, end - start);
        List<Effect> effects = new ArrayList<>(ctx.retime().effects());
        ctx.retime()
                .ramp(
                        local,
                        leaf,
                        grid.rate(),
                        source,
                        m -> problems.add(grid.findings().note(ctx.event(), m)))
                .ifPresent(effects::add);
        if (kind == TrackKind.AUDIO) {
            effects.addAll(Volume.of(
                    item,
                    local,
                    grid.rate(),
                    effectName,
                    m -> problems.add(grid.findings().inconsistency(ctx.event(), m))));
        }

        Map<Representation, MediaReference> refs = references(leaf, reel(item));
        Map<String, Object> fcp = facts(item, kind, leaf, ctx, split);
        Clip clip = new Clip(
                name(item, leaf),
                TimeRange.of(source, frames, grid.rate()),
                refs,
                Representation.ORIGINAL,
                effects,
                new Markers(grid, ctx.event()).of(item, leaf, ctx.retime(), problems),
                item.enabled(),
                Metadata.empty());
        Map<String, Object> edit = new LinkedHashMap<>();
        edit.put("event", ctx.event());
        edit.put("line", 0L);
        edit.put("drop_frame", dropFrame(item));
        if (leaf.source() instanceof Leaf.CompoundSource c) {
            edit.put(Edit.NEST_KEY, c.media().id());
        }
        if (!problems.isEmpty()) {
            edit.put("problems", List.copyOf(problems));
        }
        Metadata md = Metadata.empty().with(Edit.NAMESPACE, edit).with("fcpxml", fcp);
        if (leaf.source() instanceof Leaf.AssetSource a && a.asset().gatewayAssetId() != null) {
            md = md.withIn("gateway", "asset_id", a.asset().gatewayAssetId());
        }
        return Optional.of(new Placement(ctx.lane(), kind, start, start + frames, clip.withMetadata(md)));
    }

    private boolean dropFrame(FcpElement item) {
        String tc = item.attr("tcFormat");
        boolean df = tc == null ? sequenceDropFrame : tc.equals("DF");
        return df && grid.rate().supportsDropFrame();
    }

    private static String name(FcpElement item, Leaf leaf) {
        String n = item.attr("name");
        if (n != null && !n.isBlank()) {
            return n;
        }
        return switch (leaf.source()) {
            case Leaf.AssetSource a -> a.asset().name();
            case Leaf.CompoundSource c -> c.media().name();
            case Leaf.GeneratorSource g -> g.kind();
        };
    }

    /** The reel FCP keeps in the clip's metadata ({@value #REEL_KEY}); null when none. */
    private static String reel(FcpElement item) {
        for (FcpElement metadata : item.children("metadata")) {
            for (FcpElement md : metadata.children("md")) {
                String value = md.attr("value");
                if (REEL_KEY.equals(md.attr("key")) && value != null && !value.isBlank()) {
                    return value;
                }
            }
        }
        return null;
    }

    private Map<Representation, MediaReference> references(Leaf leaf, String reel) {
        Map<Representation, MediaReference> refs = new EnumMap<>(Representation.class);
        switch (leaf.source()) {
            case Leaf.AssetSource a -> {
                FcpAsset asset = a.asset();
                Metadata md = Metadata.empty().with("fcpxml", asset.facts());
                MediaUrl original = asset.original();
                refs.put(
                        Representation.ORIGINAL,
                        new MissingReference(
                                reel,
                                asset.name(),
                                original == null ? null : original.fileName(),
                                original == null ? null : original.path(),
                                md));
                if (asset.proxy() != null) {
                    refs.put(
                            Representation.PROXY,
                            new ExternalReference(asset.proxy().path(), available(asset), md));
                }
            }
            case Leaf.CompoundSource c -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("kind", "compound");
                m.put("media_id", c.media().id());
                if (c.media().uid() != null) {
                    m.put("media_uid", c.media().uid());
                }
                refs.put(
                        Representation.ORIGINAL,
                        new MissingReference(
                                null,
                                c.media().name(),
                                null,
                                null,
                                Metadata.empty().with("fcpxml", m)));
            }
            case Leaf.GeneratorSource g -> {
                Map<String, Object> m = new LinkedHashMap<>();
                if (g.effectId() != null) {
                    m.put("ref", g.effectId());
                }
                if (g.uid() != null) {
                    m.put("uid", g.uid());
                }
                Metadata md = Metadata.empty().with("fcpxml", m);
                refs.put(
                        Representation.ORIGINAL,
                        g.kind().startsWith("missing-")
                                ? new MissingReference(
                                        null, null, null, null, md.withIn("fcpxml", "unresolved", g.kind()))
                                : new GeneratorReference(g.kind(), md));
            }
        }
        return refs;
    }

    /** The whole frames an asset holds, in its own time at the sequence rate (null when none). */
    private TimeRange available(FcpAsset asset) {
        long first = asset.start().frames(grid.rate(), RoundingMode.CEILING);
        long end = asset.start().plus(asset.duration()).frames(grid.rate(), RoundingMode.FLOOR);
        return end > first ? TimeRange.of(first, end - first, grid.rate()) : null;
    }

    private static Map<String, Object> facts(FcpElement item, TrackKind kind, Leaf leaf, Context ctx, boolean split) {
        Map<String, Object> md = new LinkedHashMap<>();
        md.put("element", item.name());
        md.put("component", kind == TrackKind.VIDEO ? "video" : "audio");
        md.put("lane", (long) ctx.lane());
        putIfPresent(md, "ref", item.attr("ref"));
        md.put("offset", item.offset().toString());
        md.put("start", item.start().toString());
        md.put("duration", item.duration().toString());
        if (split) {
            md.put("audio_start", item.attr("audioStart"));
            putIfPresent(md, "audio_duration", item.attr("audioDuration"));
        }
        putIfPresent(md, "src_enable", item.attr("srcEnable"));
        putIfPresent(md, "tc_format", item.attr("tcFormat"));
        putIfPresent(md, "video_role", item.attr("videoRole"));
        String audioRole = item.attr("audioRole") != null
                ? item.attr("audioRole")
                : leaf.element().attr("role");
        if (kind == TrackKind.AUDIO) {
            putIfPresent(md, "audio_role", audioRole);
            putIfPresent(md, "src_ch", leaf.element().attr("srcCh"));
        } else if (item.attr("audioRole") != null) {
            md.put("audio_role", item.attr("audioRole"));
        }
        if (leaf.element().dom() != item.dom()) {
            md.put("media_element", leaf.element().name());
            putIfPresent(md, "media_ref", leaf.element().attr("ref"));
        }
        if (leaf.source() instanceof Leaf.AssetSource a) {
            md.putAll(a.asset().facts());
        }
        md.putAll(leaf.facts());
        md.putAll(ctx.retime().facts());
        md.putAll(Annotations.of(item));
        md.putAll(ctx.extra());
        return md;
    }

    private static void putIfPresent(Map<String, Object> md, String key, String value) {
        if (value != null) {
            md.put(key, value);
        }
    }
}
