package gateway.proxy.finish;

import gateway.model.asset.AudioStream;
import gateway.model.asset.DurableFiles;
import gateway.model.asset.MediaInfo;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import gateway.proxy.check.Mismatches;
import gateway.proxy.gst.ProgressCounter;
import gateway.proxy.probe.MediaProbe;
import gateway.proxy.probe.QuickTimeReelWriter;
import gateway.proxy.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Consolidation: copies a frame range of a camera original into a trimmed QuickTime that an NLE
 * relinks to as if it were the original. The picture is re-encoded as ProRes 422 HQ (10-bit 4:2:2)
 * at the original's size and rate, whatever the original's codec (ProRes originals too: GStreamer
 * cannot cut a ProRes stream without decoding it, and one re-encode at HQ is visually lossless);
 * every audio stream is kept with all its channels as PCM (24-bit when the original's is 24-bit or
 * more, else 16-bit), cut to exactly the samples of the frame range; the {@code tmcd} track starts
 * at the original's start timecode plus the start frame (at 00:00:00:00 plus the start frame when
 * the original carries none), and the original's reel is kept. The result is probed and compared
 * with what was asked before it is renamed into place. Audio-only WAVE / Broadcast WAV originals
 * are cut without re-encoding ({@link WaveTrim}), their bext TimeReference moved by the cut.
 */
public final class Trimmer {
    private final MediaProbe probe;

    public Trimmer(MediaProbe probe) {
        this.probe = Objects.requireNonNull(probe, "probe");
    }

    public Trimmer() {
        this(new MediaProbe());
    }

    /**
     * Writes the trimmed copy at {@code request.output()}. Fails with INVALID_ARGUMENT for a range
     * past the original's end, NOT_FOUND / CORRUPT / UNSUPPORTED / IO for an original that cannot be
     * read, INTERNAL when the copy does not match what was asked; nothing is left behind on failure.
     */
    public TrimResult trim(TrimRequest request, ProgressListener progress) {
        Path original = request.original();
        String subject = original.getFileName().toString();
        MediaInfo info = probe.probe(original);
        if (request.endFrameExclusive() > info.durationFrames()) {
            throw GatewayException.invalid(subject + ": trim range [" + request.startFrame() + ", "
                    + request.endFrameExclusive() + ") runs past the original's " + info.durationFrames() + " frames");
        }
        if (info.video() == null) {
            return trimSound(request, info, progress);
        }
        FrameRate rate = info.frameRate();
        Timecode start = startOf(subject, info, request.startFrame());
        List<MasterWriter.AudioLayout> audio =
                info.audio().stream().map(Trimmer::layoutOf).toList();
        Duration limit = Duration.ofSeconds(120 + 2 * request.frames());
        try (DurableFiles.Pending output = DurableFiles.pending(request.output())) {
            copy(request, info, start, audio, output.temp(), limit, progress);
            if (info.reel() != null) {
                QuickTimeReelWriter.write(output.temp(), info.reel());
            }
            verify(subject, request, info, start, output.temp());
            Path done = output.commit();
            progress.progress(100);
            return new TrimResult(done, request.frames(), Files.size(done), start);
        } catch (IOException e) {
            throw GatewayException.io(
                    subject + ": cannot write the trimmed copy " + request.output() + ": " + e.getMessage(), e);
        }
    }

    /**
     * An audio-only original: a WAVE cut sample-exactly to the frame range (first sample at or
     * after each frame, at the file's timecode rate) with its bext TimeReference moved forward.
     */
    private TrimResult trimSound(TrimRequest request, MediaInfo info, ProgressListener progress) {
        String subject = request.original().getFileName().toString();
        if (!"wav".equals(info.container()) || info.audio().size() != 1) {
            throw new GatewayException(
                    Reason.UNSUPPORTED,
                    subject + ": audio-only " + info.container() + " originals are not trimmed (WAVE only)");
        }
        SampleClock clock = new SampleClock(info.audio().get(0).sampleRate());
        long first = clock.atFrame(request.startFrame(), info.frameRate());
        long end = clock.atFrame(request.endFrameExclusive(), info.frameRate());
        try (DurableFiles.Pending output = DurableFiles.pending(request.output())) {
            long kept = WaveTrim.write(request.original(), subject, first, end, output.temp());
            MediaInfo made = probe.probe(output.temp());
            Mismatches wrong = new Mismatches();
            wrong.compare("samples", end - first, kept);
            wrong.compare("audio channels", info.audioChannels(), made.audioChannels());
            wrong.compare("timecode", info.startTimecode() != null, made.startTimecode() != null);
            wrong.throwIfAny(subject + ": the trimmed copy does not match the request:");
            Path done = output.commit();
            progress.progress(100);
            return new TrimResult(done, request.frames(), Files.size(done), made.startTimecode());
        } catch (IOException e) {
            throw GatewayException.io(
                    subject + ": cannot write the trimmed copy " + request.output() + ": " + e.getMessage(), e);
        }
    }

    private static void copy(
            TrimRequest request,
            MediaInfo info,
            Timecode start,
            List<MasterWriter.AudioLayout> audio,
            Path temp,
            Duration limit,
            ProgressListener progress) {
        String subject = request.original().getFileName().toString();
        FrameRate rate = info.frameRate();
        int width = info.video().width();
        int height = info.video().height();
        String videoCaps = "video/x-raw,format=" + Picture.FORMAT + ",width=" + width + ",height=" + height;
        List<String> audioCaps =
                audio.stream().map(MasterWriter.AudioLayout::caps).toList();
        ProgressCounter counter = new ProgressCounter(request.frames(), p -> {
            if (p < 100) {
                progress.progress(p);
            }
        });
        try (DecodedSource source = DecodedSource.open(request.original(), subject, videoCaps, audioCaps, limit);
                MasterWriter writer = MasterWriter.start(
                        temp, MasterFormat.PRORES_HQ, subject, width, height, rate, start, audio, limit)) {
            source.playBefore(startPosition(source, request.startFrame(), rate, audio), rate);
            new TrimCopy(source, writer, rate, request.startFrame(), request.endFrameExclusive(), width, height, audio)
                    .run(counter);
            writer.finish(limit);
        }
    }

    /** The earliest of the start picture and the start sample of each audio track, in the file's timestamps. */
    private static long startPosition(
            DecodedSource source, long startFrame, FrameRate rate, List<MasterWriter.AudioLayout> audio) {
        long at = source.nanosOfFrame(startFrame, rate);
        for (int i = 0; i < audio.size(); i++) {
            SampleClock clock = new SampleClock(audio.get(i).sampleRate());
            at = Math.min(at, source.audioOrigin(i) + clock.nanosOf(clock.atFrame(startFrame, rate)));
        }
        return at;
    }

    private static MasterWriter.AudioLayout layoutOf(AudioStream stream) {
        return new MasterWriter.AudioLayout(stream.channels(), stream.sampleRate(), stream.bitDepth() >= 24 ? 24 : 16);
    }

    private static Timecode startOf(String subject, MediaInfo info, long startFrame) {
        Timecode original = info.startTimecode();
        if (original == null) {
            return Timecode.fromFrames(startFrame, info.frameRate(), false);
        }
        if (!original.rate().equals(info.frameRate())) {
            throw new GatewayException(
                    Reason.UNSUPPORTED,
                    subject + ": timecode counts at " + original.rate().toFpsString(original.dropFrame())
                            + " but the pictures run at " + info.frameRate().toFpsString()
                            + "; cannot place the trimmed copy's timecode");
        }
        return Timecode.fromFrames(original.toFrames() + startFrame, original.rate(), original.dropFrame());
    }

    private void verify(String subject, TrimRequest request, MediaInfo original, Timecode start, Path copy) {
        MediaInfo made = probe.probe(copy);
        Mismatches wrong = new Mismatches();
        wrong.compare("frame rate", original.frameRate(), made.frameRate());
        wrong.compare("frame count", request.frames(), made.durationFrames());
        wrong.compare("start timecode", start.toString(), String.valueOf(made.startTimecode()));
        if (original.reel() != null) { // without one, qtmux names the timecode track "Tape"
            wrong.compare("reel", original.reel(), made.reel());
        }
        wrong.compare("audio channels", original.audioChannels(), made.audioChannels());
        wrong.compare(
                "picture size",
                original.video().width() + "x" + original.video().height(),
                made.video() == null
                        ? "none"
                        : made.video().width() + "x" + made.video().height());
        wrong.throwIfAny(subject + ": the trimmed copy does not match the request:");
    }
}
