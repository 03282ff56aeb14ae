package gateway.server.cli;

import gateway.client.ConformOptions;
import gateway.client.EditFormat;
import gateway.client.GatewayClient;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import gateway.relink.Conform;
import gateway.relink.ConformRequest;
import gateway.relink.ConformResult;
import gateway.relink.TargetFormat;
import gateway.relink.link.IndexAssetCatalogue;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code conform EDIT --project P --out DIR [--to FORMAT] [--handles N] [--rate R] [--strict]}. */
final class ConformCommand implements Command {
    @Override
    public String help() {
        return """
                usage: ./gateway conform EDIT --project P --out DIR [--to otio|edl] [--handles N] [--rate R] [--strict]
                                         [--server HOST:PORT --user U --password P | --store DIR]

                Reads the edit (format told by its content), links every event to an original of
                project P (by asset id, reel + timecode, clip name + timecode, file name) and writes
                into DIR the conformed timeline, conform-report.json and conform-report.html.
                --rate is the edit's rate when it does not say (a CMX list never does; default 24).
                --handles asks for N frames of handle on each side. Exits non-zero unless every
                event matched; the reports are written either way.""";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Set<String> valued = new HashSet<>(Remote.OPTIONS);
        valued.addAll(Set.of("project", "out", "to", "handles", "rate", "store"));
        Args a = Args.parse("conform", argv, valued, Set.of("strict", "render"));
        if (a.positionals().size() != 1) {
            throw GatewayException.invalid("conform: give exactly one EDIT file");
        }
        if (a.flag("render")) {
            throw new GatewayException(
                    gateway.model.error.Reason.UNSUPPORTED,
                    "conform: --render (flattening to a ProRes master) is not available yet");
        }
        Path edit = Path.of(a.positionals().get(0));
        if (!Files.isRegularFile(edit)) {
            throw GatewayException.notFound("conform: no such edit file: " + edit);
        }
        ProjectId project = new ProjectId(a.require("conform", "project"));
        Path outDir = Path.of(a.require("conform", "out"));
        TargetFormat target = TargetFormat.parse(a.option("to").orElse("otio"));
        int handles = a.intOption("conform", "handles", 0);
        FrameRate rate = a.option("rate").map(FrameRate::parse).orElse(null);
        boolean strict = a.flag("strict");
        if (Remote.server(a).isPresent()) {
            try (GatewayClient client = Remote.connect("conform", a)) {
                ConformOptions options = ConformOptions.defaults()
                        .withStrict(strict)
                        .withHandles(handles)
                        .withOutputFormat(target == TargetFormat.EDL ? EditFormat.CMX3600_EDL : EditFormat.OTIO);
                if (rate != null) {
                    options = options.withRate(rate);
                }
                gateway.client.ConformResult r = client.conform(edit, project.value(), options);
                Path written = r.writeTo(outDir);
                out.println("conformed " + edit + " → " + written.toAbsolutePath());
                out.println(r.totals());
                return r.totals().isComplete()
                        ? 0
                        : fail(err, "not every event matched; see " + outDir.resolve("conform-report.json"));
            }
        }
        try (LocalStore store = LocalStore.open(Path.of(a.option("store").orElse("data")), false)) {
            ConformResult r = new Conform(new IndexAssetCatalogue(store.index))
                    .conform(new ConformRequest(edit, project, outDir, rate, strict, handles, target));
            out.println("conformed " + edit + ": " + r.summary());
            out.println("  timeline " + r.timeline());
            out.println("  report   " + r.reportJson());
            out.println("  report   " + r.reportHtml());
            return r.allMatched() ? 0 : fail(err, r.summary() + "; see " + r.reportJson());
        }
    }

    private static int fail(PrintStream err, String reason) {
        err.println("gateway: error: " + reason);
        return 1;
    }
}
