package gateway.model.asset;

import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.time.TimeRange;
import gateway.model.time.Timecode;
import java.util.List;
import java.util.Objects;

/**
 * What the probe knows of one media file. {@code frameRate} is the picture rate, or for audio-only
 * files the timecode rate the file carries (or the configured default). {@code startTimecode} is
 * null when the file carries none. {@code reel} is the tape or source name the file carries;
 * {@code clipName} the clip's own name where the container has one besides the file name (an MXF
 * material package's name), else null.
 */
public record MediaInfo(
        String path,
        String container,
        FrameRate frameRate,
        long durationFrames,
        Timecode startTimecode,
        String reel,
        String clipName,
        VideoInfo video,
        List<AudioStream> audio,
        boolean variableFrameRate,
        Camera camera,
        List<String> warnings) {

    /** Camera make, model and serial where the file tags them (each may be null). */
    public record Camera(String make, String model, String serial) {}

    public MediaInfo {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(frameRate, "frameRate");
        audio = List.copyOf(audio == null ? List.of() : audio);
        warnings = List.copyOf(warnings == null ? List.of() : warnings);
    }

    /** A file whose container names no clip (every container but MXF today). */
    public MediaInfo(
            String path,
            String container,
            FrameRate frameRate,
            long durationFrames,
            Timecode startTimecode,
            String reel,
            VideoInfo video,
            List<AudioStream> audio,
            boolean variableFrameRate,
            Camera camera,
            List<String> warnings) {
        this(
                path,
                container,
                frameRate,
                durationFrames,
                startTimecode,
                reel,
                null,
                video,
                audio,
                variableFrameRate,
                camera,
                warnings);
    }

    public boolean dropFrame() {
        return startTimecode != null && startTimecode.dropFrame();
    }

    /** The source frames this file covers, as frames since midnight at its rate (starting at 0 without timecode). */
    public TimeRange sourceRange() {
        RationalTime start = startTimecode == null ? RationalTime.zero(frameRate) : startTimecode.toTime();
        return TimeRange.of(start, durationFrames);
    }

    /** This media with {@code audio} streams instead of its own (and no video when {@code video} is false). */
    public MediaInfo with(List<AudioStream> audio, boolean video) {
        return new MediaInfo(
                path,
                container,
                frameRate,
                durationFrames,
                startTimecode,
                reel,
                clipName,
                video ? this.video : null,
                audio,
                variableFrameRate,
                camera,
                warnings);
    }

    public int audioChannels() {
        return audio.stream().mapToInt(AudioStream::channels).sum();
    }
}
