package gateway.ingest.task;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.ingest.offload.CameraProxies;
import gateway.model.asset.AssetId;
import gateway.model.asset.Checksums;
import gateway.model.asset.Manifest;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.ProjectId;
import gateway.model.asset.Rendition;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.timeline.Timeline;
import gateway.proxy.checksum.FileChecksums;
import gateway.proxy.finish.MasterFormat;
import gateway.proxy.finish.MasterRender;
import gateway.proxy.finish.NotRendered;
import gateway.proxy.finish.RenderOptions;
import gateway.proxy.finish.RenderResult;
import gateway.proxy.finish.TrimRequest;
import gateway.proxy.finish.TrimResult;
import gateway.proxy.finish.Trimmer;
import gateway.proxy.probe.MediaProbe;
import gateway.proxy.progress.ProgressListener;
import gateway.proxy.transcode.Ladder;
import gateway.proxy.transcode.LadderResult;
import gateway.relink.read.ReadOptions;
import gateway.relink.read.otio.OtioJsonReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The worker JVM's entry point: decodes one untrusted file (or generates one sample) and reports
 * on standard output with the line protocol of {@code WorkerProcess}: {@code progress N},
 * then {@code result JSON} or {@code error REASON message}. It halts when its parent dies (the
 * parent never writes to its standard input; end of input means the parent is gone).
 */
public final class MediaTaskMain {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The exit status of a child that halted because its parent went away. */
    public static final int ORPHANED_EXIT = 70;

    /** The render task's last argument asking for refused clips as black with the reason written on them. */
    public static final String RENDER_ANYWAY = "render-anyway";

    private MediaTaskMain() {}

    public static void main(String[] argv) {
        Thread guard = new Thread(MediaTaskMain::haltWhenParentGoes, "orphan-guard");
        guard.setDaemon(true);
        guard.start();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        // Libraries must not write on our protocol channel.
        System.setOut(new PrintStream(System.err, true, StandardCharsets.UTF_8));
        try {
            String result =
                    switch (argv.length == 0 ? "" : argv[0]) {
                        case "ingest" -> ingest(argv, out);
                        case "generate" -> generate(argv, out);
                        case "trim" -> trim(argv, out);
                        case "render" -> render(argv, out);
                        case "qc" -> QcTask.run(argv);
                        default ->
                            throw GatewayException.invalid(
                                    "worker: unknown task '" + (argv.length == 0 ? "" : argv[0]) + "'");
                    };
            out.println("result " + result);
            out.flush();
            System.exit(0);
        } catch (GatewayException e) {
            out.println("error " + e.reason().name() + " " + oneLine(e.getMessage()));
            out.flush();
            System.exit(3);
        } catch (Throwable t) {
            out.println("error " + Reason.INTERNAL.name() + " " + oneLine(t.toString()));
            out.flush();
            System.exit(4);
        }
    }

    /** ingest PROJECT ASSET_ID ORIGINAL ASSET_DIR DEFAULT_RATE → the manifest to commit (version 0). */
    private static String ingest(String[] argv, PrintStream out) throws Exception {
        if (argv.length != 6 && argv.length != 10) {
            throw GatewayException.invalid("worker: ingest needs PROJECT ASSET_ID ORIGINAL ASSET_DIR DEFAULT_RATE"
                    + " [XXH64 MD5 SIZE_BYTES MODIFIED_MS of an earlier hashing]");
        }
        ProjectId project = new ProjectId(argv[1]);
        AssetId assetId = new AssetId(argv[2]);
        Path original = Path.of(argv[3]);
        Path assetDir = Path.of(argv[4]);
        FrameRate defaultRate = FrameRate.parse(argv[5]);
        MediaProbe probe = new MediaProbe(defaultRate, MediaProbe.DEFAULT_DISCOVERY_TIMEOUT);
        boolean raw = CameraProxies.isCameraRaw(original);
        MediaInfo info = raw ? null : probe.probe(original);
        String rawKind = raw ? CameraRawIngest.kindOf(original) : null;
        if (!raw
                && info.video() != null
                && CameraRawIngest.PRORES_RAW_CODEC.equals(info.video().codec())) {
            // ProRes RAW in QuickTime: told by its sample description, not its name; nothing here decodes it
            raw = true;
            rawKind = CameraRawIngest.PRORES_RAW;
        }
        if (!raw
                && info.video() != null
                && MediaProbe.UNDECODABLE_PICTURE.equals(info.video().codec())) {
            // MXF whose picture coding GStreamer does not decode (Sony X-OCN, ARRIRAW in MXF...)
            raw = true;
            rawKind = CameraRawIngest.MXF_RAW;
        }
        out.println("progress 2");
        Checksums sums = earlierChecksums(argv, original).orElseGet(() -> FileChecksums.compute(original));
        out.println("progress 10");
        List<Rendition> renditions;
        if (raw) {
            // GStreamer cannot decode it: the camera's own proxy, or "original only"
            CameraRawIngest.Result r = new CameraRawIngest(probe)
                    .ingest(
                            original,
                            rawKind,
                            assetId,
                            assetDir,
                            defaultRate,
                            pct -> out.println("progress " + (10 + pct * 9 / 10)));
            info = r.media();
            renditions = new ArrayList<>(r.renditions());
        } else {
            // One decode, every output: edit proxy, stream ladder with fragment indexes, scrub,
            // poster, thumbnails, filmstrip, waveform (audio-only files: the waveform, and for a WAVE
            // original its edit rendition, a Broadcast WAV copied from it).
            LadderResult ladder = new Ladder(probe).makeAll(original, info, assetId, assetDir, ladderProgress(out));
            renditions = new ArrayList<>(ladder.renditions());
        }
        Manifest m = new Manifest(
                Manifest.SCHEMA_VERSION,
                0,
                assetId,
                project,
                original.getFileName().toString(),
                original.toAbsolutePath().toString(),
                info,
                sums,
                renditions,
                Map.of(),
                Instant.now());
        return ManifestLine.encode(m);
    }

    /** The checksums the intake took, when given and the file is still the one they were taken of. */
    private static Optional<Checksums> earlierChecksums(String[] argv, Path original) throws IOException {
        if (argv.length != 10) {
            return Optional.empty();
        }
        boolean unchanged = Long.parseLong(argv[8]) == Files.size(original)
                && Long.parseLong(argv[9])
                        == Files.getLastModifiedTime(original).toMillis();
        return unchanged ? Optional.of(new Checksums(argv[6], argv[7])) : Optional.empty();
    }

    /** generate PRESET OUT → "{}" once the sample is written. */
    private static String generate(String[] argv, PrintStream out) {
        if (argv.length != 3) {
            throw GatewayException.invalid("worker: generate needs PRESET OUT");
        }
        SamplePresets.generate(argv[1], Path.of(argv[2]), pct -> out.println("progress " + pct));
        return "{}";
    }

    /**
     * The ladder's progress as lines for the parent: {@code progress N} (10-100: the checksums took
     * the first tenth) and {@code frames DONE TOTAL}, the pictures decoded so far.
     */
    private static ProgressListener ladderProgress(PrintStream out) {
        return new ProgressListener() {
            @Override
            public void progress(int pct) {
                out.println("progress " + (10 + pct * 9 / 10));
            }

            @Override
            public void frames(long done, long total) {
                out.println("frames " + done + " " + total);
            }
        };
    }

    /**
     * trim ORIGINAL START_FRAME END_FRAME_EXCLUSIVE OUTPUT → {"file", "frames", "bytes", "start_timecode"}:
     * the frames [START, END) of the original (0-based file frames) as a file that keeps its timecode and reel.
     */
    private static String trim(String[] argv, PrintStream out) {
        if (argv.length != 5) {
            throw GatewayException.invalid("worker: trim needs ORIGINAL START_FRAME END_FRAME_EXCLUSIVE OUTPUT");
        }
        TrimResult r = new Trimmer()
                .trim(
                        new TrimRequest(
                                Path.of(argv[1]), Long.parseLong(argv[2]), Long.parseLong(argv[3]), Path.of(argv[4])),
                        pct -> out.println("progress " + pct));
        ObjectNode json = JSON.createObjectNode()
                .put("file", r.file().toString())
                .put("frames", r.frames())
                .put("bytes", r.bytes())
                .put("start_timecode", r.start() == null ? null : r.start().toString());
        return json.toString();
    }

    /**
     * render TIMELINE_OTIO OUTPUT FORMAT [render-anyway] → {"file", "frames", "start_timecode", "rate",
     * "warnings", "not_rendered": [{"event", "clip", "reason"}]}: the conformed timeline (OTIO JSON,
     * ORIGINAL references to the originals' paths) flattened into a master of FORMAT (a
     * {@link MasterFormat} name) at OUTPUT; with render-anyway, clips the render cannot render are
     * black with the reason written on them instead of refused.
     */
    private static String render(String[] argv, PrintStream out) {
        if (argv.length != 4 && !(argv.length == 5 && argv[4].equals(RENDER_ANYWAY))) {
            throw GatewayException.invalid("worker: render needs TIMELINE_OTIO OUTPUT FORMAT [" + RENDER_ANYWAY + "]");
        }
        MasterFormat format = MasterFormat.parse(argv[3]);
        Timeline timeline = new OtioJsonReader()
                .read(Path.of(argv[1]), new ReadOptions(ReadOptions.DEFAULT_RATE, false))
                .timeline();
        RenderOptions options =
                RenderOptions.to(Path.of(argv[2])).withFormat(format).withRenderAnyway(argv.length == 5);
        RenderResult r = new MasterRender().render(timeline, options, pct -> out.println("progress " + pct));
        ObjectNode json = JSON.createObjectNode()
                .put("file", r.file().toString())
                .put("frames", r.frames())
                .put("start_timecode", r.start().toString())
                .put("rate", r.start().rate().toString());
        ArrayNode warnings = json.putArray("warnings");
        r.warnings().forEach(warnings::add);
        ArrayNode refused = json.putArray("not_rendered");
        for (NotRendered n : r.notRendered()) {
            refused.addObject().put("event", n.event()).put("clip", n.clip()).put("reason", n.reason());
        }
        return json.toString();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
    }

    private static void haltWhenParentGoes() {
        try {
            while (System.in.read() >= 0) {
                // The parent sends nothing; keep reading until the pipe closes.
            }
        } catch (IOException e) {
            // A broken pipe means the same: the parent is gone.
        }
        Runtime.getRuntime().halt(ORPHANED_EXIT);
    }
}
