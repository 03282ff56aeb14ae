package gateway.perf;

import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.ProjectId;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import gateway.relink.link.AssetCatalogue;
import gateway.relink.link.LinkOptions;
import gateway.relink.link.LinkResult;
import gateway.relink.link.LinkStatus;
import gateway.relink.link.Linker;
import gateway.relink.read.Edit;
import gateway.relink.read.ReadOptions;
import gateway.relink.read.cmx.Cmx3600Reader;
import gateway.relink.report.ConformReport;
import gateway.relink.write.otio.OtioJsonWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Conform of a large edit: a generated 10,000-event CMX 3600 list (camera reels A001C001 ..., source
 * timecode on each reel's own clock, cuts end to end from 01:00:00:00; 3 % of the events name reels
 * the catalogue does not hold), read, linked against an in-memory catalogue of matching manifests,
 * written as OTIO JSON and {@code conform-report.json} into the work folder. One row per rate
 * (23.976 and 25); the median of 3 runs ({@code quick}) or 5, after three warm-up runs (the steady
 * state of a node's ConformService; the first conforms of a JVM still compile). There is no
 * peer: the goal, 1 s, stands in the peer column.
 */
final class ConformBench {
    static final int EVENTS = 10_000;
    static final int REELS = 600;
    static final double GOAL_SECONDS = 1.0;
    static final int WARM_UP_RUNS = 3;
    /** CPU time of the conform thread, printed beside wall time: a loaded machine inflates only the latter. */
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private final Path workDir;
    private final boolean quick;

    ConformBench(Path workDir, boolean quick) {
        this.workDir = workDir;
        this.quick = quick;
    }

    List<BenchRow> run() throws IOException {
        List<BenchRow> rows = new ArrayList<>();
        for (FrameRate rate : List.of(FrameRate.FPS_23_976, FrameRate.FPS_25)) {
            rows.add(row(rate));
        }
        return rows;
    }

    private BenchRow row(FrameRate rate) throws IOException {
        Workload w = Workload.generate(rate, EVENTS, REELS, new Random(20261121L));
        Path edl = workDir.resolve("conform-bench-" + rate.toDecimalString() + ".edl");
        Files.writeString(edl, w.edl());
        int runs = quick ? 3 : 5;
        for (int i = 0; i < WARM_UP_RUNS; i++) {
            w.conformOnce(edl, workDir); // class loading, JIT: a node's conform service runs warm
        }
        double[] ours = new double[runs];
        for (int i = 0; i < runs; i++) {
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            LinkResult r = w.conformOnce(edl, workDir);
            ours[i] = (System.nanoTime() - t0) / 1e9;
            double cpu = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9;
            System.out.printf(
                    "  conform %s run %d: %.3f s wall, %.3f s cpu (%d events, %d matched)%n",
                    rate.toDecimalString(),
                    i + 1,
                    ours[i],
                    cpu,
                    r.events().size(),
                    r.totals().get(LinkStatus.MATCHED));
        }
        return new BenchRow(
                "conform: 10k-event EDL @" + rate.toDecimalString() + " read+link+write",
                "goal",
                ours,
                new double[] {GOAL_SECONDS},
                "<= 1 s");
    }

    /** A generated list and the catalogue that holds its originals. */
    record Workload(FrameRate rate, String edl, MapCatalogue catalogue) {
        static final ProjectId PROJECT = new ProjectId("bench");

        static Workload generate(FrameRate rate, int events, int reels, Random random) {
            MapCatalogue catalogue = new MapCatalogue();
            int base = rate.timecodeBase();
            long clipFrames = base * 120L; // two-minute camera clips
            String[] reelNames = new String[reels];
            long[] reelStart = new long[reels];
            for (int i = 0; i < reels; i++) {
                reelNames[i] = String.format("A%03dC%03d", i / 50 + 1, i % 50 + 1);
                // each reel's clock: time of day the take was shot, 08:00 onwards
                reelStart[i] = base * (8 * 3600L + i * 137L);
                catalogue.add(reelNames[i], rate, reelStart[i], clipFrames);
            }
            StringBuilder out = new StringBuilder(events * 120);
            out.append("TITLE: conform bench ").append(rate.toDecimalString()).append('\n');
            out.append("FCM: NON-DROP FRAME\n");
            long record = base * 3600L;
            for (int e = 1; e <= events; e++) {
                int reel = random.nextInt(reels);
                long length = base + random.nextInt(base * 6);
                long in = reelStart[reel] + random.nextInt((int) (clipFrames - length));
                String name = random.nextInt(100) < 3 ? "Z" + String.format("%03dC%03d", e % 999, 1) : reelNames[reel];
                out.append(String.format(
                        "%06d  %-8s V     C        %s %s %s %s\n",
                        e, name, tc(in, rate), tc(in + length, rate), tc(record, rate), tc(record + length, rate)));
                out.append("* FROM CLIP NAME:  ").append(name).append(".mov\n");
                record += length;
            }
            return new Workload(rate, out.toString(), catalogue);
        }

        private static String tc(long frames, FrameRate rate) {
            return Timecode.fromFrames(frames, rate, false).toString();
        }

        /** Read, link, write the OTIO and the report JSON: what a conform does, without the HTML. */
        LinkResult conformOnce(Path edlFile, Path outDir) throws IOException {
            byte[] bytes = Files.readAllBytes(edlFile);
            Edit edit = new Cmx3600Reader().read(bytes, edlFile.toString(), ReadOptions.at(rate));
            LinkResult linked = new Linker(catalogue).link(PROJECT, edit, LinkOptions.none());
            String otio = new OtioJsonWriter().write(linked.timeline());
            String report = new ConformReport(
                            edlFile.getFileName().toString(), "cmx_3600", PROJECT, 0, linked, edit.problems())
                    .toJson();
            Files.writeString(outDir.resolve("conform-bench.otio"), otio, StandardCharsets.UTF_8);
            Files.writeString(outDir.resolve("conform-bench-report.json"), report, StandardCharsets.UTF_8);
            return linked;
        }
    }

    /** The linker's catalogue as hash maps: the lookups a Lucene index answers, without the index. */
    static final class MapCatalogue implements AssetCatalogue {
        private final Map<AssetId, Manifest> byId = new HashMap<>();
        private final Map<String, List<Manifest>> byReel = new HashMap<>();
        private final Map<String, List<Manifest>> byName = new HashMap<>();
        private final Map<String, List<Manifest>> byFile = new HashMap<>();

        void add(String reel, FrameRate rate, long startFrame, long frames) {
            String path = "/media/bench/" + reel + ".mov";
            MediaInfo media = new MediaInfo(
                    path,
                    "mov",
                    rate,
                    frames,
                    Timecode.fromFrames(startFrame, rate, false),
                    reel,
                    null,
                    List.of(),
                    false,
                    null,
                    List.of());
            Manifest m = new Manifest(
                    Manifest.SCHEMA_VERSION,
                    1,
                    AssetId.random(),
                    Workload.PROJECT,
                    reel,
                    path,
                    media,
                    null,
                    List.of(),
                    Map.of(),
                    Instant.EPOCH);
            byId.put(m.assetId(), m);
            byReel.computeIfAbsent(reel, k -> new ArrayList<>()).add(m);
            byName.computeIfAbsent(reel, k -> new ArrayList<>()).add(m);
            byFile.computeIfAbsent(reel + ".mov", k -> new ArrayList<>()).add(m);
        }

        @Override
        public Optional<Manifest> byId(ProjectId project, AssetId id) {
            return project.equals(Workload.PROJECT) ? Optional.ofNullable(byId.get(id)) : Optional.empty();
        }

        @Override
        public List<Manifest> byReel(ProjectId project, String reel) {
            return project.equals(Workload.PROJECT) ? byReel.getOrDefault(reel, List.of()) : List.of();
        }

        @Override
        public List<Manifest> byClipName(ProjectId project, String name) {
            return project.equals(Workload.PROJECT) ? byName.getOrDefault(name, List.of()) : List.of();
        }

        @Override
        public List<Manifest> byFileName(ProjectId project, String fileName) {
            return project.equals(Workload.PROJECT) ? byFile.getOrDefault(fileName, List.of()) : List.of();
        }
    }
}
