package gateway.proxy.finish;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A master's codec, profile and wrapper, named as the command line and the APIs name it
 * ({@code prores-hq}, {@code dnxhr-hqx}, {@code dnxhr-hq-mxf} ...), with how GStreamer 1.22 encodes
 * it: the encoder ({@code avenc_prores_ks} / {@code avenc_dnxhd} and its profile), the pixel format
 * the encoder is fed and the muxer ({@code qtmux} for MOV, {@code mxfmux} for MXF OP1a).
 *
 * <p>What this GStreamer cannot write is named and refused with UNSUPPORTED ({@link #parse}): ProRes
 * in MXF ({@code mxfmux} has no ProRes input). {@code avenc_dnxhd} takes only 1920x1080 and 1280x720
 * pictures (its pad template, DNxHR included), and DNxHD only at the bit rates its profiles define
 * ({@link #checkPicture}).
 */
public enum MasterFormat {
    PRORES_PROXY("prores-proxy", "ProRes 422 Proxy", Wrapper.MOV, "prores", "proxy", "I422_10LE", "Proxy"),
    PRORES_LT("prores-lt", "ProRes 422 LT", Wrapper.MOV, "prores", "lt", "I422_10LE", "LT"),
    PRORES_422("prores-422", "ProRes 422", Wrapper.MOV, "prores", "standard", "I422_10LE", "Standard"),
    PRORES_HQ("prores-hq", "ProRes 422 HQ", Wrapper.MOV, "prores", "hq", "I422_10LE", "HQ"),
    PRORES_4444("prores-4444", "ProRes 4444", Wrapper.MOV, "prores", "4444", "Y444_10LE", "4444"),
    DNXHR_LB("dnxhr-lb", "DNxHR LB", Wrapper.MOV, "dnxhd", "dnxhr_lb", "Y42B", "DNXHR LB"),
    DNXHR_SQ("dnxhr-sq", "DNxHR SQ", Wrapper.MOV, "dnxhd", "dnxhr_sq", "Y42B", "DNXHR SQ"),
    DNXHR_HQ("dnxhr-hq", "DNxHR HQ", Wrapper.MOV, "dnxhd", "dnxhr_hq", "Y42B", "DNXHR HQ"),
    DNXHR_HQX("dnxhr-hqx", "DNxHR HQX", Wrapper.MOV, "dnxhd", "dnxhr_hqx", "I422_10LE", "DNXHR HQX"),
    DNXHR_444("dnxhr-444", "DNxHR 444", Wrapper.MOV, "dnxhd", "dnxhr_444", "Y444_10LE", "DNXHR 444"),
    DNXHD_MXF("dnxhd-mxf", "DNxHD (8-bit, the profile's top bit rate)", Wrapper.MXF, "dnxhd", "dnxhd", "Y42B", "DNXHD"),
    DNXHR_LB_MXF("dnxhr-lb-mxf", "DNxHR LB", Wrapper.MXF, "dnxhd", "dnxhr_lb", "Y42B", "DNXHR LB"),
    DNXHR_SQ_MXF("dnxhr-sq-mxf", "DNxHR SQ", Wrapper.MXF, "dnxhd", "dnxhr_sq", "Y42B", "DNXHR SQ"),
    DNXHR_HQ_MXF("dnxhr-hq-mxf", "DNxHR HQ", Wrapper.MXF, "dnxhd", "dnxhr_hq", "Y42B", "DNXHR HQ"),
    DNXHR_HQX_MXF("dnxhr-hqx-mxf", "DNxHR HQX", Wrapper.MXF, "dnxhd", "dnxhr_hqx", "I422_10LE", "DNXHR HQX"),
    DNXHR_444_MXF("dnxhr-444-mxf", "DNxHR 444", Wrapper.MXF, "dnxhd", "dnxhr_444", "Y444_10LE", "DNXHR 444");

    /** The file wrapper: QuickTime or MXF OP1a. */
    public enum Wrapper {
        MOV("mov", "QuickTime MOV"),
        MXF("mxf", "MXF OP1a");

        private final String extension;
        private final String label;

        Wrapper(String extension, String label) {
            this.extension = extension;
            this.label = label;
        }

        public String extension() {
            return extension;
        }

        public String label() {
            return label;
        }
    }

    /** The default: ProRes 422 HQ in MOV. */
    public static final MasterFormat DEFAULT = PRORES_HQ;

    private static final List<String> DNX_SIZES = List.of("1920x1080", "1280x720");

    private final String id;
    private final String label;
    private final Wrapper wrapper;
    private final String codec;
    private final String profile;
    private final String pixelFormat;
    private final String ffprobeProfile;

    MasterFormat(
            String id,
            String label,
            Wrapper wrapper,
            String codec,
            String profile,
            String pixelFormat,
            String ffprobeProfile) {
        this.id = id;
        this.label = label;
        this.wrapper = wrapper;
        this.codec = codec;
        this.profile = profile;
        this.pixelFormat = pixelFormat;
        this.ffprobeProfile = ffprobeProfile;
    }

    /** The name on the command line and in the APIs, e.g. {@code dnxhr-hq-mxf}. */
    public String id() {
        return id;
    }

    /** What a person reads: "DNxHR HQ in MXF OP1a". */
    public String label() {
        return label + " in " + wrapper.label();
    }

    public Wrapper wrapper() {
        return wrapper;
    }

    /** The short codec name a probe reports: "prores" or "dnxhd" (DNxHR included). */
    public String codec() {
        return codec;
    }

    /** The profile as ffprobe prints it ("HQ", "4444", "DNXHR HQX", "DNXHD"). */
    public String ffprobeProfile() {
        return ffprobeProfile;
    }

    /** The GStreamer raw video format the encoder is fed. */
    String pixelFormat() {
        return pixelFormat;
    }

    boolean prores() {
        return codec.equals("prores");
    }

    /** The master file's extension, without the dot. */
    public String extension() {
        return wrapper.extension();
    }

    /**
     * The format named {@code name} (case-insensitive; "prores" and "dnxhr", the names of the first
     * API, are ProRes 422 HQ and DNxHR HQ in MOV). INVALID_ARGUMENT listing the names for a name we do
     * not know; UNSUPPORTED for a combination this GStreamer cannot write (ProRes in MXF).
     */
    public static MasterFormat parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "prores" -> {
                return PRORES_HQ;
            }
            case "dnxhr" -> {
                return DNXHR_HQ;
            }
            default -> {
                // a name of the list below
            }
        }
        for (MasterFormat f : values()) {
            if (f.id.equals(n)) {
                return f;
            }
        }
        if (n.startsWith("prores") && n.endsWith("-mxf")) {
            throw new GatewayException(
                    Reason.UNSUPPORTED,
                    "master format '" + name + "': ProRes in MXF is not written here (GStreamer 1.22's mxfmux takes"
                            + " no ProRes); ProRes masters are MOV (" + names(Wrapper.MOV, "prores") + ")");
        }
        if (n.equals("dnxhd") || n.equals("dnxhd-mov")) {
            throw new GatewayException(
                    Reason.UNSUPPORTED,
                    "master format '" + name + "': DNxHD is written in MXF only (dnxhd-mxf); in MOV choose DNxHR ("
                            + names(Wrapper.MOV, "dnxhd") + ")");
        }
        throw GatewayException.invalid("master format '" + name + "' is not one of: " + names());
    }

    /** Every format's name, comma-separated, for help texts and errors. */
    public static String names() {
        return Arrays.stream(values()).map(MasterFormat::id).collect(Collectors.joining(", "));
    }

    private static String names(Wrapper wrapper, String codec) {
        return Arrays.stream(values())
                .filter(f -> f.wrapper == wrapper && f.codec.equals(codec))
                .map(MasterFormat::id)
                .collect(Collectors.joining(", "));
    }

    /**
     * UNSUPPORTED, naming the format, the size and the rate, when the encoder refuses this picture:
     * DNxHD / DNxHR other than 1920x1080 or 1280x720, DNxHD at a rate its profiles do not cover.
     */
    void checkPicture(int width, int height, FrameRate rate) {
        if (codec.equals("dnxhd") && !DNX_SIZES.contains(width + "x" + height)) {
            throw new GatewayException(
                    Reason.UNSUPPORTED,
                    "master format " + id + " (" + label() + ") at " + width + "x" + height
                            + ": GStreamer 1.22's avenc_dnxhd takes only 1920x1080 and 1280x720 pictures;"
                            + " choose a ProRes master (a master takes the timeline's picture size)");
        }
        if (this == DNXHD_MXF) {
            dnxhdBitrate(width, height, rate);
        }
    }

    /** The encoder and its settings, as a pipeline fragment. */
    String encoder(int width, int height, FrameRate rate) {
        if (prores()) {
            return "avenc_prores_ks name=enc profile=" + profile + " threads=0 ! video/x-prores,variant=(string)"
                    + profile;
        }
        String e = "avenc_dnxhd name=enc profile=" + profile + " threads=0";
        if (this == DNXHD_MXF) {
            e += " bitrate=" + dnxhdBitrate(width, height, rate);
        }
        return e;
    }

    /**
     * The top 8-bit DNxHD bit rate of the profile for this size and rate (DNxHD 175 / 185 / 220 /
     * 365 / 440 at 1080p, 90 / 110 / 180 / 220 at 720p): DNxHD has no other.
     */
    private long dnxhdBitrate(int width, int height, FrameRate rate) {
        String r = rate.numerator() + "/" + rate.denominator();
        long mbps;
        if (width == 1920) {
            mbps = switch (r) {
                case "24000/1001", "24/1" -> 175;
                case "25/1" -> 185;
                case "30000/1001" -> 220;
                case "50/1" -> 365;
                case "60000/1001" -> 440;
                default -> 0;
            };
        } else {
            mbps = switch (r) {
                case "24000/1001", "25/1" -> 90;
                case "30000/1001" -> 110;
                case "50/1" -> 180;
                case "60000/1001" -> 220;
                default -> 0;
            };
        }
        if (mbps == 0) {
            throw new GatewayException(
                    Reason.UNSUPPORTED,
                    "master format " + id + " at " + width + "x" + height + " and " + rate
                            + " fps: DNxHD defines no profile there; choose a DNxHR master (dnxhr-hq-mxf ...)");
        }
        return mbps * 1_000_000;
    }

    @Override
    public String toString() {
        return id;
    }
}
