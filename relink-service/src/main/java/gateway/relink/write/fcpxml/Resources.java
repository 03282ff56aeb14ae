package gateway.relink.write.fcpxml;

import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.model.timeline.Clip;
import gateway.model.timeline.ExternalReference;
import gateway.model.timeline.GeneratorReference;
import gateway.model.timeline.ImageSequenceReference;
import gateway.model.timeline.MediaReference;
import gateway.model.timeline.MissingReference;
import gateway.model.timeline.Representation;
import gateway.model.timeline.TrackKind;
import gateway.relink.time.Seconds;
import gateway.relink.write.xml.FileUrl;
import gateway.relink.write.xml.XmlElement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code resources} of an FCPXML document, ids {@code r1, r2 ...} in the order they are first
 * needed: a {@code format} per frame rate, an {@code asset} per piece of media (its
 * {@code media-rep kind="original-media"} from the clip's ORIGINAL reference and
 * {@code kind="proxy-media"} from its PROXY reference, the gateway asset id in its metadata), and an
 * {@code effect} per transition or generator. An asset's {@code start} and {@code duration} cover its
 * known available range, or else every frame the clips use (transition overlaps included).
 */
final class Resources {
    /** The key FCP keeps the gateway's asset id under; the reader finds {@code gateway-asset-id=...} in any value. */
    static final String ASSET_ID_KEY = "com.editorial-gateway.asset-id";

    static final class Asset {
        final String id;
        final String name;
        final FrameRate rate;
        final String original;
        final String proxy;
        final String gatewayId;
        final TimeRange available;
        Seconds first;
        Seconds end;
        boolean video;
        boolean audio;

        Asset(
                String id,
                String name,
                FrameRate rate,
                String original,
                String proxy,
                String gatewayId,
                TimeRange available) {
            this.id = id;
            this.name = name;
            this.rate = rate;
            this.original = original;
            this.proxy = proxy;
            this.gatewayId = gatewayId;
            this.available = available;
        }

        Seconds start() {
            if (available != null) {
                Seconds a = Seconds.of(available.start().value(), available.rate());
                return first == null ? a : a.min(first);
            }
            return first == null ? Seconds.ZERO : first;
        }

        Seconds duration() {
            Seconds last = end == null ? start() : end;
            if (available != null) {
                last = last.max(Seconds.of(available.endExclusive().value(), available.rate()));
            }
            return last.minus(start());
        }
    }

    private final List<Supplier<XmlElement>> order = new ArrayList<>();
    private final Map<FrameRate, String> formats = new HashMap<>();
    private final Map<String, Asset> assets = new LinkedHashMap<>();
    private final Map<String, String> effects = new HashMap<>();
    private final int width;
    private final int height;

    Resources(int width, int height) {
        this.width = width;
        this.height = height;
    }

    private String nextId() {
        return "r" + (order.size() + 1);
    }

    String format(FrameRate rate) {
        String known = formats.get(rate);
        if (known != null) {
            return known;
        }
        String id = nextId();
        formats.put(rate, id);
        order.add(() -> new XmlElement("format")
                .attr("id", id)
                .attr("frameDuration", Seconds.of(1, rate).on(rate))
                .attr("width", width)
                .attr("height", height));
        return id;
    }

    String effect(String name, String uid) {
        String key = name + "\u0000" + uid;
        String known = effects.get(key);
        if (known != null) {
            return known;
        }
        String id = nextId();
        effects.put(key, id);
        order.add(
                () -> new XmlElement("effect").attr("id", id).attr("name", name).attr("uid", uid));
        return id;
    }

    /** The asset {@code clip} plays on a track of {@code kind}, using its media from {@code first} to {@code end}. */
    Asset asset(Clip clip, TrackKind kind, Seconds first, Seconds end) {
        MediaReference original = clip.reference(Representation.ORIGINAL).orElse(clip.activeReference());
        String originalSrc = src(original);
        String proxySrc =
                clip.reference(Representation.PROXY).map(Resources::src).orElse(null);
        FrameRate rate = clip.sourceRange().rate();
        String name = name(clip, original);
        if (originalSrc == null) {
            originalSrc = FileUrl.encode(name);
        }
        String key = originalSrc + "\u0000" + proxySrc + "\u0000" + rate;
        Asset a = assets.get(key);
        if (a == null) {
            String id = nextId();
            TimeRange available =
                    original.availableRange().filter(r -> r.rate().equals(rate)).orElse(null);
            String gatewayId = clip.metadata()
                    .namespace("gateway")
                    .string("asset_id")
                    .or(() -> original.metadata().namespace("gateway").string("asset_id"))
                    .orElse(null);
            Asset made = new Asset(id, name, rate, originalSrc, proxySrc, gatewayId, available);
            assets.put(key, made);
            order.add(() -> element(made));
            a = made;
        }
        a.first = a.first == null ? first : a.first.min(first);
        a.end = a.end == null ? end : a.end.max(end);
        if (kind == TrackKind.VIDEO) {
            a.video = true;
        } else {
            a.audio = true;
        }
        format(rate);
        return a;
    }

    XmlElement element() {
        XmlElement resources = new XmlElement("resources");
        order.forEach(s -> resources.add(s.get()));
        return resources;
    }

    private XmlElement element(Asset a) {
        XmlElement e = new XmlElement("asset")
                .attr("id", a.id)
                .attr("name", a.name)
                .attr("start", a.start().on(a.rate))
                .attr("duration", a.duration().on(a.rate))
                .attr("hasVideo", a.video ? "1" : "0")
                .attr("hasAudio", a.audio ? "1" : "0")
                .attr("format", formats.get(a.rate));
        if (a.audio) {
            e.attr("audioSources", "1").attr("audioChannels", "2").attr("audioRate", "48000");
        }
        e.child("media-rep").attr("kind", "original-media").attr("src", a.original);
        if (a.proxy != null) {
            e.child("media-rep").attr("kind", "proxy-media").attr("src", a.proxy);
        }
        if (a.gatewayId != null) {
            e.child("metadata").child("md").attr("key", ASSET_ID_KEY).attr("value", "gateway-asset-id=" + a.gatewayId);
        }
        return e;
    }

    private static String src(MediaReference ref) {
        return switch (ref) {
            case ExternalReference e -> FileUrl.fcpxml(e.target());
            case MissingReference m ->
                m.path() != null
                        ? FileUrl.fcpxml(m.path())
                        : m.sourceFile() != null ? FileUrl.encode(m.sourceFile()) : null;
            case ImageSequenceReference s -> FileUrl.fcpxml(s.targetFor(s.startFrame()));
            case GeneratorReference g -> null;
        };
    }

    private static String name(Clip clip, MediaReference ref) {
        if (ref instanceof MissingReference m
                && m.clipName() != null
                && !m.clipName().isBlank()) {
            return m.clipName();
        }
        String file =
                switch (ref) {
                    case ExternalReference e -> e.fileName();
                    case MissingReference m -> m.sourceFile();
                    default -> null;
                };
        if (file != null && !file.isBlank()) {
            int dot = file.lastIndexOf('.');
            return dot > 0 ? file.substring(0, dot) : file;
        }
        return clip.name().isBlank() ? "clip" : clip.name();
    }
}
