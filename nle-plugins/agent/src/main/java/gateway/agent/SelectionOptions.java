package gateway.agent;

import gateway.model.asset.AssetId;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code --query Q --project P | --timeline FILE --project P [--rate R] | ASSET_ID...}: a {@link Selection}. */
final class SelectionOptions {
    @Option(names = "--query", paramLabel = "Q", description = "the assets matching Q (with --project)")
    String query;

    @Option(
            names = "--timeline",
            paramLabel = "FILE",
            description = "the assets an exported timeline uses, in order (with --project)")
    Path timeline;

    @Option(
            names = "--project",
            paramLabel = "P",
            converter = OptionTypes.Project.class,
            description = "the gateway project (with --query or --timeline)")
    ProjectId project;

    @Option(
            names = "--rate",
            paramLabel = "R",
            description = "the timeline's rate when the file does not say (EDL; default 25)")
    String rate;

    @Parameters(paramLabel = "ASSET_ID", arity = "0..*", description = "the assets")
    List<String> ids = List.of();

    Selection selection() {
        if (!ids.isEmpty()) {
            if (query != null || timeline != null) {
                throw GatewayException.invalid("give asset ids, --query or --timeline, not several");
            }
            return Selection.ofAssets(ids.stream().map(AssetId::new).toList());
        }
        if (query != null && timeline != null) {
            throw GatewayException.invalid("give --query or --timeline, not both");
        }
        if (query == null && timeline == null) {
            throw GatewayException.invalid(
                    "say what: --query Q --project P, --timeline FILE --project P, or ASSET_ID...");
        }
        if (project == null) {
            throw GatewayException.invalid((query != null ? "--query" : "--timeline") + " needs --project P");
        }
        return query != null
                ? Selection.ofQuery(query, project)
                : Selection.ofTimeline(timeline, project, rate == null ? null : FrameRate.parse(rate));
    }
}
