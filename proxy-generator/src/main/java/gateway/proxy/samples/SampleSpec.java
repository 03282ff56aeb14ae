package gateway.proxy.samples;

import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import java.util.Objects;

/**
 * A camera original to generate. {@code rate} is the picture rate (for a WAV: its timecode rate);
 * {@code start} the start timecode, at {@code rate}; {@code reel} the tape / reel name (QuickTime:
 * the timecode track's name; WAV: iXML TAPE; MP4: not written). {@code noisy} asks for content that encodes at a
 * realistic cost (moving bars under animated noise) rather than a flat test pattern.
 */
public record SampleSpec(
        Container container,
        Codec codec,
        int width,
        int height,
        FrameRate rate,
        long durationFrames,
        Timecode start,
        String reel,
        int audioChannels,
        int bitDepth,
        boolean noisy) {

    public enum Container {
        /** QuickTime, with a tmcd timecode track. */
        MOV,
        /** MP4 (H.264 only) without a timecode track: {@code start} and {@code reel} are not written. */
        MP4,
        /**
         * MXF OP1a. GStreamer 1.22's mxfmux writes a timecode track that always starts at
         * 00:00:00:00 (it ignores upstream timecode meta) and names its packages "Material package"
         * and "Source package": {@code start} must be 00:00:00:00 and {@code reel} is not written.
         */
        MXF,
        /** Broadcast WAV with bext TimeReference and iXML timecode rate. */
        WAV
    }

    public enum Codec {
        PRORES_HQ,
        /** DNxHR HQ (any frame size), in MXF: GStreamer's qtmux does not take DNxHD. */
        DNXHD,
        H264,
        /** Audio only (WAV). */
        NONE
    }

    public SampleSpec {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(start, "start");
        if (!start.rate().equals(rate)) {
            throw GatewayException.invalid("start timecode " + start + " counts at "
                    + start.rate().toFpsString() + ", not at " + rate.toFpsString());
        }
        if (durationFrames <= 0) {
            throw GatewayException.invalid("duration " + durationFrames + " frames must be positive");
        }
        if (audioChannels < 0 || audioChannels > 16) {
            throw GatewayException.invalid("audio channels " + audioChannels + " must be 0-16");
        }
        if (audioChannels > 0 && bitDepth != 16 && bitDepth != 24 && bitDepth != 32) {
            throw GatewayException.invalid("bit depth " + bitDepth + " must be 16, 24 or 32");
        }
        boolean video = codec != Codec.NONE;
        if (video != (container != Container.WAV)) {
            throw GatewayException.invalid(container + " cannot hold " + codec);
        }
        if (codec == Codec.DNXHD && container != Container.MXF) {
            throw GatewayException.invalid("DNxHD samples are written as MXF");
        }
        if (codec == Codec.DNXHD && !(width == 1920 && height == 1080) && !(width == 1280 && height == 720)) {
            throw GatewayException.invalid(
                    "GStreamer's DNxHD encoder takes 1920x1080 or 1280x720 only, not " + width + "x" + height);
        }
        if (codec == Codec.PRORES_HQ && container != Container.MOV) {
            throw GatewayException.invalid(codec + " samples are written as MOV");
        }
        if (codec == Codec.H264 && container != Container.MOV && container != Container.MP4) {
            throw GatewayException.invalid(codec + " samples are written as MOV or MP4");
        }
        if (container == Container.MP4 && codec != Codec.H264) {
            throw GatewayException.invalid("MP4 samples hold H.264 only, not " + codec);
        }
        if (container == Container.MXF && start.toFrames() != 0) {
            throw GatewayException.invalid("GStreamer's mxfmux writes no start timecode but 00:00:00:00, not " + start);
        }
        if (video && (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0)) {
            throw GatewayException.invalid("picture size " + width + "x" + height + " must be positive and even");
        }
        if (!video && audioChannels == 0) {
            throw GatewayException.invalid("a WAV sample needs at least one audio channel");
        }
    }

    /** (a) 10 s of 1080p25 ProRes 422 HQ, timecode 01:00:00:00, reel A001C003, 24-bit stereo. */
    public static SampleSpec proresHq1080p25() {
        FrameRate rate = FrameRate.FPS_25;
        return new SampleSpec(
                Container.MOV,
                Codec.PRORES_HQ,
                1920,
                1080,
                rate,
                250,
                Timecode.parse("01:00:00:00", rate),
                "A001C003",
                2,
                24,
                true);
    }

    /** (b) 10 s of 1080p 23.976 H.264, timecode 14:00:00:00, reel B002C011, four 24-bit channels. */
    public static SampleSpec h264At23976FourChannels() {
        FrameRate rate = FrameRate.FPS_23_976;
        return new SampleSpec(
                Container.MOV,
                Codec.H264,
                1920,
                1080,
                rate,
                240,
                Timecode.parse("14:00:00:00", rate),
                "B002C011",
                4,
                24,
                true);
    }

    /** (c) 10 s of 24-bit stereo Broadcast WAV, timecode 12:39:59:00 at 23.976 non-drop, tape SR001. */
    public static SampleSpec broadcastWav() {
        FrameRate rate = FrameRate.FPS_23_976;
        return new SampleSpec(
                Container.WAV, Codec.NONE, 0, 0, rate, 240, Timecode.parse("12:39:59:00", rate), "SR001", 2, 24, false);
    }

    /** (d) DNxHR HQ 1080p25 in MXF, 24-bit stereo (timecode 00:00:00:00: see {@link Container#MXF}). */
    public static SampleSpec dnxhr1080p25() {
        FrameRate rate = FrameRate.FPS_25;
        return new SampleSpec(
                Container.MXF,
                Codec.DNXHD,
                1920,
                1080,
                rate,
                250,
                Timecode.parse("00:00:00:00", rate),
                null,
                2,
                24,
                true);
    }

    /**
     * (e) 10 s of 1080p 29.97 H.264 in MP4 with no timecode track and stereo AAC (encoded from 16-bit
     * samples), as phones and screen recorders write it.
     */
    public static SampleSpec h264Mp4WithoutTimecode() {
        FrameRate rate = FrameRate.FPS_29_97;
        return new SampleSpec(
                Container.MP4,
                Codec.H264,
                1920,
                1080,
                rate,
                300,
                Timecode.parse("00:00:00:00", rate),
                null,
                2,
                16,
                true);
    }

    public SampleSpec withDurationFrames(long frames) {
        return new SampleSpec(
                container, codec, width, height, rate, frames, start, reel, audioChannels, bitDepth, noisy);
    }

    public SampleSpec withSize(int w, int h) {
        return new SampleSpec(
                container, codec, w, h, rate, durationFrames, start, reel, audioChannels, bitDepth, noisy);
    }

    public SampleSpec withNoise(boolean on) {
        return new SampleSpec(
                container, codec, width, height, rate, durationFrames, start, reel, audioChannels, bitDepth, on);
    }

    public SampleSpec withAudioChannels(int channels) {
        return new SampleSpec(
                container, codec, width, height, rate, durationFrames, start, reel, channels, bitDepth, noisy);
    }

    /** The file extension of the container: "mov", "mp4", "mxf", "wav". */
    public String extension() {
        return container.name().toLowerCase(java.util.Locale.ROOT);
    }
}
