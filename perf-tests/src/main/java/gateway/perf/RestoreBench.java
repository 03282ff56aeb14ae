package gateway.perf;

import gateway.model.asset.Checksums;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.ProjectId;
import gateway.model.storage.RangeReader;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import gateway.proxy.checksum.FileChecksums;
import gateway.proxy.finish.TrimRequest;
import gateway.proxy.finish.Trimmer;
import gateway.proxy.probe.MediaProbe;
import gateway.proxy.progress.ProgressListener;
import gateway.proxy.restore.FrameSpan;
import gateway.proxy.restore.RangeRestore;
import gateway.proxy.restore.RestoreResult;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import gateway.tiers.ObjectStore;
import gateway.tiers.S3Tier;
import gateway.tiers.TierMeter;
import gateway.tiers.embedded.EmbeddedS3;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Restore for a 5-event conform (3 s each with 12-frame handles) from ten 1-minute ProRes 422 HQ
 * originals (640x360, 25 fps, stereo 24-bit, moving test bars: quick to generate) held on an object
 * tier: the embedded S3 server (S3Proxy on loopback, the demo's object tier), range-exact against
 * whole-file. Range-exact fetches the header, index and frames of each event by ranged GETs into a
 * sparse copy and trims it; whole-file fetches every used original whole (checked against its
 * xxh64 + MD5, as a whole-file restore is), then trims it. Both write the same trimmed originals.
 * The bytes are counted by the server's side of the wire (headers included), not by our client.
 */
final class RestoreBench {
    static final int ORIGINALS = 10;
    static final long FRAMES = 1500;
    static final long EVENT_FRAMES = 75;
    static final long HANDLES = 12;
    private static final ProjectId PROJECT = new ProjectId("bench");
    private static final String BUCKET = "bench";

    private final Path work;
    private final int runs;

    RestoreBench(Path work, int runs) {
        this.work = work.resolve("restore");
        this.runs = runs;
    }

    List<BenchRow> run() throws IOException {
        List<Path> originals = originals();
        MediaProbe probe = new MediaProbe();
        List<MediaInfo> infos = new ArrayList<>();
        for (Path o : originals) {
            infos.add(probe.probe(o));
        }
        try (EmbeddedS3 s3 = EmbeddedS3.start(work.resolve("object-store"));
                ObjectStore store = new ObjectStore(
                        s3.tier("object", BUCKET, "originals", S3Tier.MIN_PART_BYTES * 2), TierMeter.NONE)) {
            s3.createBucket(BUCKET);
            List<String> keys = new ArrayList<>();
            List<Checksums> sums = new ArrayList<>();
            for (Path o : originals) {
                String key = store.keyFor(
                        PROJECT,
                        o.getFileName().toString().replace(".mov", ""),
                        o.getFileName().toString());
                Checksums c = FileChecksums.compute(o);
                if (store.head(key).filter(h -> c.xxh64().equals(h.xxh64())).isEmpty()) {
                    System.out.println("uploading " + o.getFileName() + " to "
                            + store.tier().address(key) + " ...");
                    store.upload(key, o, c, PROJECT);
                }
                keys.add(key);
                sums.add(c);
            }
            return measure(s3, store, keys, sums, infos, probe);
        }
    }

    private List<BenchRow> measure(
            EmbeddedS3 s3,
            ObjectStore store,
            List<String> keys,
            List<Checksums> sums,
            List<MediaInfo> infos,
            MediaProbe probe)
            throws IOException {
        RangeRestore restore = new RangeRestore(new Trimmer(probe));
        Trimmer trimmer = new Trimmer(probe);
        double[] exact = new double[runs];
        double[] whole = new double[runs];
        long[] exactServed = new long[runs];
        long[] wholeServed = new long[runs];
        long exactClient = 0;
        long wholeFileBytes = 0;
        for (int run = 0; run < runs; run++) {
            Path out = clean(work.resolve("out"));
            long served0 = s3.bytesServed();
            long t0 = System.nanoTime();
            exactClient = 0;
            wholeFileBytes = 0;
            for (int e = 0; e < 5; e++) {
                int i = e * 2 + 1; // five of the ten originals, one event each
                try (RangeReader reader = store.reader(keys.get(i), PROJECT)) {
                    RestoreResult r = restore.restore(
                            reader,
                            infos.get(i),
                            span(e),
                            HANDLES,
                            out.resolve("exact-" + e + ".mov"),
                            ProgressListener.NONE);
                    exactClient += r.bytesFetched();
                    wholeFileBytes += r.wholeFileBytes();
                }
            }
            exact[run] = (System.nanoTime() - t0) / 1e9;
            exactServed[run] = s3.bytesServed() - served0;
            Path fetched = clean(work.resolve("whole"));
            long served1 = s3.bytesServed();
            long t1 = System.nanoTime();
            for (int e = 0; e < 5; e++) {
                int i = e * 2 + 1;
                Path copy = fetched.resolve("whole-" + e + ".mov");
                store.restoreWhole(keys.get(i), sums.get(i), PROJECT, copy);
                FrameSpan s = span(e).withHandles(HANDLES, FRAMES);
                trimmer.trim(
                        new TrimRequest(
                                copy, s.startFrame(), s.endFrameExclusive(), out.resolve("whole-" + e + ".mov")),
                        ProgressListener.NONE);
            }
            whole[run] = (System.nanoTime() - t1) / 1e9;
            wholeServed[run] = s3.bytesServed() - served1;
        }
        long exactBytes = median(exactServed);
        long wholeBytes = median(wholeServed);
        System.out.printf(
                Locale.ROOT,
                "restore from the embedded S3 tier (S3Proxy on %s), bytes the server sent (median of %d):%n"
                        + "  range-exact %,d bytes (our client counted %,d of the objects' bytes)%n"
                        + "  whole-file  %,d bytes (the 5 used originals are %,d bytes)%n"
                        + "  bytes ratio %.4f (goal <= 0.10), time: range-exact %.2f s, whole-file %.2f s, ratio %.2f"
                        + " (goal < 1)%n",
                s3.endpoint(),
                runs,
                exactBytes,
                exactClient,
                wholeBytes,
                wholeFileBytes,
                (double) exactBytes / wholeBytes,
                BenchRow.median(exact),
                BenchRow.median(whole),
                BenchRow.median(exact) / BenchRow.median(whole));
        return List.of(new BenchRow(
                "restore 5 events of 10 x 1 min ProRes from S3", "whole", exact, whole, "<= 0.1x bytes, faster"));
    }

    private static long median(long[] xs) {
        long[] s = xs.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
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
