package gateway.perf;

import gateway.model.asset.AssetId;
import gateway.model.asset.MediaInfo;
import gateway.proxy.probe.MediaProbe;
import gateway.proxy.progress.ProgressListener;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import gateway.proxy.transcode.EditProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One edit proxy (H.264 960x540 QuickTime, PCM audio, timecode track) of a generated 10 s 1080p25
 * ProRes 422 HQ original with noisy content, made by our GStreamer pipeline and by ffmpeg with the
 * same settings, alternately, on the same file. Ours is timed inside the JVM (GStreamer already
 * initialised); ffmpeg as a process. Each run also reports the CPU (user + system) each side used:
 * on a machine shared with other work, the CPU ratio says which side does more work, the wall-clock
 * ratio what an operator waits. {@link #LIKE_FOR_LIKE} says what both sides do.
 */
final class ProxyBench {
    /** What both sides do, printed with the figures. */
    static final String LIKE_FOR_LIKE = String.join(
            "\n    ",
            "",
            "both: x264 veryfast, High, 8-bit 4:2:0, no B-frames, closed 1 s GOPs (25 frames), rc-lookahead 10",
            "  (the preset's), x264's own thread count (auto: 3 on 2 cores; ladder rungs set 2 or 1),",
            "  ABR capped by a VBV of 0.6 s (x264enc's CBR pass = ffmpeg -b:v B -maxrate B -bufsize 0.6 B);",
            "  10-bit 4:2:2 to 8-bit 4:2:0 and 1920x1080 to 960x540 in one pass of libswscale's area filter",
            "  with its default dither on both sides (ours calls libswscale between an appsink and an appsrc:",
            "  the same pictures to the bit), ProRes decoded by libavcodec with its automatic threads on both",
            "  sides; audio 24-bit stereo PCM to 16-bit PCM (edit) or AAC-LC 128 kbit/s stereo (libavcodec's",
            "  aac on both sides); QuickTime with a tmcd track (edit), fragmented MP4 (streams)");

    private final Path work;
    private final int runs;

    ProxyBench(Path work, int runs) {
        this.work = work;
        this.runs = runs;
    }

    /** The shared original of the proxy benchmarks, generated once into the work folder. */
    static Path original(Path work) {
        Path original = work.resolve("bench-A001C003.mov");
        if (!Files.exists(original)) {
            System.out.println("generating the original (10 s 1080p25 ProRes 422 HQ, noisy) ...");
            new SampleOriginals().generate(SampleSpec.proresHq1080p25(), original, ProgressListener.NONE);
        }
        return original;
    }

    BenchRow run() throws IOException, InterruptedException {
        Path original = original(work);
        MediaProbe probe = new MediaProbe();
        MediaInfo info = probe.probe(original);
        EditProxy proxy = new EditProxy(probe);
        AssetId id = AssetId.random();
        Path oursOut = work.resolve("ours.mov");
        Path ffOut = work.resolve("ffmpeg.mov");
        proxy.make(original, info, id, oursOut, ProgressListener.NONE); // warm-up: plugin load, JIT
        System.out.println("edit proxy, like for like:" + LIKE_FOR_LIKE);
        double[] ours = new double[runs];
        double[] peer = new double[runs];
        double[] oursCpu = new double[runs];
        double[] peerCpu = new double[runs];
        for (int i = 0; i < runs; i++) {
            Files.deleteIfExists(oursOut);
            long t0 = System.nanoTime();
            double c0 = jvmCpuSeconds();
            proxy.make(original, info, id, oursOut, ProgressListener.NONE);
            ours[i] = (System.nanoTime() - t0) / 1e9;
            oursCpu[i] = jvmCpuSeconds() - c0;
            Files.deleteIfExists(ffOut);
            long t1 = System.nanoTime();
            peerCpu[i] =
                    Ffmpeg.run(editProxyArgs(original, ffOut, info.frameRate().timecodeBase()));
            peer[i] = (System.nanoTime() - t1) / 1e9;
            System.out.printf(
                    "  run %d: ours %.2f s (cpu %.2f s), ffmpeg %.2f s (cpu %.2f s)%n",
                    i + 1, ours[i], oursCpu[i], peer[i], peerCpu[i]);
        }
        printCpu("edit proxy", oursCpu, peerCpu);
        return new BenchRow("proxy: edit H.264 540p of 10 s 1080p25 ProRes HQ", "ffmpeg", ours, peer, "<= 1.0");
    }

    /** The CPU time (user + system, every thread) this JVM has used so far, in seconds. */
    static double jvmCpuSeconds() {
        return ProcessHandle.current()
                        .info()
                        .totalCpuDuration()
                        .orElse(Duration.ZERO)
                        .toNanos()
                / 1e9;
    }

    /** Prints the medians of the CPU seconds of both sides and their ratio. */
    static void printCpu(String what, double[] ours, double[] peer) {
        System.out.printf(
                "  %s cpu (user + system), median: ours %.2f s, ffmpeg %.2f s, ratio %.2f%n",
                what, BenchRow.median(ours), BenchRow.median(peer), BenchRow.median(ours) / BenchRow.median(peer));
    }

    /**
     * ffmpeg's arguments for the edit proxy ours makes: H.264 High 960x540 4:2:0 (box-filtered),
     * x264 veryfast, 4 Mbit/s with x264enc's VBV, no B-frames, a GOP of {@code gop} frames, PCM
     * audio, QuickTime.
     */
    static List<String> editProxyArgs(Path in, Path out, int gop) {
        return List.of(
                "-i",
                in.toString(),
                "-vf",
                "scale=960:540:flags=area,format=yuv420p",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-b:v",
                "4000k",
                "-maxrate",
                "4000k",
                "-bufsize",
                "2400k",
                "-bf",
                "0",
                "-g",
                Integer.toString(gop),
                "-profile:v",
                "high",
                "-c:a",
                "pcm_s16le",
                out.toString());
    }
}
