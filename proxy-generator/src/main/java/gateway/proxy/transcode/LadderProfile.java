package gateway.proxy.transcode;

import gateway.model.asset.MediaInfo;
import gateway.model.error.GatewayException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One rung of the proxy ladder: what to make from the single decode of an original. Each kind is a
 * record with the house defaults as a factory ({@link Stream#hi()}, {@link Thumbnails#every2s()} ...);
 * build your own to change a setting. {@code name} is the rendition's profile in the manifest.
 * {@code encoderThreads} is x264's thread count (keep the sum near the core count: the encoders of
 * one ladder run at once); a run that makes a single encoded rung leaves the count to x264.
 */
public sealed interface LadderProfile {
    Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    /** The largest width or height a JPEG can have. */
    int MAX_JPEG_SIDE = 65_535;

    String name();

    /** True when it is made from the picture (skipped for audio-only originals). */
    default boolean needsVideo() {
        return !(this instanceof Waveform);
    }

    /**
     * True when an original probed as {@code media} gets this rendition: a picture profile needs
     * video, the waveform needs sound, and the edit rendition is also made of a sound-only WAVE
     * original (as a Broadcast WAV, see the module's README). Ingest makes, and the reconciler
     * expects, exactly these.
     */
    default boolean appliesTo(MediaInfo media) {
        if (this instanceof Edit && SoundEdit.appliesTo(media)) {
            return true;
        }
        return needsVideo() ? media.video() != null : !media.audio().isEmpty();
    }

    /** The NLE's edit proxy: exactly what {@link EditProxy} makes, verified the same way. */
    record Edit(String name, int encoderThreads) implements LadderProfile {
        public Edit {
            checkName(name);
            positive("encoder threads", encoderThreads);
        }

        public static Edit standard() {
            return new Edit(EditProxy.PROFILE, 2);
        }
    }

    /**
     * A streaming rendition, as {@link StreamProxy}: fragmented MP4, closed GOPs of one timecode
     * second, one GOP per fragment, stereo AAC from the first audio stream, and its fragment index.
     * The picture is the original's divided by the smallest whole number that fits the box.
     */
    record Stream(String name, int maxWidth, int maxHeight, int videoKbps, int audioKbps, int encoderThreads)
            implements LadderProfile {
        public Stream {
            checkName(name);
            positive("max width", maxWidth);
            positive("max height", maxHeight);
            positive("video kbps", videoKbps);
            positive("audio kbps", audioKbps);
            positive("encoder threads", encoderThreads);
        }

        /** "stream-hi": within 960x540 at 2.5 Mbit/s, AAC 128 kbit/s. */
        public static Stream hi() {
            return new Stream(StreamProxy.PROFILE, 960, 540, 2500, 128, 2);
        }

        /** "stream-lo": within 640x360 at 0.6 Mbit/s, AAC 96 kbit/s (a café link that is having a bad day). */
        public static Stream lo() {
            return new Stream("stream-lo", 640, 360, 600, 96, 1);
        }
    }

    /**
     * All-intra H.264 (every frame a key frame) in fragmented MP4 with a fragment per second and its
     * fragment index, no audio: any frame decodes from its own bytes, for frame-accurate scrubbing.
     */
    record Scrub(String name, int maxWidth, int maxHeight, int videoKbps, int encoderThreads) implements LadderProfile {
        public Scrub {
            checkName(name);
            positive("max width", maxWidth);
            positive("max height", maxHeight);
            positive("video kbps", videoKbps);
            positive("encoder threads", encoderThreads);
        }

        /** "scrub": within 480x270 at 2 Mbit/s. */
        public static Scrub standard() {
            return new Scrub("scrub", 480, 270, 2000, 1);
        }
    }

    /** One JPEG of the frame {@code percentInto} % into the clip, fitted within the box. */
    record Poster(String name, int maxWidth, int maxHeight, int percentInto, float jpegQuality)
            implements LadderProfile {
        public Poster {
            checkName(name);
            positive("max width", maxWidth);
            positive("max height", maxHeight);
            if (percentInto < 0 || percentInto > 99) {
                throw GatewayException.invalid("poster: percent into the clip " + percentInto + " must be 0-99");
            }
            quality(jpegQuality);
        }

        /** "poster": 10 % in, within 960x540. */
        public static Poster standard() {
            return new Poster("poster", 960, 540, 10, 0.85f);
        }
    }

    /**
     * A JPEG every {@code intervalSeconds} timecode seconds (frames 0, n x timecode base ...), named
     * by its frame number counted from the first frame of the file.
     */
    record Thumbnails(String name, int maxWidth, int maxHeight, int intervalSeconds, float jpegQuality)
            implements LadderProfile {
        public Thumbnails {
            checkName(name);
            positive("max width", maxWidth);
            positive("max height", maxHeight);
            positive("interval seconds", intervalSeconds);
            quality(jpegQuality);
        }

        /** "thumbnails": every 2 s, within 320x180. */
        public static Thumbnails every2s() {
            return new Thumbnails("thumbnails", 320, 180, 2, 0.8f);
        }
    }

    /**
     * A sprite: up to {@code maxTiles} frames evenly spread over the clip, each fitted within
     * {@code tileWidth} x {@code tileHeight}, in a grid {@code columns} wide, with a JSON index
     * (frame to tile rectangle).
     */
    record Filmstrip(String name, int tileWidth, int tileHeight, int maxTiles, int columns, float jpegQuality)
            implements LadderProfile {
        public Filmstrip {
            checkName(name);
            positive("tile width", tileWidth);
            positive("tile height", tileHeight);
            positive("max tiles", maxTiles);
            positive("columns", columns);
            long rows = (maxTiles + columns - 1) / columns;
            if ((long) Math.min(columns, maxTiles) * tileWidth > MAX_JPEG_SIDE || rows * tileHeight > MAX_JPEG_SIDE) {
                throw GatewayException.invalid("filmstrip: " + maxTiles + " tiles of " + tileWidth + "x" + tileHeight
                        + ", " + columns + " a row, make a sprite wider or taller than a JPEG can be ("
                        + MAX_JPEG_SIDE + " px)");
            }
            quality(jpegQuality);
        }

        /** "filmstrip": up to 100 tiles within 160x90, 10 per row. */
        public static Filmstrip standard() {
            return new Filmstrip("filmstrip", 160, 90, 100, 10, 0.8f);
        }
    }

    /** Peaks (min and max) per channel, {@code peaksPerSecond} a second, of every audio channel. */
    record Waveform(String name, int peaksPerSecond) implements LadderProfile {
        public Waveform {
            checkName(name);
            if (peaksPerSecond < 1 || peaksPerSecond > 1000) {
                throw GatewayException.invalid("waveform: " + peaksPerSecond + " peaks a second must be 1-1000");
            }
        }

        /** "waveform": 100 peaks a second. */
        public static Waveform standard() {
            return new Waveform("waveform", 100);
        }
    }

    private static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw GatewayException.invalid("profile name '" + name + "' must be 1-32 of a-z, 0-9, '-'");
        }
    }

    private static void positive(String what, int value) {
        if (value <= 0) {
            throw GatewayException.invalid(what + " " + value + " must be positive");
        }
    }

    private static void quality(float q) {
        if (!(q > 0 && q <= 1)) {
            throw GatewayException.invalid("JPEG quality " + q + " must be in (0, 1]");
        }
    }
}
