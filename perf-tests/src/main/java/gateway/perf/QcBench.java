package gateway.perf;

import gateway.model.time.FrameRate;
import gateway.proxy.finish.ConformQc;
import gateway.proxy.finish.QcEvent;
import gateway.proxy.finish.QcFinding;
import gateway.proxy.finish.QcOptions;
import gateway.proxy.finish.QcResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Conform QC of a 10-minute cut at 25 fps: 200 events of 3 s, the "master" a 320x180 ProRes 422
 * Proxy movie (ffmpeg's testsrc2: moving) and the "reference" the same pictures scaled to 256x144
 * in H.264 (timecode 01:00:00:00 on both; made once into the work folder and kept). Small sizes
 * keep the preparation short (on the shared 2-core machine, 10 minutes at 320x180 took ~9 minutes
 * to generate under a load of 20-30; 1080p would take hours). QC scales every picture to 96x54, but
 * decoding a full-size master costs more than this row measures: GStreamer decoded 1080p ProRes 422
 * HQ to 96x54 at ~66 fps here (250 frames in 3.8 s, load 7.6), which for 10 minutes is ~0.38x real
 * time for the master alone, over the goal. Reading only the sampled frames (ProRes is intra-only:
 * seek per event) would cut that; QC does not do it yet. QC runs
 * in this JVM as the worker runs it (a worker adds its JVM start, about 1 s). The goal: QC wall
 * time at most 0.3 x the cut's duration (180 s).
 */
final class QcBench {
    static final FrameRate RATE = FrameRate.FPS_25;
    static final long FRAMES = 10 * 60 * 25;
    static final int EVENT_FRAMES = 75;
    static final double GOAL_RATIO = 0.3;

    private final Path workDir;
    private final boolean quick;

    QcBench(Path workDir, boolean quick) {
        this.workDir = workDir;
        this.quick = quick;
    }

    List<BenchRow> run() throws Exception {
        Path dir = Files.createDirectories(workDir.resolve("qc"));
        Path master = prepare(
                dir.resolve("master-320x180.mov"),
                "testsrc2=size=320x180:rate=25:duration=600",
                "-c:v",
                "prores_ks",
                "-profile:v",
                "0");
        // the same pictures at another size: testsrc2 drawn at 256x144 is another layout, not a scaled copy
        Path reference = prepare(
                dir.resolve("reference-256x144.mov"),
                null,
                "-i",
                master.toString(),
                "-vf",
                "scale=256:144",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-crf",
                "20",
                "-pix_fmt",
                "yuv420p");
        List<QcEvent> events = new ArrayList<>();
        for (long first = 0, n = 1; first + EVENT_FRAMES <= FRAMES; first += EVENT_FRAMES, n++) {
            events.add(QcEvent.checked(String.format("%03d", n), "V1", first, EVENT_FRAMES));
        }
        int runs = quick ? 1 : 3;
        double[] ours = new double[runs];
        double seconds = (double) FRAMES / 25;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            QcResult r =
                    new ConformQc().compare(master, reference, events, QcOptions.defaults(dir.resolve("pictures")));
            ours[i] = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    "  qc run %d: %.1f s for %.0f s of cut (%.3f x real time), %d events: %d ok%n",
                    i + 1, ours[i], seconds, ours[i] / seconds, r.findings().size(), r.count(QcFinding.Status.OK));
            r.notes().forEach(n -> System.out.println("    note: " + n));
            r.findings().stream()
                    .filter(f -> f.status() != QcFinding.Status.OK)
                    .limit(3)
                    .forEach(f -> System.out.println("    event " + f.event() + ": " + f.message()));
        }
        return List.of(new BenchRow(
                "qc: 10-min cut, 200 events, 320x180 vs 256x144",
                "goal",
                ours,
                new double[] {GOAL_RATIO * seconds},
                "<= 0.3x real time (" + Math.round(GOAL_RATIO * seconds) + " s)"));
    }

    /**
     * Makes {@code file} with ffmpeg (from test {@code source}, or from the inputs in {@code codec}
     * when null) unless it is there from an earlier run.
     */
    private static Path prepare(Path file, String source, String... codec) throws Exception {
        if (Files.isRegularFile(file)) {
            return file;
        }
        long t0 = System.nanoTime();
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp.mov");
        List<String> args = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y"));
        if (source != null) {
            args.addAll(List.of("-f", "lavfi", "-i", source));
        }
        args.addAll(List.of(codec));
        args.addAll(List.of("-timecode", "01:00:00:00", temp.toString()));
        Process p = new ProcessBuilder(args).inheritIO().start();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("ffmpeg could not generate " + file + ": " + String.join(" ", args));
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        System.out.printf("  qc: generated %s in %.1f s%n", file.getFileName(), (System.nanoTime() - t0) / 1e9);
        return file;
    }
}
