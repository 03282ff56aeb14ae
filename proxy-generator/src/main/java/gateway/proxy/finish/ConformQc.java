package gateway.proxy.finish;

import gateway.model.asset.MediaInfo;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import gateway.model.timeline.Timeline;
import gateway.proxy.probe.MediaProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

/**
 * Conform QC: compares the editor's reference export of the cut with the conformed result, event by
 * event: the rendered master ({@link #compare}) or, without one, the conformed timeline played from
 * its originals ({@link #compareTimeline}). Both sides are decoded in parallel, only around the sampled frames
 * ({@link QcFrames} seeks over the rest), to {@value #WIDTH} x {@value #HEIGHT} pictures (a
 * reference of another size is scaled to it); a few frames of each
 * event are compared by the structural similarity of their luma, searching the reference
 * {@link QcOptions#searchFrames} frames either side for the best match ({@link QcJudge} decides).
 *
 * <p>Exact time: frames are integers at the cut's rate. Reference frame = conformed frame +
 * {@code shift}: the reference starts at the cut's first frame ({@code shift} 0), unless both carry
 * a start timecode, in which case the timecodes align them ({@code shift} = conformed start -
 * reference start, in frames), unless that would put the whole cut outside the reference (a
 * reference stamped 00:00:00:00 for a cut at 01:00:00:00: the timecode is ignored, with a note).
 * A reference at another rate is not compared (every event "not checked", with the reason).
 */
public final class ConformQc {
    static final int WIDTH = 96;
    static final int HEIGHT = 54;

    private final MediaProbe probe;

    public ConformQc(MediaProbe probe) {
        this.probe = Objects.requireNonNull(probe, "probe");
    }

    public ConformQc() {
        this(new MediaProbe());
    }

    /** The conformed side: what it is, its rate, start, length and size, and how to read its pictures. */
    private record Conformed(
            String name,
            FrameRate rate,
            Timecode start,
            long durationFrames,
            int width,
            int height,
            BiFunction<NavigableSet<Long>, Duration, Map<Long, QcPicture>> pictures) {}

    /**
     * Compares {@code reference} with {@code conformed} at {@code events}. Fails with NOT_FOUND /
     * CORRUPT when a movie cannot be read, INVALID_ARGUMENT when one has no picture.
     */
    public QcResult compare(Path conformed, Path reference, List<QcEvent> events, QcOptions options) {
        MediaInfo cut = requirePicture(probe.probe(conformed), conformed);
        return compare(
                new Conformed(
                        conformed.getFileName().toString(),
                        cut.frameRate(),
                        cut.startTimecode(),
                        cut.durationFrames(),
                        cut.video().width(),
                        cut.video().height(),
                        (wanted, limit) -> QcFrames.read(
                                conformed, cut.video().codec(), cut.frameRate(), WIDTH, HEIGHT, wanted, limit)),
                reference,
                events,
                options);
    }

    /**
     * Compares {@code reference} with the conformed {@code timeline} itself, no master rendered: each
     * sampled record frame is played from the originals its clips link to ({@link TimelinePictures}:
     * the render's layout and frame mapping, only the sampled frames decoded). Record frame 0 is the
     * timeline's first frame, at its global start timecode. Fails as {@link #compare(Path, Path,
     * List, QcOptions)} does, and as a render would for an original it cannot play (another rate,
     * frames it does not hold).
     */
    public QcResult compareTimeline(Timeline timeline, Path reference, List<QcEvent> events, QcOptions options) {
        int[] size = TimelinePictures.size(timeline, probe);
        Timecode start = Timecode.of(timeline.globalStart(), MasterRender.dropFrame(timeline));
        return compare(
                new Conformed(
                        "the conformed timeline '" + timeline.name() + "' (played from its originals)",
                        timeline.rate(),
                        start,
                        timeline.duration().value(),
                        size == null ? WIDTH : size[0],
                        size == null ? HEIGHT : size[1],
                        (wanted, limit) -> TimelinePictures.read(timeline, probe, wanted, WIDTH, HEIGHT, limit)),
                reference,
                events,
                options);
    }

    private QcResult compare(Conformed cut, Path reference, List<QcEvent> events, QcOptions options) {
        MediaInfo ref = requirePicture(probe.probe(reference), reference);
        FrameRate rate = cut.rate();
        List<String> notes = new ArrayList<>();
        String refName = reference.getFileName().toString();
        Timecode refStart = ref.startTimecode();
        String refStartText = refStart == null ? null : refStart.toString();
        if (!ref.frameRate().equals(rate)) {
            String why = "the reference runs at " + ref.frameRate().toDecimalString() + " fps, the cut at "
                    + rate.toDecimalString() + " fps: a frame-rate conversion is not compared";
            notes.add(why);
            return new QcResult(
                    refName,
                    ref.frameRate(),
                    ref.video().width(),
                    ref.video().height(),
                    ref.durationFrames(),
                    refStartText,
                    0,
                    options.searchFrames(),
                    notes,
                    events.stream().map(e -> QcFinding.notChecked(e, why)).toList());
        }
        if (ref.video().width() != cut.width() || ref.video().height() != cut.height()) {
            notes.add("the reference is " + ref.video().width() + "x"
                    + ref.video().height() + ", the cut "
                    + cut.width() + "x" + cut.height() + ": both are compared scaled to "
                    + WIDTH + "x" + HEIGHT);
        }
        long shift = shift(cut.start(), cut.durationFrames(), ref, notes);
        QcJudge judge = new QcJudge(rate, cut.start(), ref.durationFrames(), shift, options);
        NavigableSet<Long> cutFrames = new TreeSet<>();
        NavigableSet<Long> refFrames = new TreeSet<>();
        for (QcEvent e : events) {
            judge.wanted(e, cut.durationFrames(), cutFrames, refFrames);
        }
        if (options.pictures() != null) {
            try {
                Files.createDirectories(options.pictures());
            } catch (IOException e) {
                throw GatewayException.io("cannot create the QC pictures folder " + options.pictures() + ": " + e, e);
            }
        }
        Duration limit = Duration.ofSeconds(120 + Math.max(cut.durationFrames(), ref.durationFrames()) / 10);
        CompletableFuture<Map<Long, QcPicture>> cutPictures = new CompletableFuture<>();
        Thread.ofPlatform().name("qc-decode-conformed").start(() -> {
            try {
                cutPictures.complete(cut.pictures().apply(cutFrames, limit));
            } catch (Throwable t) {
                cutPictures.completeExceptionally(t);
            }
        });
        Map<Long, QcPicture> refPictures =
                QcFrames.read(reference, ref.video().codec(), rate, WIDTH, HEIGHT, refFrames, limit);
        Map<Long, QcPicture> cutMap = await(cutPictures, limit, cut.name());
        List<QcFinding> findings = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            findings.add(judge.judge(i, events.get(i), cut.durationFrames(), cutMap, refPictures));
        }
        return new QcResult(
                refName,
                ref.frameRate(),
                ref.video().width(),
                ref.video().height(),
                ref.durationFrames(),
                refStartText,
                shift,
                options.searchFrames(),
                notes,
                findings);
    }

    private static long shift(Timecode cutStart, long cutFrames, MediaInfo ref, List<String> notes) {
        Timecode refStart = ref.startTimecode();
        if (refStart == null || cutStart == null) {
            notes.add("the reference carries no timecode: its first frame is taken as the cut's first frame");
            return 0;
        }
        long shift = cutStart.toFrames() - refStart.toFrames();
        if (shift >= ref.durationFrames() || shift + cutFrames <= 0) {
            notes.add("the reference's timecode " + refStart + " would place the cut (from " + cutStart
                    + ") outside it: the timecode is ignored and its first frame taken as the cut's first");
            return 0;
        }
        if (shift != 0) {
            notes.add("aligned by timecode: the cut starts at " + cutStart + ", the reference at " + refStart);
        }
        return shift;
    }

    private static MediaInfo requirePicture(MediaInfo info, Path file) {
        if (info.video() == null) {
            throw GatewayException.invalid("conform QC: " + file.getFileName() + " has no picture to compare");
        }
        return info;
    }

    private static Map<Long, QcPicture> await(
            CompletableFuture<Map<Long, QcPicture>> future, Duration limit, String name) {
        try {
            return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new GatewayException(
                    Reason.TIMEOUT, "conform QC: decoding " + name + " took over " + limit.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(Reason.CANCELLED, "conform QC interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GatewayException g) {
                throw g;
            }
            throw new GatewayException(
                    Reason.INTERNAL, "conform QC: decoding " + name + ": " + e.getCause(), e.getCause());
        }
    }
}
