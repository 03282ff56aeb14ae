package gateway.proxy.finish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.model.time.Timecode;
import gateway.model.timeline.Clip;
import gateway.model.timeline.ExternalReference;
import gateway.model.timeline.Gap;
import gateway.model.timeline.Item;
import gateway.model.timeline.Timeline;
import gateway.model.timeline.Track;
import gateway.model.timeline.TrackKind;
import gateway.proxy.gst.PipelineJob;
import gateway.proxy.probe.MediaProbe;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conform QC end to end on rendered movies: a master rendered from generated originals is compared
 * with references rendered from the same cut, right and with one fault each (a one-frame slip, the
 * other take of a reel at the same timecode, a missing shot, a reference that ends early).
 */
class ConformQcIT {
    private static final FrameRate RATE = FrameRate.FPS_25;
    private static final long A_START = Timecode.parse("01:00:00:00", RATE).toFrames();
    private static final long B_START = Timecode.parse("02:00:00:00", RATE).toFrames();
    private static final int W = 192;
    private static final int H = 108;

    @TempDir
    static Path dir;

    private static Path a;
    private static Path aTake2;
    private static Path b;
    private static Path master;

    private final ConformQc qc = new ConformQc(new MediaProbe());

    @BeforeAll
    static void makeOriginalsAndMaster() {
        SampleOriginals samples = new SampleOriginals();
        a = samples.generate(spec("01:00:00:00", "A001"), dir.resolve("A001.mov"));
        b = samples.generate(spec("02:00:00:00", "B001"), dir.resolve("B001.mov"));
        aTake2 = dir.resolve("A001_take2.mov"); // same reel, same timecode, another picture
        try (PipelineJob job = PipelineJob.parse(
                "videotestsrc num-buffers=100 pattern=ball ! video/x-raw,width=" + W + ",height=" + H
                        + ",framerate=25/1 ! videoconvert ! video/x-raw,format=I422_10LE ! avenc_prores_ks profile=hq"
                        + " ! qtmux ! filesink location=" + aTake2,
                "take 2")) {
            job.run(Duration.ofSeconds(60)).orThrow("take 2");
        }
        master = render(cut(UnaryOperator.identity()), "master.mov", 0, 0);
    }

    private static SampleSpec spec(String start, String reel) {
        return new SampleSpec(
                SampleSpec.Container.MOV,
                SampleSpec.Codec.PRORES_HQ,
                W,
                H,
                RATE,
                100,
                Timecode.parse(start, RATE),
                reel,
                0,
                24,
                false);
    }

    private static Clip clip(String name, Path file, long fileStart, long first, long n) {
        return Clip.of(
                name,
                TimeRange.of(fileStart + first, n, RATE),
                ExternalReference.of(file.toUri().toString(), TimeRange.of(fileStart, 100, RATE)));
    }

    /** The cut: five events of 15-20 frames, A and B alternating; {@code change} alters the list. */
    private static Timeline cut(UnaryOperator<List<Item>> change) {
        return cut(a, b, change);
    }

    private static Timeline cut(Path a, Path b, UnaryOperator<List<Item>> change) {
        List<Item> v1 = new ArrayList<>(List.of(
                clip("1", a, A_START, 10, 20), // record 0-19
                clip("2", b, B_START, 30, 20), // 20-39
                clip("3", a, A_START, 50, 20), // 40-59
                clip("4", b, B_START, 60, 20), // 60-79
                clip("5", a, A_START, 80, 15))); // 80-94
        return Timeline.of(
                "qc",
                Timecode.parse("10:00:00:00", RATE).toTime(),
                List.of(Track.of("V1", TrackKind.VIDEO, change.apply(v1))));
    }

    private static Path render(Timeline t, String name, int w, int h) {
        RenderOptions o = RenderOptions.to(dir.resolve(name));
        return new MasterRender()
                .render(t, w == 0 ? o : o.withSize(w, h), p -> {})
                .file();
    }

    private static List<QcEvent> events() {
        return List.of(
                QcEvent.checked("1", "V1", 0, 20),
                QcEvent.checked("2", "V1", 20, 20),
                QcEvent.checked("3", "V1", 40, 20),
                QcEvent.checked("4", "V1", 60, 20),
                QcEvent.checked("5", "V1", 80, 15),
                QcEvent.checked("6", "V1", 80, 2),
                new QcEvent("7", "V1", 0, 95, "a title: generators are not compared"));
    }

    private QcResult check(Path reference, String pictures) {
        QcResult r = qc.compare(master, reference, events(), QcOptions.defaults(dir.resolve(pictures)));
        for (QcFinding f : r.findings()) {
            System.out.printf(
                    "QC %s event %s: %s %+d %.3f %s%n",
                    reference.getFileName(), f.event(), f.status(), f.offset(), f.similarity(), f.message());
        }
        return r;
    }

    private static List<QcFinding.Status> statuses(QcResult r) {
        return r.findings().stream().map(QcFinding::status).toList();
    }

    private static final QcFinding.Status OK = QcFinding.Status.OK;
    private static final QcFinding.Status NOT_CHECKED = QcFinding.Status.NOT_CHECKED;

    @Test
    void theRightReferenceIsAllOkEvenAtAnotherSize() {
        Path reference = render(cut(UnaryOperator.identity()), "right.mov", 160, 90);

        QcResult r = check(reference, "right");

        assertEquals(List.of(OK, OK, OK, OK, OK, NOT_CHECKED, NOT_CHECKED), statuses(r));
        assertTrue(
                r.findings().get(5).message().contains("2 frame(s)"),
                r.findings().get(5).message());
        assertEquals("a title: generators are not compared", r.findings().get(6).message());
        assertTrue(
                r.notes().stream().anyMatch(n -> n.contains("160x90")),
                r.notes().toString());
        assertEquals(0, r.shift());
        for (int i = 0; i < 5; i++) {
            assertTrue(
                    r.findings().get(i).similarity() >= 0.95,
                    r.findings().get(i).toString());
        }
    }

    @Test
    void aOneFrameSlipIsAnOffsetOfOneFrame() throws Exception {
        Path reference = render(
                cut(v -> {
                    v.set(1, clip("2", b, B_START, 31, 20)); // the editor's shot starts one frame later
                    return v;
                }),
                "slipped.mov",
                0,
                0);

        QcResult r = check(reference, "slipped");

        assertEquals(List.of(OK, QcFinding.Status.OFFSET, OK, OK, OK, NOT_CHECKED, NOT_CHECKED), statuses(r));
        QcFinding slip = r.findings().get(1);
        assertEquals(-1, slip.offset(), slip.message());
        assertTrue(slip.message().startsWith("offset by -1 frame(s)"), slip.message());
        assertTrue(Files.size(dir.resolve("slipped").resolve(slip.referencePicture())) > 100);
        assertTrue(Files.size(dir.resolve("slipped").resolve(slip.conformedPicture())) > 100);
    }

    @Test
    void theOtherTakeAtTheSameTimecodeIsADifferentPicture() {
        Path reference = render(
                cut(v -> {
                    v.set(2, clip("3", aTake2, A_START, 50, 20));
                    return v;
                }),
                "take2.mov",
                0,
                0);

        QcResult r = check(reference, "take2");

        assertEquals(
                List.of(OK, OK, QcFinding.Status.DIFFERENT_PICTURE, OK, OK, NOT_CHECKED, NOT_CHECKED), statuses(r));
        assertTrue(
                r.findings().get(2).similarity() < QcJudge.MATCH,
                r.findings().get(2).toString());
    }

    @Test
    void aMissingShotAndAShortReferenceAreFlagged() {
        Path reference = render(
                cut(v -> {
                    v.set(3, Gap.of(20, RATE)); // event 4 is black in the reference
                    v.remove(4); // and the reference ends after it
                    return v;
                }),
                "missing.mov",
                0,
                0);

        QcResult r = check(reference, "missing");

        assertEquals(
                List.of(OK, OK, OK, QcFinding.Status.DIFFERENT_PICTURE, NOT_CHECKED, NOT_CHECKED, NOT_CHECKED),
                statuses(r));
        assertTrue(
                r.findings().get(3).message().contains("flat"),
                r.findings().get(3).message());
        assertTrue(
                r.findings().get(4).message().startsWith("the reference ends at 10:00:03:05"),
                r.findings().get(4).message());
    }

    @Test
    void theConformedTimelineIsCheckedWithoutAMasterAndItsSlipIsFound() {
        Path reference = render(cut(UnaryOperator.identity()), "editor.mov", 160, 90);
        // the conform got event 3 one frame late: its source starts at 51 where the editor cut at 50
        Timeline slipped = cut(v -> {
            v.set(2, clip("3", a, A_START, 51, 20));
            return v;
        });

        QcResult right = qc.compareTimeline(
                cut(UnaryOperator.identity()), reference, events(), QcOptions.defaults(dir.resolve("tl-right")));
        QcResult wrong =
                qc.compareTimeline(slipped, reference, events(), QcOptions.defaults(dir.resolve("tl-slipped")));

        assertEquals(
                List.of(OK, OK, OK, OK, OK, NOT_CHECKED, NOT_CHECKED),
                statuses(right),
                right.findings().toString());
        assertEquals(0, right.shift(), "the timeline starts at 10:00:00:00 as the reference does");
        assertEquals(
                List.of(OK, OK, QcFinding.Status.OFFSET, OK, OK, NOT_CHECKED, NOT_CHECKED),
                statuses(wrong),
                wrong.findings().toString());
        assertEquals(
                1, wrong.findings().get(2).offset(), wrong.findings().get(2).message());
    }

    /**
     * Fine colour detail: eight strips of SMPTE bars side by side (56 bars across), each strip moving
     * at its own speed ({@code speed} + the strip's number, pixels a frame).
     */
    private static Path fineColourDetail(String name, int width, int height, int speed) {
        Path file = dir.resolve(name);
        int strip = width / 8;
        StringBuilder d = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            d.append("videotestsrc num-buffers=100 pattern=smpte horizontal-speed=")
                    .append(speed + i)
                    .append(" ! video/x-raw,width=")
                    .append(strip)
                    .append(",height=")
                    .append(height)
                    .append(",framerate=25/1 ! mix.sink_")
                    .append(i)
                    .append(' ');
        }
        d.append("compositor name=mix");
        for (int i = 0; i < 8; i++) {
            d.append(" sink_").append(i).append("::xpos=").append(i * strip);
        }
        d.append(" ! video/x-raw,width=")
                .append(width)
                .append(",height=")
                .append(height)
                .append(",framerate=25/1 ! videoconvert ! video/x-raw,format=I422_10LE ! avenc_prores_ks profile=hq")
                .append(" ! qtmux ! filesink location=")
                .append(file);
        try (PipelineJob job = PipelineJob.parse(d.toString(), name)) {
            job.run(Duration.ofSeconds(120)).orThrow(name);
        }
        return file;
    }

    /**
     * The audit's false "colour differs": without a master the conformed side is shrunk to QC size
     * from the originals (here 640 x 360), the reference from its own size (160 x 90). Before QC
     * shrank by area and compared chroma per block, every event of this right reference scored a
     * similarity of 0.95-0.97 but a mean chroma difference of 18 of 255 (over {@link
     * QcJudge#CHROMA_MAX}): all at colour edges, which the two-tap shrink from two sizes drew
     * differently.
     */
    @Test
    void withoutAMasterARightReferenceOfFineColourDetailIsOkOnEveryEvent() {
        Path fineA = fineColourDetail("fine-A.mov", 640, 360, 1);
        Path fineB = fineColourDetail("fine-B.mov", 640, 360, 3);
        Timeline timeline = cut(fineA, fineB, UnaryOperator.identity());
        Path reference = render(timeline, "fine-editor.mov", 160, 90);

        QcResult r = qc.compareTimeline(timeline, reference, events(), QcOptions.defaults(dir.resolve("fine")));
        for (QcFinding f : r.findings()) {
            System.out.printf(
                    "QC fine event %s: %s %+d %.3f %s%n",
                    f.event(), f.status(), f.offset(), f.similarity(), f.message());
        }

        assertEquals(
                List.of(OK, OK, OK, OK, OK, NOT_CHECKED, NOT_CHECKED),
                statuses(r),
                r.findings().toString());
    }

    @Test
    void aReferenceAtAnotherRateIsNotComparedAndEveryEventSaysWhy() {
        Path reference = dir.resolve("at24.mov");
        try (PipelineJob job = PipelineJob.parse(
                "videotestsrc num-buffers=100 pattern=smpte ! video/x-raw,width=" + W + ",height=" + H
                        + ",framerate=24/1 ! videoconvert ! video/x-raw,format=I422_10LE ! avenc_prores_ks profile=hq"
                        + " ! qtmux ! filesink location=" + reference,
                "24 fps reference")) {
            job.run(Duration.ofSeconds(60)).orThrow("24 fps reference");
        }

        QcResult r = check(reference, "at24");

        assertEquals(7, r.findings().size());
        for (QcFinding f : r.findings()) {
            assertEquals(NOT_CHECKED, f.status(), f.toString());
            assertTrue(
                    f.message()
                            .equals("the reference runs at 24 fps, the cut at 25 fps: a frame-rate conversion"
                                    + " is not compared"),
                    f.message());
        }
    }
}
