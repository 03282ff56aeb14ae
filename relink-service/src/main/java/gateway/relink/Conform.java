package gateway.relink;

import gateway.model.asset.DurableFiles;
import gateway.model.asset.ManifestStore;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.timeline.Timeline;
import gateway.relink.consolidate.ConsolidationPlan;
import gateway.relink.consolidate.EgressPlanner;
import gateway.relink.consolidate.MountPoints;
import gateway.relink.consolidate.StorageLocations;
import gateway.relink.consolidate.TrimRange;
import gateway.relink.link.AssetCatalogue;
import gateway.relink.link.LinkOptions;
import gateway.relink.link.LinkResult;
import gateway.relink.link.Linker;
import gateway.relink.nest.Flattener;
import gateway.relink.read.Edit;
import gateway.relink.read.EditFormat;
import gateway.relink.read.EditProblem;
import gateway.relink.read.ReadOptions;
import gateway.relink.read.formats.EditFormats;
import gateway.relink.report.ConformReport;
import gateway.relink.report.ReportPictures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The conform the CLI and the server call: read the edit (format told by content), flatten its
 * nested sequences / compound clips into the tracks they play on ({@link Flattener}), link every
 * event against the catalogue, write the conformed timeline (ORIGINAL references resolved and
 * active) and {@code conform-report.json} / {@code .html} into the output folder, each atomically.
 * An unknown or empty project still gets both reports, every event unmatched.
 */
public final class Conform {
    public static final String REPORT_JSON = "conform-report.json";
    public static final String REPORT_HTML = "conform-report.html";

    private final AssetCatalogue catalogue;
    private final StorageLocations locations;
    private final ReportPictures pictures;
    private final EgressPlanner egress;

    public Conform(AssetCatalogue catalogue) {
        this(catalogue, new MountPoints());
    }

    /** A conform that totals consolidation bytes per {@code locations} (default: the originals' mount points). */
    public Conform(AssetCatalogue catalogue, StorageLocations locations) {
        this(catalogue, locations, ReportPictures.none(), null);
    }

    private Conform(
            AssetCatalogue catalogue, StorageLocations locations, ReportPictures pictures, EgressPlanner egress) {
        this.catalogue = catalogue;
        this.locations = locations;
        this.pictures = pictures;
        this.egress = egress;
    }

    /** This conform with each HTML report row showing its original's thumbnail, read from {@code store}. */
    public Conform withPicturesFrom(ManifestStore store) {
        return new Conform(catalogue, locations, ReportPictures.from(store), egress);
    }

    /**
     * This conform with a consolidation's egress plan (per tier, range-exact against whole-file
     * restore) worked out by {@code planner} and written into the report.
     */
    public Conform withEgressPlanner(EgressPlanner planner) {
        return new Conform(catalogue, locations, pictures, planner);
    }

    public ConformResult conform(ConformRequest request) {
        EditFormat format = EditFormats.detect(request.edit());
        ReadOptions options =
                new ReadOptions(request.rate() != null ? request.rate() : ReadOptions.DEFAULT_RATE, request.strict());
        Edit edit = new Flattener().flatten(EditFormats.reader(format).read(request.edit(), options));
        LinkResult linked = new Linker(catalogue)
                .link(request.project(), edit, new LinkOptions(request.handlesFrames(), request.statusMarkers()));
        ConsolidationPlan plan = request.consolidateTo() == null
                ? null
                : ConsolidationPlan.of(
                        request.project(),
                        linked,
                        catalogue,
                        request.handlesFrames(),
                        request.consolidateTo(),
                        locations);
        if (plan != null && egress != null) {
            plan = plan.withEgress(egress.plan(plan));
        }
        // what the conformed timeline's format cannot hold (a ramp in a CMX list): a problem of the report
        List<EditProblem> problems = new ArrayList<>(edit.problems());
        String written = TimelineWriter.render(
                linked.timeline(),
                Map.of(),
                request.target(),
                f -> problems.add(new EditProblem(0, null, "the conformed timeline: " + f)));
        ConformReport report = new ConformReport(
                        request.editLabel(),
                        format.name().toLowerCase(Locale.ROOT),
                        request.project(),
                        request.handlesFrames(),
                        linked,
                        problems)
                .withConsolidation(plan)
                .withPictures(pictures, catalogue);
        Path out = request.outDir();
        String base =
                baseName(request.edit()) + ".conformed." + request.target().extension();
        Path timeline = DurableFiles.writeString(out.resolve(base), written);
        Path json = DurableFiles.writeString(out.resolve(REPORT_JSON), report.toJson());
        Path html = DurableFiles.writeString(out.resolve(REPORT_HTML), report.toHtml());
        String summary = report.summary() + (linked.allMatched() ? "" : "; not all matched");
        return new ConformResult(timeline, json, html, linked.totals(), linked.allMatched(), summary, linked, plan);
    }

    /**
     * After the trims of {@code result}'s consolidation plan were made ({@code trimmed}: trim to the
     * file made), writes the conformed timeline relinked to them as
     * {@link ConformRequest#consolidatedFileName()} into the consolidation folder, atomically, so it
     * opens in the NLE against the trimmed files. Clips whose trim is missing from {@code trimmed}
     * keep their original.
     */
    public Path writeConsolidated(ConformRequest request, ConformResult result, Map<TrimRange, Path> trimmed) {
        ConsolidationPlan plan = result.consolidationPlan()
                .orElseThrow(() -> new GatewayException(
                        Reason.FAILED_PRECONDITION,
                        "the conform of " + request.editLabel() + " planned no consolidation: ask for one with "
                                + "ConformRequest.withConsolidation(folder)"));
        if (result.linked() == null) {
            throw new GatewayException(
                    Reason.FAILED_PRECONDITION,
                    "the conform result of " + request.editLabel() + " carries no linked timeline to relink");
        }
        Timeline relinked = plan.relink(result.linked().timeline(), trimmed);
        return DurableFiles.writeString(
                plan.folder().resolve(request.consolidatedFileName()),
                TimelineWriter.render(relinked, request.target()));
    }

    static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
