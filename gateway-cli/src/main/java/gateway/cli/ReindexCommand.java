package gateway.cli;

import gateway.model.asset.Manifest;
import gateway.model.asset.ProjectId;
import gateway.server.config.StoreConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reindex [--project P]}: rebuilds the catalogue from the manifests (the source of truth). */
@Command(
        name = "reindex",
        description = {
            "Rebuilds the catalogue from the manifests.",
            "",
            "Rebuilds the Lucene catalogue of one project (or all) from the manifests on the",
            "store. Run it with the node stopped; a node rebuilds a missing or corrupt index by",
            "itself at start."
        })
final class ReindexCommand extends CliCommand {
    @Option(names = "--project", paramLabel = "P", description = "one project (default: every project)")
    String project;

    @Option(names = "--store", paramLabel = "DIR", description = "the store (default: ./data)")
    Path store = Path.of(StoreConfig.DEFAULT_DIR);

    @picocli.CommandLine.Mixin
    NodeDirOption nodeDir = new NodeDirOption();

    @Override
    int run() {
        try (LocalStore local = LocalStore.open(store, nodeDir.dir(), true)) {
            List<ProjectId> projects = project == null ? local.manifests.projects() : List.of(new ProjectId(project));
            for (ProjectId p : projects) {
                List<String> problems = new ArrayList<>();
                // Streamed: manifests are parsed while the index threads add the ones read so far.
                AtomicLong count = new AtomicLong();
                try (Stream<Manifest> manifests = local.manifests.stream(p, e -> problems.add(e.getMessage()))) {
                    Iterator<Manifest> counted =
                            manifests.peek(m -> count.incrementAndGet()).iterator();
                    local.index.rebuild(p, () -> counted);
                }
                out.println("reindexed " + p + ": " + count.get() + " asset(s)");
                problems.forEach(m -> err.println("  skipped: " + m));
            }
        }
        return 0;
    }
}
