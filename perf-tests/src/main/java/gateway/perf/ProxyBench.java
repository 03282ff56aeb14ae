package gateway.perf;

import gateway.model.asset.AssetId;
import gateway.model.asset.MediaInfo;
import gateway.proxy.probe.MediaProbe;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import gateway.proxy.transcode.EditProxy;
import gateway.proxy.transcode.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One edit proxy (H.264 960x540 QuickTime, PCM audio, timecode track) of a generated 10 s 1080p25
 * ProRes 422 HQ original with noisy content, made by our GStreamer pipeline and by ffmpeg with the
 * same settings (x264 veryfast, 4 Mbit/s, no B-frames, GOP = 1 s), alternately, on the same file.
 * Ours is timed inside the JVM (GStreamer already initialised); ffmpeg as a process.
 */
final class ProxyBench {
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
        double[] ours = new double[runs];
        double[] peer = new double[runs];
        for (int i = 0; i < runs; i++) {
            Files.deleteIfExists(oursOut);
            long t0 = System.nanoTime();
            proxy.make(original, info, id, oursOut, ProgressListener.NONE);
            ours[i] = (System.nanoTime() - t0) / 1e9;
            Files.deleteIfExists(ffOut);
            long t1 = System.nanoTime();
            ffmpeg(original, ffOut, info.frameRate().timecodeBase());
            peer[i] = (System.nanoTime() - t1) / 1e9;
            System.out.printf("  run %d: ours %.2f s, ffmpeg %.2f s%n", i + 1, ours[i], peer[i]);
        }
        return new BenchRow("proxy: edit H.264 540p of 10 s 1080p25 ProRes HQ", "ffmpeg", ours, peer, "<= 1.0");
    }

    private static void ffmpeg(Path in, Path out, int gop) throws IOException, InterruptedException {
        Ffmpeg.run(editProxyArgs(in, out, gop));
    }

    /**
     * ffmpeg's arguments for the edit proxy ours makes: H.264 High 960x540 4:2:0, x264 veryfast,
     * 4 Mbit/s, no B-frames, a GOP of {@code gop} frames, PCM audio, QuickTime.
     */
    static List<String> editProxyArgs(Path in, Path out, int gop) {
        return List.of(
                "-i",
                in.toString(),
                "-vf",
                "scale=960:540,format=yuv420p",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-b:v",
                "4000k",
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
