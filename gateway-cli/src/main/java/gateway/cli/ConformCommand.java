package gateway.cli;

import gateway.client.ConformOptions;
import gateway.client.ConformStep;
import gateway.client.EditFormat;
import gateway.client.GatewayClient;
import gateway.model.asset.AssetId;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import gateway.proxy.finish.MasterFormat;
import gateway.proxy.finish.QcOptions;
import gateway.relink.Conform;
import gateway.relink.ConformRequest;
import gateway.relink.ConformResult;
import gateway.relink.TargetFormat;
import gateway.relink.consolidate.ConsolidationPlan;
import gateway.relink.consolidate.EgressTable;
import gateway.relink.link.IndexAssetCatalogue;
import gateway.relink.report.ConformReport;
import gateway.relink.report.QcSection;
import gateway.server.catalog.UsageFeed;
import gateway.server.config.StoreConfig;
import gateway.server.conform.Finishing;
import gateway.server.conform.FinishingProgress;
import gateway.server.conform.RestoreEgress;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code conform EDIT --project P --out DIR [--to FORMAT] [--handles N] [--plan] [--render] [--master FORMAT]
 * [--render-anyway] [--qc REFERENCE] [--rate R] [--strict]}.
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
            "--handles N consolidates: it prints the bytes to restore per storage tier, then",
            "copies only the used ranges plus N frames each side of every original into DIR/media",
            "(files that keep timecode and reel) and writes the timeline relinked to them.",
            "--plan prints, before any transfer, the egress plan of that consolidation: per storage",
            "tier, the bytes, time and cost to restore with range-exact restore (only the frames",
            "used, read by the byte from QuickTime sample tables and MXF index tables) and with",
            "whole-file restore, and writes it into the report; nothing is restored (--handles",
            "defaults to 0).",
            "--render flattens the conformed timeline (cuts, dissolves, constant speed, freezes)",
            "into DIR/<edit>.master.mov (.mxf for an MXF master) with a timecode at the",
            "timeline's start and one PCM channel per audio track. --master FORMAT chooses it:",
            "  MOV: prores-proxy, prores-lt, prores-422, prores-hq (default), prores-4444,",
            "       dnxhr-lb, dnxhr-sq, dnxhr-hq, dnxhr-hqx, dnxhr-444",
            "  MXF OP1a: dnxhd-mxf, dnxhr-lb-mxf, dnxhr-sq-mxf, dnxhr-hq-mxf, dnxhr-hqx-mxf,",
            "       dnxhr-444-mxf",
            "  DNxHD / DNxHR: 1920x1080 or 1280x720 only; ProRes in MXF is not written.",
            "A clip the render cannot render (an effect it does not render, no media) refuses",
            "the render, naming it; --render-anyway renders it black with the reason written on",
            "it, and lists it.",
            "--qc REFERENCE compares the conformed result with the editor's reference export of",
            "the cut: the master with --render, else the conformed timeline played from its",
            "originals at the compared frames (no master written); event by event (3 frames",
            "each, searched ±N frames, --qc-search N,",
            "default 5): ok, offset by k frames, different picture, flopped, colour differs or",
            "not checked (and why); the reports get a QC section, DIR/qc the pictures of every",
            "event not OK. With --remote, REFERENCE is the asset id of the reference ingested",
            "into the project.",
            "--markers writes each event's status as a marker in the conformed timeline.",
            "Exits non-zero unless every event matched (and every trim / the render succeeded,",
            "and QC found no problem);",
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

    @Option(
            names = "--master",
            paramLabel = "FORMAT",
            completionCandidates = MasterFormatNames.class,
            description = "the master's format (implies --render; default prores-hq): ${COMPLETION-CANDIDATES}")
    String master;

    @Option(
            names = "--render-anyway",
            description = "render clips the render cannot render black with the reason written on them")
    boolean renderAnyway;

    @Option(
            names = "--qc",
            paramLabel = "REFERENCE",
            description = "compare the master (with --render), else the conformed timeline played from its"
                    + " originals, with this reference export of the cut")
    String qcReference;

    @Option(
            names = "--qc-search",
            paramLabel = "N",
            description = "QC: frames searched either side of each event (default: 5)")
    int qcSearch = QcOptions.DEFAULT_SEARCH_FRAMES;

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

    @picocli.CommandLine.Mixin
    NodeDirOption nodeDir = new NodeDirOption();

    @Mixin
    Remote remote;

    @Override
    int run() throws Exception {
        if (!Files.isRegularFile(edit)) {
            throw GatewayException.notFound("conform: no such edit file: " + edit);
        }
        ProjectId project = new ProjectId(projectName);
        boolean consolidate = handles != null && !plan;
        boolean rendering = render || master != null;
        MasterFormat format = master == null ? MasterFormat.DEFAULT : MasterFormat.parse(master);
        if (qcReference != null) {
            new QcOptions(qcSearch, null); // checks the search range
            if (!remote.present() && !Files.isRegularFile(Path.of(qcReference))) {
                throw GatewayException.notFound("conform: no such QC reference movie: " + qcReference);
            }
            if (remote.present() && !AssetId.isValid(qcReference)) {
                throw GatewayException.invalid("conform: with --remote, --qc takes the asset id of the reference"
                        + " export ingested into the project (the node reads it), not '" + qcReference + "'");
            }
        }
        if (remote.present()) {
            return remote(project, rendering ? format : null);
        }
        ConformRequest request = new ConformRequest(
                        edit, project, outDir, rate, strict, handles != null ? handles : 0, target)
                .withStatusMarkers(markers);
        if (consolidate || plan) {
            request = request.withConsolidation(outDir.resolve(MEDIA_FOLDER));
        }
        try (LocalStore local = LocalStore.open(store, nodeDir.dir(), false)) {
            Conform conform = new Conform(new IndexAssetCatalogue(local.index))
                    .withPicturesFrom(local.manifests)
                    .withEgressPlanner(new RestoreEgress(local.manifests, project, RestoreEgress.posixTiers()));
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
            if (consolidate || rendering) {
                finishing.requireUnchangedOriginals(
                        r,
                        consolidate ? FinishingProgress.Stage.CONSOLIDATING : FinishingProgress.Stage.RENDERING,
                        bar(out));
            }
            boolean trimmed = true;
            if (consolidate) {
                trimmed = consolidate(conform, request, r, finishing, out, err);
            }
            if (rendering) {
                Path file = outDir.resolve(baseName(edit) + ".master." + format.extension());
                Finishing.Rendered m = finishing.render(r, file, format, renderAnyway, bar(out));
                out.println("  master   " + m.file() + " (" + format.label() + ", " + m.frames() + " frames from "
                        + m.start() + ")");
                m.warnings().forEach(w -> out.println("  warning  " + w));
                if (qcReference != null) {
                    finished &= qc(finishing, r, m.file(), out);
                }
            } else if (qcReference != null) {
                finished &= qc(finishing, r, null, out);
            }
            if (!r.allMatched()) {
                return fail(err, r.summary() + "; see " + r.reportJson());
            }
            if (!trimmed) {
                return fail(
                        err,
                        finished
                                ? "some trims failed; see above"
                                : "some trims failed and QC found problems; see above");
            }
            return finished ? 0 : fail(err, "QC found problems; see above");
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

    /**
     * Runs conform QC of the master (null: of the conformed timeline, played from its originals) and
     * prints what it found; false when it found a problem.
     */
    private boolean qc(Finishing finishing, ConformResult r, Path master, PrintStream out) {
        Finishing.Checked c = finishing.qc(r, master, Path.of(qcReference), qcSearch, bar(out));
        QcSection qc = c.section();
        out.println("  qc       " + qc.summary());
        qc.problemLines().forEach(line -> out.println("    " + line));
        if (qc.problems() > 0) {
            out.println("  pictures " + c.pictures() + " (side by side in " + r.reportHtml() + ")");
        }
        return qc.problems() == 0;
    }

    /**
     * Adds the QC section the node sent to this command's copy of the reports and prints it as a
     * local QC does; false when it found a problem. The side-by-side pictures stay in the node's
     * output folder.
     */
    private static boolean remoteQc(ConformStep last, gateway.client.ConformResult r, Path outDir, PrintStream out) {
        QcSection qc = QcSection.fromJson(last.qcSectionJson());
        Path json = outDir.resolve(gateway.client.ConformResult.REPORT_FILE_NAME);
        Path html = outDir.resolve(gateway.client.ConformResult.HTML_REPORT_FILE_NAME);
        if (Files.isRegularFile(html)) {
            ConformReport.addQc(json, html, qc);
        }
        out.println("  qc       " + qc.summary());
        qc.problemLines().forEach(line -> out.println("    " + line));
        if (qc.problems() > 0) {
            out.println("  pictures " + Path.of(r.outputDir()).resolve(Finishing.QC_PICTURES)
                    + " on the node (side by side in its copy of the HTML report)");
        }
        return qc.problems() == 0 && last.qcProblems() == 0;
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

    private int remote(ProjectId project, MasterFormat format) {
        try (GatewayClient client = remote.connect("conform", store)) {
            ConformOptions options = ConformOptions.defaults()
                    .withStrict(strict)
                    .withHandles(handles == null ? 0 : handles)
                    .withOutputFormat(wireFormat(target))
                    .withConsolidate(handles != null && !plan)
                    .withPlanOnly(plan)
                    .withRender(format == null ? null : format.id())
                    .withRenderAnyway(renderAnyway)
                    .withStatusMarkers(markers);
            if (qcReference != null) {
                options = options.withQc(qcReference, qcSearch);
            }
            if (rate != null) {
                options = options.withRate(rate);
            }
            gateway.client.ConformResult r = client.conform(edit, project.value(), options);
            Path written = r.writeTo(outDir);
            out.println("conformed " + edit + " → " + written.toAbsolutePath());
            out.println("  " + r.totals().summary());
            if (plan) {
                r.egressPlan().lines().forEach(out::println); // the node's lines: header, per tier, "plan only"
                return r.totals().isComplete()
                        ? 0
                        : fail(err, "not every event matched; see " + outDir.resolve("conform-report.json"));
            }
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
                } else if (last.hasQc()) {
                    finished &= remoteQc(last, r, outDir, out);
                }
            }
            if (!r.totals().isComplete()) {
                return fail(err, "not every event matched; see " + outDir.resolve("conform-report.json"));
            }
            return finished ? 0 : 1;
        }
    }

    /** The master format names, for --help and shell completion. */
    static final class MasterFormatNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(MasterFormat.values())
                    .map(MasterFormat::id)
                    .iterator();
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
