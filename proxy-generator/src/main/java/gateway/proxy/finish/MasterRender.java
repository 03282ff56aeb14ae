package gateway.proxy.finish;

import gateway.model.asset.DurableFiles;
import gateway.model.asset.MediaInfo;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.proxy.check.Mismatches;
import gateway.proxy.gst.ProgressCounter;
import gateway.proxy.probe.MediaProbe;
import gateway.proxy.progress.ProgressListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Flattens a conformed timeline into one master of the asked {@link MasterFormat} (ProRes 422 HQ in
 * MOV by default; ProRes Proxy to 4444 and DNxHR in MOV, DNxHD / DNxHR in MXF OP1a) at the
 * timeline's rate, exactly the timeline's duration in frames, a timecode starting at its global
 * start (drop-frame when the edit's metadata says so: {@code edit.drop_frame} or
 * {@code fcpxml.drop_frame}).
 *
 * <p>Pictures: every enabled video track is laid out ({@link TrackLayout}); at each frame the top
 * track (last in the stack) that shows something wins, lower tracks show through its gaps and
 * disabled clips, and black shows where no track has a clip. Cuts, dissolves (wipes and other
 * transitions are rendered as dissolves, with a warning), constant speed changes (including
 * reverse) and freezes are rendered. A clip the render cannot render as asked (an effect it does not
 * render, a missing reference, a generator) is refused: UNSUPPORTED naming every such clip, and
 * nothing is written; asked to render anyway, each shows black with the reason written on it and is
 * listed in the result ({@link RenderResult#notRendered()}). Pictures are decoded per clip as they
 * are needed, so memory does not grow with the timeline.
 *
 * <p>Sound: one 24-bit 48 kHz channel per enabled audio track, in one PCM track ({@link SoundMix}):
 * the {@code n}-th audio track plays channel {@code n} of its clips' originals (first audio stream,
 * counted round when it has fewer) at each clip's level (its {@code AudioLevel}s: gain and
 * keyframes; a track gain is read onto its clips), transitions cross-fade, and gaps, clips without
 * media and retimed clips are silent (the last two with a warning). Other sound effects (pan, EQ)
 * are not applied, each named in a warning.
 */
public final class MasterRender {
    private static final int FALLBACK_WIDTH = 1920;
    private static final int FALLBACK_HEIGHT = 1080;

    private final MediaProbe probe;

    public MasterRender(MediaProbe probe) {
        this.probe = Objects.requireNonNull(probe, "probe");
    }

    public MasterRender() {
        this(new MediaProbe());
    }

    /**
     * Renders {@code timeline} to {@code options.output()}. Fails with INVALID_ARGUMENT for an empty
     * timeline, UNSUPPORTED when a clip's original runs at another rate than the timeline,
     * OUT_OF_RANGE when a clip needs frames its original does not hold, NOT_FOUND / CORRUPT for an
     * original that cannot be read, INTERNAL when the master does not come out as asked.
     */
    public RenderResult render(Timeline timeline, RenderOptions options, ProgressListener progress) {
        String subject = options.output().getFileName().toString();
        FrameRate rate = timeline.rate();
        long frames = timeline.duration().value();
        if (frames <= 0) {
            throw GatewayException.invalid("timeline '" + timeline.name() + "' is empty: nothing to render");
        }
        Timecode start = Timecode.of(timeline.globalStart(), dropFrame(timeline));
        List<String> warnings = new ArrayList<>();
        OriginalMedia originals = new OriginalMedia(probe, rate, warnings);
        List<TrackLayout> pictures = new ArrayList<>();
        List<TrackLayout> sound = new ArrayList<>();
        Duration limit = Duration.ofSeconds(120 + frames);
        try {
            for (Track track : timeline.videoTracks()) {
                if (track.enabled()) {
                    pictures.add(TrackLayout.of(track, rate, originals::pictures, originals::refusal, warnings));
                }
            }
            for (Track track : timeline.audioTracks()) {
                if (track.enabled()) {
                    if (track.metadata().namespace("aaf").get("effects").orElse(null) instanceof List<?> wide) {
                        wide.forEach(e -> warnings.add("track " + track.name() + ": sound effect '" + e
                                + "' on the whole track is not applied"));
                    }
                    sound.add(TrackLayout.of(track, rate, originals::sound, warnings));
                }
            }
            List<NotRendered> refused = originals.refused();
            if (!refused.isEmpty() && !options.renderAnyway()) {
                throw new GatewayException(
                        Reason.UNSUPPORTED,
                        subject + ": " + refused.size() + " clip(s) cannot be rendered as the edit asks, nothing was"
                                + " rendered: "
                                + refused.stream().map(NotRendered::toString).collect(Collectors.joining("; "))
                                + " (rendering anyway, --render-anyway or the APIs' render_anyway, shows them black with the reason"
                                + " written on them)");
            }
            refused.forEach(
                    n -> warnings.add(n.subject() + " is rendered black with the reason written on it: " + n.reason()));
            int[] size = size(options, pictures, warnings);
            options.format().checkPicture(size[0], size[1], rate);
            try (DurableFiles.Pending output = DurableFiles.pending(options.output());
                    SoundMix mix = sound.isEmpty() ? null : new SoundMix(sound, rate, frames, limit)) {
                write(
                        pictures,
                        mix,
                        output.temp(),
                        options.format(),
                        subject,
                        size,
                        rate,
                        start,
                        frames,
                        limit,
                        progress);
                verify(subject, output.temp(), options.format(), rate, frames, start, size, sound.size());
                Path done = output.commit();
                progress.progress(100);
                return new RenderResult(done, frames, start, warnings, refused);
            }
        } finally {
            pictures.forEach(TrackLayout::close);
            sound.forEach(TrackLayout::close);
        }
    }

    private static void write(
            List<TrackLayout> layouts,
            SoundMix mix,
            Path temp,
            MasterFormat format,
            String subject,
            int[] size,
            FrameRate rate,
            Timecode start,
            long frames,
            Duration limit,
            ProgressListener progress) {
        ProgressCounter counter = new ProgressCounter(frames, p -> {
            if (p < 100) {
                progress.progress(p);
            }
        });
        List<MasterWriter.AudioLayout> audio = mix == null ? List.of() : List.of(mix.layout());
        try (MasterWriter writer =
                MasterWriter.start(temp, format, subject, size[0], size[1], rate, start, audio, limit)) {
            if (mix != null) {
                mix.start(writer);
            }
            try {
                for (long record = 0; record < frames; record++) {
                    writer.pushPicture(pictureAt(layouts, record, size[0], size[1], limit));
                    counter.advance(1);
                }
                writer.endVideo();
            } catch (RuntimeException e) {
                writer.abort(String.valueOf(e.getMessage()));
                if (mix != null) {
                    mix.awaitQuietly(limit); // the sound thread stops on the aborted writer
                }
                throw e;
            }
            if (mix != null) {
                mix.await(limit);
            }
            writer.finish(limit);
        }
    }

    /** The top track's picture where it has one, else the next track down, else black. */
    private static Picture pictureAt(List<TrackLayout> layouts, long record, int width, int height, Duration limit) {
        Picture shown = null;
        for (int i = layouts.size() - 1; i >= 0; i--) {
            TrackLayout layout = layouts.get(i);
            if (shown == null) {
                shown = layout.pictureAt(record, width, height, limit);
            } else {
                layout.skipTo(record); // covered from above: only release the clips it has passed
            }
        }
        return shown != null ? shown : Picture.black(width, height);
    }

    private int[] size(RenderOptions options, List<TrackLayout> layouts, List<String> warnings) {
        if (!options.sizeFromOriginal()) {
            return new int[] {options.width(), options.height()};
        }
        for (TrackLayout layout : layouts) {
            ClipShot shot = layout.firstShotWithMedia();
            if (shot != null) {
                MediaInfo info = shot.media().info();
                return new int[] {
                    info.video().width() + info.video().width() % 2,
                    info.video().height()
                };
            }
        }
        warnings.add("no clip has media: the master is " + FALLBACK_WIDTH + "x" + FALLBACK_HEIGHT + " black");
        return new int[] {FALLBACK_WIDTH, FALLBACK_HEIGHT};
    }

    /** True when the edit's metadata says the timeline counts drop-frame timecode. */
    static boolean dropFrame(Timeline timeline) {
        if (!timeline.rate().supportsDropFrame()) {
            return false;
        }
        for (String namespace : List.of("edit", "fcpxml")) {
            Object said =
                    timeline.metadata().namespace(namespace).get("drop_frame").orElse(null);
            if (said != null) {
                return Boolean.TRUE.equals(said)
                        || String.valueOf(said).trim().toLowerCase(Locale.ROOT).equals("true");
            }
        }
        return false;
    }

    private void verify(
            String subject,
            Path master,
            MasterFormat format,
            FrameRate rate,
            long frames,
            Timecode start,
            int[] size,
            int channels) {
        MediaInfo made = probe.probe(master);
        Mismatches wrong = new Mismatches();
        wrong.compare(
                "codec",
                format.codec(),
                made.video() == null ? "none" : made.video().codec());
        wrong.compare("frame rate", rate, made.frameRate());
        wrong.compare("frame count", frames, made.durationFrames());
        wrong.compare("start timecode", start.toString(), String.valueOf(made.startTimecode()));
        wrong.compare(
                "picture size",
                size[0] + "x" + size[1],
                made.video() == null
                        ? "none"
                        : made.video().width() + "x" + made.video().height());
        wrong.compare("audio channels", channels, made.audioChannels());
        wrong.throwIfAny(subject + ": the master does not match the timeline:");
    }
}
