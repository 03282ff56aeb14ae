package gateway.agent;

import gateway.model.time.FrameRate;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An FCPXML 1.10 document holding one event with every asset of a bin, for Final Cut Pro's File >
 * Import > XML: per asset a {@code format} (by rate), an {@code asset} with a {@code media-rep
 * kind="original-media"} (the original's path on the storage) and a {@code kind="proxy-media"}
 * (the agent's stable proxy path), its start timecode and duration, whether it has a picture (a
 * Broadcast WAV has none: {@code hasVideo="0"}, its format still gives its timecode rate), its audio
 * layout (sources, channels, rate) and the gateway asset id in its metadata (the key relink-service's FCPXML writer
 * uses, which our reader finds); and in the event an {@code asset-clip} per asset with its reel
 * ({@code com.apple.proapps.studio.reel}, as FCP keeps it) and its timecode format (DF or NDF). Times are exact: frames x frame
 * duration, in seconds.
 *
 * <p>relink-service's {@code FcpXmlWriter} writes timelines (a project with a spine), with a
 * stereo audio layout and no reel; a bin is neither, hence this small writer.
 */
final class FcpXmlBin {
    static final String VERSION = "1.10";
    static final String REEL_KEY = "com.apple.proapps.studio.reel";
    static final String ASSET_ID_KEY = "com.editorial-gateway.asset-id";

    private FcpXmlBin() {}

    static String write(String eventName, List<BinAsset> assets) {
        StringBuilder resources = new StringBuilder();
        Map<FrameRate, String> formats = new LinkedHashMap<>();
        StringBuilder clips = new StringBuilder();
        int next = 1;
        for (BinAsset a : assets) {
            String format = formats.get(a.rate());
            if (format == null) {
                format = "r" + next++;
                formats.put(a.rate(), format);
                resources
                        .append("    <format id=\"")
                        .append(format)
                        .append("\" frameDuration=\"")
                        .append(time(1, a.rate()))
                        .append("\"/>\n");
            }
            String id = "r" + next++;
            String start = time(a.start().toFrames(), a.rate());
            String duration = time(a.durationFrames(), a.rate());
            resources
                    .append("    <asset id=\"")
                    .append(id)
                    .append("\" name=\"")
                    .append(xml(a.name()))
                    .append("\" start=\"")
                    .append(start)
                    .append("\" duration=\"")
                    .append(duration)
                    .append("\" hasVideo=\"")
                    .append(a.hasVideo() ? "1" : "0")
                    .append("\" format=\"")
                    .append(format)
                    .append("\" hasAudio=\"")
                    .append(a.audioChannels() > 0 ? "1" : "0")
                    .append('"');
            if (a.audioChannels() > 0) {
                resources
                        .append(" audioSources=\"")
                        .append(a.audioSources())
                        .append("\" audioChannels=\"")
                        .append(a.audioChannels())
                        .append("\" audioRate=\"")
                        .append(a.audioRate())
                        .append('"');
            }
            resources.append(">\n");
            String original = a.originalPath() != null
                    ? url(a.originalPath())
                    : url(a.proxy().toString());
            resources
                    .append("      <media-rep kind=\"original-media\" src=\"")
                    .append(xml(original))
                    .append("\"/>\n");
            resources
                    .append("      <media-rep kind=\"proxy-media\" src=\"")
                    .append(xml(url(a.proxy().toString())))
                    .append("\"/>\n");
            resources
                    .append("      <metadata>\n        <md key=\"")
                    .append(ASSET_ID_KEY)
                    .append("\" value=\"gateway-asset-id=")
                    .append(xml(a.assetId()))
                    .append("\"/>\n      </metadata>\n");
            resources.append("    </asset>\n");
            clips.append("      <asset-clip ref=\"")
                    .append(id)
                    .append("\" name=\"")
                    .append(xml(a.name()))
                    .append("\" start=\"")
                    .append(start)
                    .append("\" duration=\"")
                    .append(duration)
                    .append("\" format=\"")
                    .append(format)
                    .append("\" tcFormat=\"")
                    .append(a.start().dropFrame() ? "DF" : "NDF")
                    .append('"');
            if (a.reel() == null) {
                clips.append("/>\n");
            } else {
                clips.append(">\n        <metadata>\n          <md key=\"")
                        .append(REEL_KEY)
                        .append("\" value=\"")
                        .append(xml(a.reel()))
                        .append("\"/>\n        </metadata>\n      </asset-clip>\n");
            }
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE fcpxml>\n<fcpxml version=\"" + VERSION
                + "\">\n  <resources>\n" + resources + "  </resources>\n  <library>\n    <event name=\""
                + xml(eventName) + "\">\n" + clips + "    </event>\n  </library>\n</fcpxml>\n";
    }

    /** {@code frames} frames at {@code rate} in FCPXML's rational seconds ("1001/24000s", "90000/25s"). */
    static String time(long frames, FrameRate rate) {
        long num = frames * rate.denominator();
        long den = rate.numerator();
        long g = gcd(Math.abs(num), den);
        num /= g;
        den /= g;
        return den == 1 ? num + "s" : num + "/" + den + "s";
    }

    private static long gcd(long a, long b) {
        return b == 0 ? Math.max(a, 1) : gcd(b, a % b);
    }

    /** A file URL; a path that is already a URL stays as it is. */
    static String url(String path) {
        if (path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            return path;
        }
        if (path.matches("^[A-Za-z]:[\\\\/].*") || path.startsWith("\\\\")) {
            return URI.create("file:///" + path.replace('\\', '/').replace(" ", "%20"))
                    .toASCIIString();
        }
        return Path.of(path).toAbsolutePath().toUri().toASCIIString();
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
