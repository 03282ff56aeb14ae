package gateway.proxy.probe;

import java.util.Locale;
import java.util.Map;

/** The short lower-case codec names of the catalogue ("prores", "h264", "pcm" ...), from what files say. */
final class CodecName {
    private static final Map<String, String> QUICKTIME = Map.ofEntries(
            Map.entry("apch", "prores"),
            Map.entry("apcn", "prores"),
            Map.entry("apcs", "prores"),
            Map.entry("apco", "prores"),
            Map.entry("ap4h", "prores"),
            Map.entry("ap4x", "prores"),
            Map.entry("aprn", "prores-raw"),
            Map.entry("aprh", "prores-raw"),
            Map.entry("avc1", "h264"),
            Map.entry("avc3", "h264"),
            Map.entry("hvc1", "hevc"),
            Map.entry("hev1", "hevc"),
            Map.entry("AVdn", "dnxhd"),
            Map.entry("AVdh", "dnxhd"),
            Map.entry("mp4v", "mpeg4"),
            Map.entry("jpeg", "mjpeg"),
            Map.entry("mjpa", "mjpeg"),
            Map.entry("mjpb", "mjpeg"),
            Map.entry("v210", "v210"),
            Map.entry("raw ", "rawvideo"),
            Map.entry("2vuy", "rawvideo"),
            Map.entry("sowt", "pcm"),
            Map.entry("twos", "pcm"),
            Map.entry("lpcm", "pcm"),
            Map.entry("in24", "pcm"),
            Map.entry("in32", "pcm"),
            Map.entry("fl32", "pcm"),
            Map.entry("fl64", "pcm"),
            Map.entry("NONE", "pcm"),
            Map.entry("mp4a", "aac"),
            Map.entry("ac-3", "ac3"),
            Map.entry("ec-3", "eac3"),
            Map.entry("alac", "alac"),
            Map.entry("Opus", "opus"));

    private static final Map<String, String> CAPS = Map.ofEntries(
            Map.entry("video/x-prores", "prores"),
            Map.entry("video/x-h264", "h264"),
            Map.entry("video/x-h265", "hevc"),
            Map.entry("video/x-dnxhd", "dnxhd"),
            Map.entry("video/x-raw", "rawvideo"),
            Map.entry("image/jpeg", "mjpeg"),
            Map.entry("video/x-vp8", "vp8"),
            Map.entry("video/x-vp9", "vp9"),
            Map.entry("video/x-av1", "av1"),
            Map.entry("video/x-theora", "theora"),
            Map.entry("audio/x-raw", "pcm"),
            Map.entry("audio/x-ac3", "ac3"),
            Map.entry("audio/x-eac3", "eac3"),
            Map.entry("audio/x-flac", "flac"),
            Map.entry("audio/x-vorbis", "vorbis"),
            Map.entry("audio/x-opus", "opus"),
            Map.entry("audio/x-alac", "alac"));

    private CodecName() {}

    static String ofQuickTime(String fourcc) {
        String name = QUICKTIME.get(fourcc);
        return name != null ? name : fourcc.trim().toLowerCase(Locale.ROOT);
    }

    /** From a caps string: "video/mpeg, mpegversion=(int)2" is "mpeg2video", "audio/mpeg, mpegversion=4" is "aac". */
    static String ofCaps(String caps) {
        String media = caps.split("[,;]", 2)[0].trim();
        if (media.equals("video/mpeg")) {
            return caps.contains("mpegversion=(int)4") ? "mpeg4" : "mpeg2video";
        }
        if (media.equals("audio/mpeg")) {
            return caps.contains("mpegversion=(int)1") ? "mp3" : "aac";
        }
        String name = CAPS.get(media);
        return name != null ? name : media.substring(media.indexOf('/') + 1).replaceFirst("^x-", "");
    }

    /** The container name from the discoverer's top-level caps: "mov", "mp4", "mxf", "mkv" ... */
    static String containerOfCaps(String caps) {
        if (caps == null || caps.isBlank()) {
            return "unknown";
        }
        String media = caps.split("[,;]", 2)[0].trim();
        return switch (media) {
            case "video/quicktime" -> caps.contains("variant=(string)iso") ? "mp4" : "mov";
            case "application/mxf" -> "mxf";
            case "video/x-matroska", "video/webm" -> "mkv";
            case "video/x-msvideo" -> "avi";
            case "video/mpegts" -> "ts";
            case "video/mpeg" -> "mpeg";
            case "application/ogg" -> "ogg";
            case "audio/x-wav" -> "wav";
            case "audio/x-aiff" -> "aiff";
            default -> media.substring(media.indexOf('/') + 1).replaceFirst("^x-", "");
        };
    }
}
