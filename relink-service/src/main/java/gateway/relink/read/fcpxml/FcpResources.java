package gateway.relink.read.fcpxml;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code resources} of a document, by id: formats, assets, media (compound / multicam), effects. */
final class FcpResources {
    /** A {@code format}: the rate is absent for formats without a frame duration (audio-only, stills). */
    record Format(String id, String name, FrameRate rate, Integer width, Integer height) {}

    /** A {@code media} resource: a compound clip ({@code sequence}) or a multicam ({@code multicam}). */
    record Media(String id, String name, String uid, FcpElement content) {
        boolean isMulticam() {
            return content.is("multicam");
        }
    }

    /** An {@code effect}: a transition, filter, title or generator template. */
    record Effect(String id, String name, String uid) {}

    private static final Pattern GATEWAY_ID = Pattern.compile("gateway-asset-id=([a-z0-9][a-z0-9-]{7,63})");

    private final String source;
    private final Map<String, Format> formats = new HashMap<>();
    private final Map<String, FcpAsset> assets = new HashMap<>();
    private final Map<String, Media> media = new HashMap<>();
    private final Map<String, Effect> effects = new HashMap<>();

    private FcpResources(String source) {
        this.source = source;
    }

    /** Reads every {@code resources} child of {@code root}. */
    static FcpResources of(FcpElement root, String source) {
        FcpResources r = new FcpResources(source);
        for (FcpElement resources : root.children("resources")) {
            for (FcpElement e : resources.children()) {
                String id = e.attr("id");
                if (id == null) {
                    continue;
                }
                switch (e.name()) {
                    case "format" -> r.formats.put(id, format(e));
                    case "asset" -> r.assets.put(id, asset(e));
                    case "media" -> r.media.put(id, media(e, source));
                    case "effect" -> r.effects.put(id, new Effect(id, e.attr("name", id), e.attr("uid")));
                    default -> {
                        // locators and other resources carry nothing a conform needs
                    }
                }
            }
        }
        return r;
    }

    Optional<Format> format(String id) {
        return Optional.ofNullable(id == null ? null : formats.get(id));
    }

    Optional<FcpAsset> asset(String id) {
        return Optional.ofNullable(id == null ? null : assets.get(id));
    }

    Optional<Media> media(String id) {
        return Optional.ofNullable(id == null ? null : media.get(id));
    }

    Optional<Effect> effect(String id) {
        return Optional.ofNullable(id == null ? null : effects.get(id));
    }

    /** The format {@code id} names; fails when the document does not define it. */
    Format requireFormat(String id, String where) {
        return format(id)
                .orElseThrow(() -> new GatewayException(
                        Reason.PARSE_ERROR,
                        source + ": " + where + " names format '" + id + "', which is not in resources"));
    }

    private static Format format(FcpElement e) {
        FrameRate rate = e.time("frameDuration")
                .map(d -> d.asFrameDuration("frameDuration of format '" + e.attr("id") + "'"))
                .orElse(null);
        return new Format(e.attr("id"), e.attr("name"), rate, integer(e.attr("width")), integer(e.attr("height")));
    }

    private static FcpAsset asset(FcpElement e) {
        String originalSrc = e.attr("src");
        String proxySrc = null;
        for (FcpElement rep : e.children("media-rep")) {
            String kind = rep.attr("kind", "original-media");
            if (kind.equals("original-media") && rep.attr("src") != null) {
                originalSrc = rep.attr("src");
            } else if (kind.equals("proxy-media") && rep.attr("src") != null) {
                proxySrc = rep.attr("src");
            }
        }
        return new FcpAsset(
                e.attr("id"),
                e.attr("name", e.attr("id")),
                e.attr("uid"),
                e.start(),
                e.duration(),
                e.flag("hasVideo", false),
                e.flag("hasAudio", false),
                integer(e.attr("audioChannels")),
                e.attr("audioRate"),
                e.attr("format"),
                MediaUrl.of(originalSrc),
                MediaUrl.of(proxySrc),
                gatewayAssetId(e));
    }

    private static Media media(FcpElement e, String source) {
        FcpElement content = e.child("sequence")
                .or(() -> e.child("multicam"))
                .orElseThrow(() -> new GatewayException(
                        Reason.PARSE_ERROR,
                        source + ": media '" + e.attr("id") + "' holds neither a sequence nor a multicam"));
        return new Media(e.attr("id"), e.attr("name", e.attr("id")), e.attr("uid"), content);
    }

    /** A gateway asset id kept in any {@code md} value of the asset's metadata. */
    private static String gatewayAssetId(FcpElement asset) {
        for (FcpElement metadata : asset.children("metadata")) {
            for (FcpElement md : metadata.children("md")) {
                String value = md.attr("value") != null ? md.attr("value") : md.text();
                Matcher m = GATEWAY_ID.matcher(value);
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        return null;
    }

    private static Integer integer(String v) {
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
