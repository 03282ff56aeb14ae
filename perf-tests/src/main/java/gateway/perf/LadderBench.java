package gateway.perf;

import gateway.model.asset.AssetId;
import gateway.model.asset.MediaInfo;
import gateway.proxy.probe.MediaProbe;
import gateway.proxy.progress.ProgressListener;
import gateway.proxy.transcode.Ladder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The proxy ladder against ffmpeg on the same generated original (see {@link ProxyBench}):
 * (a) one stream-hi rendition against the same single ffmpeg encode; (b) the whole default ladder
 * from one decode against ffmpeg making the same videos and stills in separate runs, one per
 * output, as a facility's script would (the waveform, which ffmpeg does not make, is left out of
 * the peer). Settings as {@link ProxyBench#LIKE_FOR_LIKE}; stills are scaled with the same box
 * filter (swscale area; ours from the 960x540 picture with videoconvertscale bilinear2). Each run
 * reports CPU as well as wall-clock.
 */
final class LadderBench {
    private static final String FRAG = "+frag_keyframe+empty_moov+default_base_moof";

    private final Path work;
    private final int runs;

    LadderBench(Path work, int runs) {
        this.work = work;
        this.runs = runs;
    }

    List<BenchRow> run() throws IOException, InterruptedException {
        Path original = ProxyBench.original(work);
        MediaProbe probe = new MediaProbe();
        MediaInfo info = probe.probe(original);
        Ladder ladder = new Ladder(probe);
        AssetId id = AssetId.random();
        Path ours = work.resolve("ladder-ours");
        Path peer = work.resolve("ladder-ffmpeg");
        ladder.makeStreamHi(original, info, id, clean(ours), ProgressListener.NONE); // warm-up
        System.out.println("stream-hi and ladder, like for like: as the edit proxy, AAC audio, fragmented MP4;"
                + " stills box-filtered on both sides");
        double[] hiOurs = new double[runs];
        double[] hiPeer = new double[runs];
        double[] allOurs = new double[runs];
        double[] allPeer = new double[runs];
        double[][] cpu = new double[4][runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            double c0 = ProxyBench.jvmCpuSeconds();
            ladder.makeStreamHi(original, info, id, clean(ours), ProgressListener.NONE);
            hiOurs[i] = seconds(t0);
            cpu[0][i] = ProxyBench.jvmCpuSeconds() - c0;
            t0 = System.nanoTime();
            cpu[1][i] = Ffmpeg.run(streamArgs(original, clean(peer).resolve("hi.mp4"), "960:540", 2500, "128k", 25));
            hiPeer[i] = seconds(t0);
            t0 = System.nanoTime();
            c0 = ProxyBench.jvmCpuSeconds();
            ladder.makeAll(original, info, id, clean(ours), ProgressListener.NONE);
            allOurs[i] = seconds(t0);
            cpu[2][i] = ProxyBench.jvmCpuSeconds() - c0;
            t0 = System.nanoTime();
            for (List<String> cmd : separateRuns(original, clean(peer))) {
                cpu[3][i] += Ffmpeg.run(cmd);
            }
            allPeer[i] = seconds(t0);
            System.out.printf(
                    "  run %d: stream-hi ours %.2f s (cpu %.2f s), ffmpeg %.2f s (cpu %.2f s);"
                            + " ladder ours %.2f s (cpu %.2f s), ffmpeg %.2f s (cpu %.2f s)%n",
                    i + 1, hiOurs[i], cpu[0][i], hiPeer[i], cpu[1][i], allOurs[i], cpu[2][i], allPeer[i], cpu[3][i]);
        }
        ProxyBench.printCpu("stream-hi", cpu[0], cpu[1]);
        ProxyBench.printCpu("whole ladder", cpu[2], cpu[3]);
        return List.of(
                new BenchRow("proxy: stream-hi of 10 s 1080p25 ProRes HQ", "ffmpeg", hiOurs, hiPeer, "<= 1.0"),
                new BenchRow("proxy: whole ladder, one decode (7 outputs)", "ffmpeg x7", allOurs, allPeer, "<= 0.6"));
    }

    private static List<List<String>> separateRuns(Path in, Path out) throws IOException {
        Files.createDirectories(out.resolve("thumbs"));
        List<List<String>> cmds = new ArrayList<>();
        cmds.add(ProxyBench.editProxyArgs(in, out.resolve("edit.mov"), 25));
        cmds.add(streamArgs(in, out.resolve("hi.mp4"), "960:540", 2500, "128k", 25));
        cmds.add(streamArgs(in, out.resolve("lo.mp4"), "640:360", 600, "96k", 25));
        cmds.add(List.of(
                "-i",
                in.toString(),
                "-an",
                "-vf",
                "scale=480:270:flags=area,format=yuv420p",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-b:v",
                "2000k",
                "-maxrate",
                "2000k",
                "-bufsize",
                "1200k",
                "-bf",
                "0",
                "-g",
                "1",
                "-profile:v",
                "high",
                "-movflags",
                FRAG,
                out.resolve("scrub.mp4").toString()));
        cmds.add(List.of(
                "-ss",
                "1",
                "-i",
                in.toString(),
                "-frames:v",
                "1",
                "-vf",
                "scale=960:540:flags=area",
                out.resolve("poster.jpg").toString()));
        cmds.add(List.of(
                "-i",
                in.toString(),
                "-vf",
                "fps=1/2,scale=320:180:flags=area",
                out.resolve("thumbs/%08d.jpg").toString()));
        cmds.add(List.of(
                "-i",
                in.toString(),
                "-vf",
                "fps=2,scale=160:90:flags=area,tile=10x2",
                "-frames:v",
                "1",
                out.resolve("filmstrip.jpg").toString()));
        return cmds;
    }

    private static List<String> streamArgs(Path in, Path out, String size, int videoKbps, String audio, int gop) {
        return List.of(
                "-i",
                in.toString(),
                "-vf",
                "scale=" + size + ":flags=area,format=yuv420p",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-b:v",
                videoKbps + "k",
                "-maxrate",
                videoKbps + "k",
                "-bufsize",
                (videoKbps * 6 / 10) + "k",
                "-bf",
                "0",
                "-g",
                Integer.toString(gop),
                "-sc_threshold",
                "0",
                "-profile:v",
                "high",
                "-c:a",
                "aac",
                "-b:a",
                audio,
                "-ac",
                "2",
                "-movflags",
                FRAG,
                out.toString());
    }

    private static Path clean(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
