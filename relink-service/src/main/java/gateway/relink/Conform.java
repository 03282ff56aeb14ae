package gateway.relink;

import gateway.relink.link.AssetCatalogue;
import gateway.relink.link.LinkOptions;
import gateway.relink.link.LinkResult;
import gateway.relink.link.Linker;
import gateway.relink.read.Edit;
import gateway.relink.read.EditFormat;
import gateway.relink.read.EditFormats;
import gateway.relink.read.ReadOptions;
import gateway.relink.report.ConformReport;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The conform the CLI and the server call: read the edit (format told by content), link every
 * event against the catalogue, write the conformed timeline (ORIGINAL references resolved and
 * active) and {@code conform-report.json} / {@code .html} into the output folder, each atomically.
 * An unknown or empty project still gets both reports, every event unmatched.
 */
public final class Conform {
    public static final String REPORT_JSON = "conform-report.json";
    public static final String REPORT_HTML = "conform-report.html";

    private final AssetCatalogue catalogue;

    public Conform(AssetCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    public ConformResult conform(ConformRequest request) {
        EditFormat format = EditFormats.detect(request.edit());
        ReadOptions options =
                new ReadOptions(request.rate() != null ? request.rate() : ReadOptions.DEFAULT_RATE, request.strict());
        Edit edit = EditFormats.reader(format).read(request.edit(), options);
        LinkResult linked =
                new Linker(catalogue).link(request.project(), edit, new LinkOptions(request.handlesFrames()));
        ConformReport report = new ConformReport(
                request.editLabel(),
                format.name().toLowerCase(Locale.ROOT),
                request.project(),
                request.handlesFrames(),
                linked,
                edit.problems());
        Path out = request.outDir();
        String base =
                baseName(request.edit()) + ".conformed." + request.target().extension();
        Path timeline =
                new DurableFile(out.resolve(base)).write(TimelineWriter.render(linked.timeline(), request.target()));
        Path json = new DurableFile(out.resolve(REPORT_JSON)).write(report.toJson());
        Path html = new DurableFile(out.resolve(REPORT_HTML)).write(report.toHtml());
        String summary = report.summary() + (linked.allMatched() ? "" : "; not all matched");
        return new ConformResult(timeline, json, html, linked.totals(), linked.allMatched(), summary);
    }

    static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
