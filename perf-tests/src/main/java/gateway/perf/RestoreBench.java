package gateway.perf;

import gateway.model.asset.MediaInfo;
import gateway.model.storage.ByteRange;
import gateway.model.storage.FileRangeReader;
import gateway.model.storage.RangeReader;
import gateway.model.storage.StorageTier;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import gateway.proxy.finish.TrimRequest;
import gateway.proxy.finish.Trimmer;
import gateway.proxy.probe.MediaProbe;
import gateway.proxy.progress.ProgressListener;
import gateway.proxy.restore.FrameSpan;
import gateway.proxy.restore.RangeRestore;
import gateway.proxy.restore.RestoreResult;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Restore for a 5-event conform (3 s each with 12-frame handles) from ten 1-minute ProRes 422 HQ
 * originals (640x360, 25 fps, stereo 24-bit, moving test bars: quick to generate), range-exact against whole-file: range-exact fetches
 * the header, index and frames of each event through a {@link RangeReader} into a sparse copy and
 * trims it; whole-file fetches every used original whole through the same reader, then trims it.
 * Both write the same trimmed originals. The readers come from a {@link StorageTier.Opener} (POSIX
 * files here, counting the bytes they deliver; an object-storage reader plugs in the same way).
 */
final class RestoreBench {
    static final int ORIGINALS = 10;
    static final long FRAMES = 1500;
    static final long EVENT_FRAMES = 75;
    static final long HANDLES = 12;

    private final Path work;
    private final int runs;
    private final StorageTier.Opener opener;

    RestoreBench(Path work, int runs) {
        this(work, runs, original -> FileRangeReader.open(original, "bench"));
    }

    RestoreBench(Path work, int runs, StorageTier.Opener opener) {
        this.work = work.resolve("restore");
        this.runs = runs;
        this.opener = opener;
    }

    List<BenchRow> run() throws IOException {
        List<Path> originals = originals();
        MediaProbe probe = new MediaProbe();
        List<MediaInfo> infos = new ArrayList<>();
        for (Path o : originals) {
            infos.add(probe.probe(o));
        }
        RangeRestore restore = new RangeRestore(new Trimmer(probe));
        Trimmer trimmer = new Trimmer(probe);
        double[] exact = new double[runs];
        double[] whole = new double[runs];
        long exactBytes = 0;
        long wholeBytes = 0;
        for (int run = 0; run < runs; run++) {
            Path out = clean(work.resolve("out"));
            long t0 = System.nanoTime();
            exactBytes = 0;
            for (int e = 0; e < 5; e++) {
                int i = e * 2 + 1; // five of the ten originals, one event each
                try (RangeReader reader = opener.open(originals.get(i))) {
                    RestoreResult r = restore.restore(
                            reader,
                            infos.get(i),
                            span(e),
                            HANDLES,
                            out.resolve("exact-" + e + ".mov"),
                            ProgressListener.NONE);
                    exactBytes += r.bytesFetched();
                }
            }
            exact[run] = (System.nanoTime() - t0) / 1e9;
            Path fetched = clean(work.resolve("whole"));
            long t1 = System.nanoTime();
            wholeBytes = 0;
            for (int e = 0; e < 5; e++) {
                int i = e * 2 + 1;
                Path copy = fetched.resolve(originals.get(i).getFileName());
                try (RangeReader reader = opener.open(originals.get(i));
                        OutputStream to = Files.newOutputStream(copy)) {
                    reader.read(new ByteRange(0, reader.sizeBytes()), to);
                    wholeBytes += reader.bytesRead();
                }
                FrameSpan s = span(e).withHandles(HANDLES, FRAMES);
                trimmer.trim(
                        new TrimRequest(
                                copy, s.startFrame(), s.endFrameExclusive(), out.resolve("whole-" + e + ".mov")),
                        ProgressListener.NONE);
            }
            whole[run] = (System.nanoTime() - t1) / 1e9;
        }
        System.out.printf(
                Locale.ROOT,
                "restore bytes: range-exact %d, whole-file %d, ratio %.4f (goal <= 0.10)%n",
                exactBytes,
                wholeBytes,
                (double) exactBytes / wholeBytes);
        return List.of(new BenchRow(
                "restore 5 events of 10 x 1 min ProRes (range)", "whole", exact, whole, "<= 0.1x bytes, faster"));
    }

    /** Event {@code e}: 3 s at a different place of each original. */
    private static FrameSpan span(int e) {
        long start = 200 + e * 220L;
        return new FrameSpan(start, start + EVENT_FRAMES);
    }

    private List<Path> originals() {
        List<Path> files = new ArrayList<>();
        SampleOriginals samples = new SampleOriginals();
        for (int i = 0; i < ORIGINALS; i++) {
            Path file = work.resolve(String.format("R%03dC001.mov", i + 1));
            if (!Files.exists(file)) {
                System.out.println("generating " + file.getFileName() + " (1 min 640x360 ProRes 422 HQ) ...");
                samples.generate(
                        new SampleSpec(
                                SampleSpec.Container.MOV,
                                SampleSpec.Codec.PRORES_HQ,
                                640,
                                360,
                                FrameRate.FPS_25,
                                FRAMES,
                                Timecode.parse(String.format("%02d:00:00:00", i + 1), FrameRate.FPS_25),
                                String.format("R%03d", i + 1),
                                2,
                                24,
                                false),
                        file,
                        ProgressListener.NONE);
            }
            files.add(file);
        }
        return files;
    }

    private static Path clean(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
