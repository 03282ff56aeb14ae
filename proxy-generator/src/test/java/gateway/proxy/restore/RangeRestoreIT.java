package gateway.proxy.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.MediaInfo;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.storage.ByteRange;
import gateway.model.storage.FileRangeReader;
import gateway.model.storage.RangeReader;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import gateway.proxy.finish.FfmpegFrames;
import gateway.proxy.probe.MediaProbe;
import gateway.proxy.probe.MxfWriters;
import gateway.proxy.probe.QuickTimeSamples;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(300)
class RangeRestoreIT {
    private static final int W = 320;
    private static final int H = 180;

    private final SampleOriginals samples = new SampleOriginals();
    private final MediaProbe probe = new MediaProbe();
    private final RangeRestore restore = new RangeRestore();

    @TempDir
    Path originals;

    @TempDir
    Path out;

    @Test
    void restoresOnlyTheFramesOfAProResOriginalWithItsTimecodeAndReel() throws Exception {
        Path original = samples.generate(
                new SampleSpec(
                        SampleSpec.Container.MOV,
                        SampleSpec.Codec.PRORES_HQ,
                        W,
                        H,
                        FrameRate.FPS_25,
                        250,
                        Timecode.parse("01:00:00:00", FrameRate.FPS_25),
                        "A001C003",
                        2,
                        24,
                        true),
                originals.resolve("A001C003.mov"));
        MediaInfo info = probe.probe(original);
        Path trimmed = out.resolve("A001C003.mov");

        RestoreResult r;
        try (FileRangeReader reader = FileRangeReader.open(original, "nas")) {
            r = restore.restore(reader, info, new FrameSpan(100, 175), 12, trimmed, p -> {});
            assertEquals(reader.bytesRead(), r.bytesFetched(), "every byte read is counted in the result");
        }

        // 3 s with 12-frame handles: frames [88, 187) of the original.
        assertEquals(99, r.trimmed().frames());
        assertEquals("01:00:03:13", r.trimmed().start().toString());
        MediaInfo made = probe.probe(trimmed);
        assertEquals(99, made.durationFrames());
        assertEquals("01:00:03:13", made.startTimecode().toString());
        assertEquals("A001C003", made.reel());
        assertEquals(2, made.audioChannels());
        assertSameFrames(original, 88, trimmed, 0);
        assertSameFrames(original, 137, trimmed, 49);
        assertSameFrames(original, 186, trimmed, 98);

        Needed needed = needed(original, 88, 187);
        long allowed = needed.samples + needed.header + needed.samples / 100;
        assertTrue(
                r.bytesFetched() <= allowed,
                "fetched " + r.bytesFetched() + " bytes; the frames, their sound and timecode hold " + needed.samples
                        + ", the header " + needed.header);
        assertTrue(r.bytesFetched() >= needed.samples, "fetched at least the frames' own bytes");
        assertTrue(r.shareOfWholeFile() < 0.5, "a 99-frame range of 250 frames: " + r.shareOfWholeFile());
        assertTrue(r.plan().rangeExact());
        assertOnly(out, trimmed);
    }

    @Test
    void restoresALongGopOriginalFromTheKeyFrameBeforeTheRange() throws Exception {
        Path original = samples.generate(
                SampleSpec.h264At23976FourChannels().withSize(W, H).withDurationFrames(144),
                originals.resolve("B002C011.mov"));
        MediaInfo info = probe.probe(original);
        Path trimmed = out.resolve("B002C011.mov");

        RestoreResult r;
        try (FileRangeReader reader = FileRangeReader.open(original, "nas")) {
            r = restore.restore(reader, info, new FrameSpan(60, 80), 4, trimmed, p -> {});
        }

        assertEquals(28, r.trimmed().frames());
        Timecode expected = Timecode.fromFrames(
                info.startTimecode().toFrames() + 56,
                info.startTimecode().rate(),
                info.startTimecode().dropFrame());
        assertEquals(expected.toString(), probe.probe(trimmed).startTimecode().toString());
        assertSameFrames(original, 56, trimmed, 0);
        assertSameFrames(original, 70, trimmed, 14);
        assertSameFrames(original, 83, trimmed, 27);
        assertTrue(r.shareOfWholeFile() < 0.6, "a 28-frame range of 144 frames: " + r.shareOfWholeFile());
        assertOnly(out, trimmed);
    }

    @Test
    void theEstimateReadsOnlyTheHeaderAndMatchesWhatTheRestoreFetches() throws Exception {
        Path original = proresWithMovieBoxAtTheEnd("C003.mov", 100);
        MediaInfo info = probe.probe(original);
        RestoreRanges estimate;
        long estimateRead;
        try (FileRangeReader reader = FileRangeReader.open(original, "nas")) {
            estimate = restore.estimate(reader, info, new FrameSpan(40, 60), 5);
            estimateRead = reader.bytesRead();
        }
        Needed needed = needed(original, 35, 65);
        assertTrue(estimateRead <= needed.header + 16 * 8, "the estimate read " + estimateRead + " bytes");
        RestoreResult r;
        try (FileRangeReader reader = FileRangeReader.open(original, "nas")) {
            r = restore.restore(reader, info, new FrameSpan(40, 60), 5, out.resolve("C003.mov"), p -> {});
        }
        assertEquals(estimate, r.plan());
        assertTrue(
                r.bytesFetched() >= estimate.bytes() && r.bytesFetched() <= estimate.bytes() + 16 * 8,
                "fetched " + r.bytesFetched() + ", estimated " + estimate.bytes());
    }

    @Test
    void aReaderThatFailsMidwayGivesAClearErrorAndLeavesNothingBehind() throws Exception {
        Path original = proresWithMovieBoxAtTheEnd("D004.mov", 60);
        MediaInfo info = probe.probe(original);
        Path trimmed = out.resolve("D004.mov");
        try (FileRangeReader file = FileRangeReader.open(original, "archive")) {
            RangeReader failing = new FailingAfter(file, file.sizeBytes() / 20);
            GatewayException e = assertThrows(
                    GatewayException.class,
                    () -> restore.restore(failing, info, new FrameSpan(10, 50), 0, trimmed, p -> {}));
            assertEquals(Reason.IO, e.reason());
            assertTrue(e.getMessage().contains("tier \"archive\""), e.getMessage());
            assertTrue(e.getMessage().contains("bytes "), "names the range: " + e.getMessage());
            assertTrue(e.getMessage().contains("the object store went away"), e.getMessage());
        }
        assertOnly(out);
    }

    @Test
    void restoresOnlyTheFramesOfAnMxfOriginalByItsIndexTableWithItsTimecodeAndReel() throws Exception {
        // ffmpeg's OP1a: essence in the header partition, a constant-size index (DNxHR is CBR).
        Path original = ffmpegMxf(originals.resolve("M001C001.mxf"));
        MediaInfo info = probe.probe(original);
        Path trimmed = out.resolve("M001C001.mov");

        RestoreResult r;
        try (FileRangeReader reader = FileRangeReader.open(original, "nas")) {
            r = restore.restore(reader, info, new FrameSpan(100, 175), 12, trimmed, p -> {});
        }

        assertTrue(r.plan().rangeExact(), String.valueOf(r.plan().wholeFileReason()));
        assertEquals(99, r.trimmed().frames());
        MediaInfo made = probe.probe(trimmed);
        assertEquals(99, made.durationFrames());
        assertEquals("10:00:03:13", made.startTimecode().toString());
        assertEquals("MXF001", made.reel());
        assertEquals(2, made.audioChannels());
        assertSameFrames(original, 88, trimmed, 0);
        assertSameFrames(original, 137, trimmed, 49);
        assertSameFrames(original, 186, trimmed, 98);
        MxfNeeded needed = MxfNeeded.of(original, 88, 187);
        assertTrue(
                r.bytesFetched() <= needed.frames() + needed.header() + needed.frames() / 100,
                "fetched " + r.bytesFetched() + " bytes; the content packages of the frames hold " + needed.frames()
                        + ", the partitions, index and the first content package " + needed.header());
        assertTrue(r.bytesFetched() >= needed.frames(), "fetched at least the frames' own bytes");
        assertOnly(out, trimmed);
    }

    @Test
    void restoresAnMxfOriginalWithAnIndexEntryPerFrameFromItsFooter() throws Exception {
        // GStreamer's mxfmux: essence in a body partition, an index entry per edit unit in the footer.
        Path original = samples.generate(
                SampleSpec.dnxhr1080p25()
                        .withSize(1280, 720)
                        .withDurationFrames(50)
                        .withNoise(false)
                        .withAudioChannels(2),
                originals.resolve("E005.mxf"));
        MediaInfo info = probe.probe(original);
        Path trimmed = out.resolve("E005.mov");
        RestoreResult r;
        try (FileRangeReader reader = FileRangeReader.open(original, "nas")) {
            r = restore.restore(reader, info, new FrameSpan(20, 30), 2, trimmed, p -> {});
        }
        assertTrue(r.plan().rangeExact(), String.valueOf(r.plan().wholeFileReason()));
        assertEquals(14, probe.probe(trimmed).durationFrames());
        MxfNeeded needed = MxfNeeded.of(original, 18, 32);
        assertTrue(
                r.bytesFetched() <= needed.frames() + needed.header() + needed.frames() / 100,
                "fetched " + r.bytesFetched() + " bytes; the frames hold " + needed.frames() + ", the rest "
                        + needed.header());
        FfmpegFrames ffmpeg = new FfmpegFrames(W, H);
        for (long f : new long[] {0, 7, 13}) {
            List<byte[]> o = ffmpeg.luma(original, 18 + f - 1, 18 + f, 18 + f + 1);
            byte[] c = ffmpeg.luma(trimmed, f).get(0);
            assertTrue(
                    FfmpegFrames.difference(c, o.get(1)) * 4
                            < Math.min(FfmpegFrames.difference(c, o.get(0)), FfmpegFrames.difference(c, o.get(2))),
                    "frame " + f + " of the copy is frame " + (18 + f) + " of the original");
        }
    }

    @Test
    void anMxfOriginalWithoutAnIndexTableIsRestoredWholeAndThePlanSaysWhy() throws Exception {
        Path original = ffmpegMxf(originals.resolve("N002C001.mxf"));
        // The index table segment becomes a fill item of the same length: an MXF without an index.
        try (FileChannel ch = FileChannel.open(original, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long at = MxfNeeded.indexSegmentAt(ch);
            ch.write(ByteBuffer.wrap(MxfRanges.FILL_KEY), at);
        }
        MediaInfo info = probe.probe(original);
        try (FileRangeReader reader = FileRangeReader.open(original, "nas")) {
            RestoreRanges plan = restore.estimate(reader, info, new FrameSpan(2, 4), 0);
            assertFalse(plan.rangeExact());
            assertTrue(plan.wholeFileReason().contains("without an index table"), plan.wholeFileReason());
            assertEquals(Files.size(original), plan.bytes());
        }
    }

    /** 10 s of DNxHR HQ 640x360 at 25 fps with 24-bit stereo, timecode 10:00:00:00, reel MXF001 (ffmpeg, OP1a). */
    private static Path ffmpegMxf(Path file) throws IOException, InterruptedException {
        MxfWriters.assumeTool("ffmpeg");
        Process p = new ProcessBuilder(
                        "ffmpeg",
                        "-v",
                        "error",
                        "-nostdin",
                        "-y",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc2=size=640x360:rate=25",
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=frequency=1000:sample_rate=48000",
                        "-t",
                        "10",
                        "-c:v",
                        "dnxhd",
                        "-profile:v",
                        "dnxhr_hq",
                        "-pix_fmt",
                        "yuv422p",
                        "-c:a",
                        "pcm_s24le",
                        "-ac",
                        "2",
                        "-timecode",
                        "10:00:00:00",
                        "-metadata",
                        "reel_name=MXF001",
                        "-f",
                        "mxf",
                        file.toString())
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "ffmpeg did not finish");
        assertEquals(0, p.exitValue(), log);
        return file;
    }

    private Path proresWithMovieBoxAtTheEnd(String name, long frames) throws IOException {
        Path original = samples.generate(
                new SampleSpec(
                        SampleSpec.Container.MOV,
                        SampleSpec.Codec.PRORES_HQ,
                        W,
                        H,
                        FrameRate.FPS_25,
                        frames,
                        Timecode.parse("10:00:00:00", FrameRate.FPS_25),
                        "R1",
                        2,
                        16,
                        true),
                originals.resolve(name));
        return original;
    }

    /** What a range needs, counted independently of the planner: its samples' bytes and the header. */
    private record Needed(long samples, long header) {}

    private static Needed needed(Path original, int from, int to) throws IOException {
        try (FileChannel ch = FileChannel.open(original)) {
            long header = 0;
            ByteBuffer moov = null;
            long offset = 0;
            while (offset + 8 <= ch.size()) {
                ByteBuffer h = ByteBuffer.allocate(8);
                ch.read(h, offset);
                long size = Integer.toUnsignedLong(h.getInt(0));
                String type = QuickTimeSamples.fourcc(h, 4);
                if (type.equals("moov")) {
                    moov = ByteBuffer.allocate((int) size - 8);
                    ch.read(moov, offset + 8);
                    moov.flip();
                    header += size;
                } else if (type.equals("ftyp")) {
                    header += size;
                } else {
                    header += 8;
                }
                offset += size;
            }
            long bytes = 0;
            QuickTimeSamples video = null;
            List<QuickTimeSamples> tracks = QuickTimeSamples.read(moov, original.toString());
            for (QuickTimeSamples t : tracks) {
                if (t.isVideo()) {
                    video = t;
                    for (int s = from; s < to; s++) {
                        bytes += t.sizeOf(s);
                    }
                    header += t.sizeOf(0); // the decoder prerolls on the first picture
                }
            }
            for (QuickTimeSamples t : tracks) {
                if (t.isSound()) {
                    long first = from * video.dominantDelta() * t.timescale() / video.timescale();
                    long end = to * video.dominantDelta() * t.timescale() / video.timescale();
                    bytes += (end - first) * t.sizeOf(0);
                } else if (t.isTimecode()) {
                    bytes += t.sampleCount() * t.sizeOf(0);
                }
            }
            return new Needed(bytes, header);
        }
    }

    private static void assertSameFrames(Path original, long inOriginal, Path copy, long inCopy) throws Exception {
        FfmpegFrames ffmpeg = new FfmpegFrames(W, H);
        List<byte[]> o = ffmpeg.luma(original, inOriginal - 1, inOriginal, inOriginal + 1);
        byte[] c = ffmpeg.luma(copy, inCopy).get(0);
        double same = FfmpegFrames.difference(c, o.get(1));
        double before = FfmpegFrames.difference(c, o.get(0));
        double after = FfmpegFrames.difference(c, o.get(2));
        assertTrue(
                same * 4 < Math.min(before, after),
                "frame " + inCopy + " of the copy differs by " + same + " from original frame " + inOriginal + ", by "
                        + before + " and " + after + " from its neighbours");
    }

    private static void assertOnly(Path dir, Path... expected) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(
                    Stream.of(expected).map(Path::toAbsolutePath).toList(),
                    files.map(Path::toAbsolutePath).toList(),
                    "nothing but the trimmed original is left in " + dir);
        }
    }

    /** A reader whose object store goes away after {@code limit} bytes. */
    private static final class FailingAfter implements RangeReader {
        private final RangeReader inner;
        private final long limit;

        FailingAfter(RangeReader inner, long limit) {
            this.inner = inner;
            this.limit = limit;
        }

        @Override
        public long sizeBytes() throws IOException {
            return inner.sizeBytes();
        }

        @Override
        public void read(ByteRange range, OutputStream out) throws IOException {
            if (inner.bytesRead() + range.lengthBytes() > limit) {
                long part = Math.max(0, limit - inner.bytesRead());
                inner.read(new ByteRange(range.offsetBytes(), part), out);
                throw new IOException(describe() + ": " + range + ": the object store went away");
            }
            inner.read(range, out);
        }

        @Override
        public String describe() {
            return inner.describe();
        }

        @Override
        public long bytesRead() {
            return inner.bytesRead();
        }
    }
}
