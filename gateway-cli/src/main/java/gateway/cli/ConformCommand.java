package gateway.cli;

import gateway.client.ConformOptions;
import gateway.client.ConformStep;
import gateway.client.EditFormat;
import gateway.client.GatewayClient;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.storage.StorageTiers;
import gateway.model.time.FrameRate;
import gateway.relink.Conform;
import gateway.relink.ConformRequest;
import gateway.relink.ConformResult;
import gateway.relink.TargetFormat;
import gateway.relink.consolidate.ConsolidationPlan;
import gateway.relink.consolidate.EgressTable;
import gateway.relink.consolidate.MountPoints;
import gateway.relink.link.IndexAssetCatalogue;
import gateway.server.catalog.UsageFeed;
import gateway.server.config.StoreConfig;
import gateway.server.conform.Finishing;
import gateway.server.conform.FinishingProgress;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code conform EDIT --project P --out DIR [--to FORMAT] [--handles N] [--plan] [--render] [--rate R] [--strict]}.
 */
@Command(
        name = "conform",
        description = {
            "Links each event of an edit to its original; writes the conformed timeline and a report.",
            "",
            "Reads the edit (format told by its content), links every event to an original of",
            "project P (by asset id, reel + timecode, clip name + timecode, file name) and writes",
            "into DIR the conformed timeline, conform-report.json and conform-report.html.",
            "--rate is the edit's rate when it does not say (a CMX list never does; default 24).",
            "--handles N consolidates: it prints the bytes to restore per storage location, then",
            "copies only the used ranges plus N frames each side of every original into DIR/media",
            "(files that keep timecode and reel) and writes the timeline relinked to them.",
            "--plan prints, before any transfer, the egress plan of that consolidation: per storage",
            "tier, the bytes, time and cost to restore with range-exact restore (only the frames",
            "used, read by the byte from QuickTime sample tables) and with whole-file restore, and",
            "writes it into the report; nothing is restored (--handles defaults to 0).",
            "--render flattens the conformed timeline (cuts, dissolves, constant speed, freezes)",
            "into DIR/<edit>.master.mov: ProRes 422 HQ with a timecode track at the timeline's",
            "start, one PCM channel per audio track. (DNxHR masters: this GStreamer's QuickTime",
            "muxer takes no DNxHR.)",
            "--markers writes each event's status as a marker in the conformed timeline.",
            "Exits non-zero unless every event matched (and every trim / the render succeeded);",
            "the reports are written either way."
        })
final class ConformCommand extends CliCommand {
    static final String MEDIA_FOLDER = "media";

    @Parameters(paramLabel = "EDIT", description = "the edit: CMX 3600, FCP 7 XML, FCPXML, OTIO or ALE")
    Path edit;

    @Option(names = "--project", paramLabel = "P", required = true, description = "the project whose originals to link")
    String projectName;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "where the timeline and reports go")
    Path outDir;

    @Option(
            names = "--to",
            paramLabel = "FORMAT",
            converter = Converters.Format.class,
            completionCandidates = Converters.FormatNames.class,
            description = "otio (default), edl, fcp7xml (or xml), fcpxml or ale")
    TargetFormat target = TargetFormat.OTIO;

    @Option(
            names = "--handles",
            paramLabel = "N",
            description = "consolidate: trim used ranges ± N frames into DIR/media")
    Integer handles;

    @Option(
            names = "--plan",
            description = "print the egress plan (per tier: range-exact vs whole-file restore) and stop")
    boolean plan;

    @Option(names = "--render", description = "flatten the conformed timeline into DIR/<edit>.master.mov")
    boolean render;

    @Option(names = "--markers", description = "each event's status as a marker in the timeline")
    boolean markers;

    @Option(
            names = "--rate",
            paramLabel = "R",
            converter = Converters.Rate.class,
            description = "the edit's rate when it does not say (default: 24)")
    FrameRate rate;

    @Option(names = "--strict", description = "refuse an edit with inconsistencies")
    boolean strict;

    @Option(names = "--store", paramLabel = "DIR", description = "the local store (default: ./data)")
    Path store = Path.of(StoreConfig.DEFAULT_DIR);

    @Mixin
    Remote remote;

    @Override
    int run() throws Exception {
        if (!Files.isRegularFile(edit)) {
            throw GatewayException.notFound("conform: no such edit file: " + edit);
        }
        ProjectId project = new ProjectId(projectName);
        boolean consolidate = handles != null && !plan;
        String codec = "prores";
        if (remote.present()) {
            if (plan) {
                throw GatewayException.invalid("conform: --plan works on the local store; drop --server");
            }
            return remote(project, codec);
        }
        ConformRequest request = new ConformRequest(
                        edit, project, outDir, rate, strict, handles != null ? handles : 0, target)
                .withStatusMarkers(markers);
        if (consolidate || plan) {
            request = request.withConsolidation(outDir.resolve(MEDIA_FOLDER));
        }
        try (LocalStore local = LocalStore.open(store, false)) {
            MountPoints mounts = new MountPoints();
            Conform conform = new Conform(new IndexAssetCatalogue(local.index))
                    .withPicturesFrom(local.manifests)
                    .withEgressPlanner(
                            new RestoreEgress(local.manifests, project, StorageTiers.posix(o -> mounts.locationOf(o)
                                    .toString())));
            ConformResult r = conform.conform(request);
            local.usageFeed()
                    .record(
                            project,
                            UsageFeed.sequenceName(
                                    r.linked(), edit.getFileName().toString()),
                            "conform",
                            r.linked());
            out.println("conformed " + edit + ": " + r.summary());
            out.println("  timeline " + r.timeline());
            out.println("  report   " + r.reportJson());
            out.println("  report   " + r.reportHtml());
            if (plan) {
                printEgress(r.consolidationPlan().orElseThrow(), out);
                out.println("  plan only: nothing restored");
                return r.allMatched() ? 0 : fail(err, r.summary() + "; see " + r.reportJson());
            }
            boolean finished = true;
            Finishing finishing = Finishing.inChildJvms(local.manifests);
            if (consolidate || render) {
                finishing.requireUnchangedOriginals(
                        r,
                        consolidate ? FinishingProgress.Stage.CONSOLIDATING : FinishingProgress.Stage.RENDERING,
                        bar(out));
            }
            if (consolidate) {
                finished &= consolidate(conform, request, r, finishing, out, err);
            }
            if (render) {
                Path master = outDir.resolve(baseName(edit) + ".master.mov");
                Finishing.Rendered m = finishing.render(r, master, codec, bar(out));
                out.println("  master   " + m.file() + " (" + m.frames() + " frames from " + m.start() + ")");
                m.warnings().forEach(w -> out.println("  warning  " + w));
            }
            if (!r.allMatched()) {
                return fail(err, r.summary() + "; see " + r.reportJson());
            }
            return finished ? 0 : fail(err, "some trims failed; see above");
        }
    }

    private static boolean consolidate(
            Conform conform,
            ConformRequest request,
            ConformResult r,
            Finishing finishing,
            PrintStream out,
            PrintStream err) {
        ConsolidationPlan plan = r.consolidationPlan().orElseThrow();
        // What the facility must bring back from its storage, before anything is read.
        out.println("consolidate: " + plan.summary() + " into " + plan.folder());
        printEgress(plan, out);
        plan.unconsolidated()
                .forEach(u ->
                        out.println("  not consolidated: event " + u.event() + " (" + u.status() + "): " + u.reason()));
        Finishing.Consolidated c = finishing.consolidate(conform, request, r, bar(out));
        out.println("  trimmed  " + c.made().size() + " file(s), " + c.bytes() + " bytes; timeline " + c.timeline());
        c.failed()
                .forEach(f -> err.println(
                        "gateway: trim of " + f.trim().original() + " failed (" + f.reason() + "): " + f.message()));
        return c.failed().isEmpty();
    }

    /** The egress plan, before any transfer: per tier, range-exact against whole-file restore. */
    private static void printEgress(ConsolidationPlan plan, PrintStream out) {
        plan.egress().ifPresent(e -> {
            out.println("egress plan (before any transfer):");
            EgressTable.lines(e).forEach(line -> out.println("  " + line));
        });
    }

    /** One line per 10 % of each stage, readable in a log as well as on a terminal. */
    private static FinishingProgress bar(PrintStream out) {
        int[] last = {-10};
        FinishingProgress.Stage[] stage = {null};
        return (s, percent, message) -> {
            if (s != stage[0]) {
                stage[0] = s;
                last[0] = -10;
            }
            if (percent >= last[0] + 10 || percent == 100) {
                last[0] = percent;
                out.printf("  %-13s %3d%%  %s%n", s.name().toLowerCase(java.util.Locale.ROOT), percent, message);
            }
        };
    }

    private int remote(ProjectId project, String codec) {
        try (GatewayClient client = remote.connect("conform", store)) {
            ConformOptions options = ConformOptions.defaults()
                    .withStrict(strict)
                    .withHandles(handles == null ? 0 : handles)
                    .withOutputFormat(wireFormat(target))
                    .withConsolidate(handles != null)
                    .withRender(render ? codec : null)
                    .withStatusMarkers(markers);
            if (rate != null) {
                options = options.withRate(rate);
            }
            gateway.client.ConformResult r = client.conform(edit, project.value(), options);
            Path written = r.writeTo(outDir);
            out.println("conformed " + edit + " → " + written.toAbsolutePath());
            out.println(r.totals());
            boolean finished = true;
            if (!r.outputDir().isEmpty()) {
                if (!r.consolidationSummary().isEmpty()) {
                    out.println("consolidate: " + r.consolidationSummary());
                }
                out.println("the node writes consolidated media / the master into " + r.outputDir());
                FinishingProgress bar = bar(out);
                ConformStep last = client.watchConform(
                        r.conformId(), step -> bar.report(stage(step.stage()), step.percent(), step.message()));
                if (last.failed()) {
                    err.println("gateway: error: " + last.message());
                    finished = false;
                }
            }
            if (!r.totals().isComplete()) {
                return fail(err, "not every event matched; see " + outDir.resolve("conform-report.json"));
            }
            return finished ? 0 : 1;
        }
    }

    private static FinishingProgress.Stage stage(String name) {
        return FinishingProgress.Stage.valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    private static EditFormat wireFormat(TargetFormat t) {
        return switch (t) {
            case EDL -> EditFormat.CMX3600_EDL;
            case FCP7_XML -> EditFormat.FCP7_XML;
            case FCPXML -> EditFormat.FCPXML;
            case OTIO -> EditFormat.OTIO;
            case ALE ->
                throw GatewayException.invalid("conform: --to ale is for the local store; a node writes timelines");
        };
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static int fail(PrintStream err, String reason) {
        err.println("gateway: error: " + reason);
        return 1;
    }
}
