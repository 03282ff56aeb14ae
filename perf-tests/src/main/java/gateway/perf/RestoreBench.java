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
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import gateway.tiers.ObjectStore;
import gateway.tiers.S3Tier;
import gateway.tiers.TierMeter;
import gateway.tiers.embedded.EmbeddedS3;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Restore for a 5-event conform (3 s each with 12-frame handles) from ten 1-minute ProRes 422 HQ
 * originals (640x360, 25 fps, stereo 24-bit, moving test bars: quick to generate) held on an object
 * tier: the embedded S3 server (S3Proxy, the demo's object tier), range-exact against whole-file,
 * reached through an emulated facility-to-cloud link ({@link #LINK_MBIT_PER_SECOND} Mbit/s,
 * {@link #LINK_ONE_WAY_DELAY_MS} ms each way: {@link LinkEmulator}, the streaming bench's). Range-exact
 * fetches the header, index and frames of each event by ranged GETs into a sparse copy and trims it;
 * whole-file fetches every used original whole (checked against its xxh64 + MD5, as a whole-file
 * restore is), then trims it. Both write the same trimmed originals; the fetch and the trim are timed
 * apart. The fetch alone is also timed on loopback (no link), for scale. The bytes are counted by the
 * server's side of the wire (headers included), not by our client.
 */
final class RestoreBench {
    static final int ORIGINALS = 10;
    static final long FRAMES = 1500;
    static final long EVENT_FRAMES = 75;
    static final long HANDLES = 12;
    private static final ProjectId PROJECT = new ProjectId("bench");
    private static final String BUCKET = "bench";

    /**
     * The link to the object store: a facility's 200 Mbit/s to a cloud region 10 ms away (round
     * trip). On loopback moving bytes costs next to nothing, which hides what range-exact restore
     * saves; an object store is reached over a network.
     */
    static final double LINK_MBIT_PER_SECOND = 200;

    static final int LINK_ONE_WAY_DELAY_MS = 5;

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
            ObjectStore near,
            List<String> keys,
            List<Checksums> sums,
            List<MediaInfo> infos,
            MediaProbe probe)
            throws IOException {
        System.out.println("restore: " + LinkEmulator.measure(LINK_ONE_WAY_DELAY_MS, LINK_MBIT_PER_SECOND));
        S3Tier direct = near.tier();
        try (LinkEmulator link =
                        LinkEmulator.start(s3.endpoint().getPort(), LINK_ONE_WAY_DELAY_MS, LINK_MBIT_PER_SECOND, 0);
                ObjectStore far = new ObjectStore(
                        new S3Tier(
                                direct.name(),
                                URI.create("http://127.0.0.1:" + link.port()),
                                direct.bucket(),
                                direct.prefix(),
                                direct.region(),
                                direct.pathStyle(),
                                direct.partSizeBytes(),
                                direct.credentials()),
                        TierMeter.NONE)) {
            Paths paths = new Paths(s3, keys, sums, infos, new RangeRestore(new Trimmer(probe)), new Trimmer(probe));
            Phase[] exact = new Phase[runs];
            Phase[] whole = new Phase[runs];
            Phase[] exactNear = new Phase[runs];
            Phase[] wholeNear = new Phase[runs];
            for (int run = 0; run < runs; run++) {
                exact[run] = paths.rangeExact(far, true);
                whole[run] = paths.wholeFile(far, true);
                exactNear[run] = paths.rangeExact(near, false);
                wholeNear[run] = paths.wholeFile(near, false);
            }
            Phase e = Phase.median(exact);
            Phase w = Phase.median(whole);
            Phase en = Phase.median(exactNear);
            Phase wn = Phase.median(wholeNear);
            System.out.printf(
                    Locale.ROOT,
                    "restore of 5 events (%d frames each with handles) from the embedded S3 tier (S3Proxy) through an"
                            + " emulated link of %s (facility to a cloud region), medians of %d runs; bytes as the"
                            + " server sent them:%n"
                            + "                 bytes served   fetch s   trim s   total s%n"
                            + "  range-exact  %,14d  %8.2f  %7.2f  %8.2f%n"
                            + "  whole-file   %,14d  %8.2f  %7.2f  %8.2f%n"
                            + "  ratio range-exact / whole-file: bytes %.4f (goal <= 0.10), wall time %.2f (goal < 1)%n"
                            + "  on loopback (no link), fetch only: range-exact %.2f s, whole-file %.2f s, ratio %.2f%n",
                    EVENT_FRAMES + 2 * HANDLES,
                    link.describe(),
                    runs,
                    e.served(),
                    e.fetchSeconds(),
                    e.trimSeconds(),
                    e.totalSeconds(),
                    w.served(),
                    w.fetchSeconds(),
                    w.trimSeconds(),
                    w.totalSeconds(),
                    (double) e.served() / w.served(),
                    e.totalSeconds() / w.totalSeconds(),
                    en.fetchSeconds(),
                    wn.fetchSeconds(),
                    en.fetchSeconds() / wn.fetchSeconds());
            return List.of(
                    new BenchRow(
                            "restore 5 ev. of 10x1min ProRes, S3 200Mbit/s",
                            "whole",
                            Phase.totals(exact),
                            Phase.totals(whole),
                            "<= 0.1x bytes, faster"),
                    new BenchRow(
                            "  same, fetch only, S3 on loopback",
                            "whole",
                            Phase.fetches(exactNear),
                            Phase.fetches(wholeNear),
                            "(no network: for scale)"));
        }
    }

    /** One run of one path: bytes the server sent, seconds fetching, seconds trimming. */
    private record Phase(long served, double fetchSeconds, double trimSeconds) {
        double totalSeconds() {
            return fetchSeconds + trimSeconds;
        }

        static double[] totals(Phase[] runs) {
            return java.util.Arrays.stream(runs)
                    .mapToDouble(Phase::totalSeconds)
                    .toArray();
        }

        static double[] fetches(Phase[] runs) {
            return java.util.Arrays.stream(runs)
                    .mapToDouble(Phase::fetchSeconds)
                    .toArray();
        }

        /** Each figure's own median over the runs. */
        static Phase median(Phase[] runs) {
            return new Phase(
                    RestoreBench.median(java.util.Arrays.stream(runs)
                            .mapToLong(Phase::served)
                            .toArray()),
                    BenchRow.median(fetches(runs)),
                    BenchRow.median(java.util.Arrays.stream(runs)
                            .mapToDouble(Phase::trimSeconds)
                            .toArray()));
        }
    }

    /** The two ways to restore the 5 events, each timed in its fetch and its trim. */
    private final class Paths {
        private final EmbeddedS3 s3;
        private final List<String> keys;
        private final List<Checksums> sums;
        private final List<MediaInfo> infos;
        private final RangeRestore restore;
        private final Trimmer trimmer;

        Paths(
                EmbeddedS3 s3,
                List<String> keys,
                List<Checksums> sums,
                List<MediaInfo> infos,
                RangeRestore restore,
                Trimmer trimmer) {
            this.s3 = s3;
            this.keys = keys;
            this.sums = sums;
            this.infos = infos;
            this.restore = restore;
            this.trimmer = trimmer;
        }

        /**
         * What {@link RangeRestore#restore} does, in its two steps: the header, index and the event's
         * frames into a sparse copy by ranged GETs, then the trim of that copy.
         */
        Phase rangeExact(ObjectStore store, boolean trim) throws IOException {
            Path out = clean(work.resolve("out"));
            long served = s3.bytesServed();
            long fetch = 0;
            long trimming = 0;
            for (int e = 0; e < 5; e++) {
                int i = e * 2 + 1; // five of the ten originals, one event each
                FrameSpan s = span(e).withHandles(HANDLES, FRAMES);
                Path partial = out.resolve(".exact-" + e + ".mov.partial");
                long t0 = System.nanoTime();
                try (RangeReader reader = store.reader(keys.get(i), PROJECT)) {
                    restore.fetchPartial(reader, infos.get(i).container(), s, partial);
                }
                long t1 = System.nanoTime();
                if (trim) {
                    trimmer.trim(
                            new TrimRequest(
                                    partial, s.startFrame(), s.endFrameExclusive(), out.resolve("exact-" + e + ".mov")),
                            ProgressListener.NONE);
                }
                trimming += System.nanoTime() - t1;
                fetch += t1 - t0;
                Files.delete(partial);
            }
            return new Phase(s3.bytesServed() - served, fetch / 1e9, trimming / 1e9);
        }

        /** The whole object fetched (and checked against its xxh64 + MD5), then trimmed. */
        Phase wholeFile(ObjectStore store, boolean trim) throws IOException {
            Path out = clean(work.resolve("out"));
            Path fetched = clean(work.resolve("whole"));
            long served = s3.bytesServed();
            long fetch = 0;
            long trimming = 0;
            for (int e = 0; e < 5; e++) {
                int i = e * 2 + 1;
                Path copy = fetched.resolve("whole-" + e + ".mov");
                long t0 = System.nanoTime();
                store.restoreWhole(keys.get(i), sums.get(i), PROJECT, copy);
                long t1 = System.nanoTime();
                if (trim) {
                    FrameSpan s = span(e).withHandles(HANDLES, FRAMES);
                    trimmer.trim(
                            new TrimRequest(
                                    copy, s.startFrame(), s.endFrameExclusive(), out.resolve("whole-" + e + ".mov")),
                            ProgressListener.NONE);
                }
                trimming += System.nanoTime() - t1;
                fetch += t1 - t0;
                Files.delete(copy);
            }
            return new Phase(s3.bytesServed() - served, fetch / 1e9, trimming / 1e9);
        }
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
