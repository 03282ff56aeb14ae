package gateway.cli;

import gateway.model.asset.Manifest;
import gateway.model.asset.ProjectId;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** {@code reindex [--project P]}: rebuilds the catalogue from the manifests (the source of truth). */
final class ReindexCommand implements Command {
    @Override
    public String help() {
        return """
                usage: ./gateway reindex [--project P] [--store DIR]

                Rebuilds the Lucene catalogue of one project (or all) from the manifests on the
                store. Run it with the node stopped; a node rebuilds a missing or corrupt index by
                itself at start.""";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args a = Args.parse("reindex", argv, Set.of("project", "store"), Set.of());
        try (LocalStore store = LocalStore.open(Path.of(a.option("store").orElse("data")), true)) {
            List<ProjectId> projects =
                    a.option("project").map(p -> List.of(new ProjectId(p))).orElseGet(store.manifests::projects);
            for (ProjectId p : projects) {
                List<String> problems = new ArrayList<>();
                // Streamed: manifests are parsed while the index threads add the ones read so far.
                AtomicLong count = new AtomicLong();
                try (Stream<Manifest> manifests = store.manifests.stream(p, e -> problems.add(e.getMessage()))) {
                    Iterator<Manifest> counted =
                            manifests.peek(m -> count.incrementAndGet()).iterator();
                    store.index.rebuild(p, () -> counted);
                }
                out.println("reindexed " + p + ": " + count.get() + " asset(s)");
                problems.forEach(m -> err.println("  skipped: " + m));
            }
        }
        return 0;
    }
}
