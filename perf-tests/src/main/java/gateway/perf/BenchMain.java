package gateway.perf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./gateway bench [--quick]}: runs the benchmarks and prints one table of medians and
 * ratios against the peers, measured on this machine in this run. A benchmark prints figures; it
 * asserts nothing.
 */
@Command(
        name = "./gateway bench",
        mixinStandardHelpOptions = true,
        description = {
            "Benchmarks against the peers on this machine, in this run, and prints medians and ratios"
                    + " (ours / peer; below 1 is faster than the peer).",
            "Rows: edit proxy, stream-hi and the whole ladder vs ffmpeg; search p50 / p99 vs raw Lucene on"
                    + " the same index; conform of a 10 000-event EDL against the 1 s goal; seek and whole-file"
                    + " streaming vs nginx over an emulated 40 ms link at 5 and 20 Mbit/s; xxHash64 of 1 GiB vs"
                    + " lz4-java's (JNI and pure Java); a remote './gateway search --server' as a whole process"
                    + " vs curl on the REST search against the 1 s goal; conform QC of a 10-minute cut against"
                    + " 0.3x real time; restore of a 5-event conform from ten"
                    + " 1-minute ProRes originals, range-exact vs whole-file (bytes and wall time, goal <= 0.1x"
                    + " the bytes and faster: --only restore). --only window: the SDK's fetch window (one chunk plus"
                    + " 16 KiB) against grpc-java's default, whole-file downloads over 5 and 20 Mbit/s café links and a"
                    + " 200 Mbit/s 80 ms link (run only when named)."
        })
public final class BenchMain implements Callable<Integer> {
    /** The groups {@code --only} names. */
    enum Group {
        proxy,
        ladder,
        search,
        conform,
        stream,
        xxhash,
        cli,
        qc,
        restore,
        window
    }

    @Option(names = "--quick", description = "3 repetitions instead of 5; search 100 k assets instead of 1 M")
    boolean quick;

    @Option(
            names = "--only",
            paramLabel = "GROUP",
            description = "run one group (repeatable): ${COMPLETION-CANDIDATES}")
    List<Group> groups = new ArrayList<>();

    @Option(names = "--reindex", description = "build the search index anew (and report its indexing rate)")
    boolean reindex;

    @Option(
            names = "--faults",
            description = "instead of the benchmarks: fault runs on node processes (kill -9 the lease holder in each"
                    + " phase, kill -9 during an ingest storm, a frozen member, a full store, client link drops)"
                    + " printing what was lost")
    boolean faults;

    @Option(
            names = {"--kills", "--fault-kills"},
            paramLabel = "N",
            description = "lease-holder kills in the --faults run (default 12; the published figure uses 50)")
    int faultKills = 12;

    @Option(
            names = "--fault-runs",
            paramLabel = "N",
            description = "runs of each timed fault in --faults; medians over them (default ${DEFAULT-VALUE})")
    int faultRuns = 3;

    @Option(
            names = "--fault",
            paramLabel = "NAME",
            description =
                    "with --faults: only this fault (repeatable): lease-kill, storm, freeze, partition, store-full,"
                            + " link-drop")
    List<String> onlyFaults = new ArrayList<>();

    @Option(names = "--work", paramLabel = "DIR", description = "work folder (default .gateway/bench)")
    Path work = Path.of(".gateway", "bench");

    @Option(
            names = "--fuzz",
            description = "instead of the benchmarks: run every fuzz target (Jazzer) in fuzzing mode for"
                    + " --minutes each; print executions and findings (each saved as a regression input)")
    boolean fuzz;

    @Option(
            names = "--minutes",
            paramLabel = "N",
            description = "minutes of fuzzing per target with --fuzz (default ${DEFAULT-VALUE}; fractions allowed)")
    double fuzzMinutes = 5;

    @Option(
            names = "--fuzz-target",
            paramLabel = "NAME",
            description = "with --fuzz: only this target (repeatable), e.g. ProbeFuzzTest#quickTime")
    List<String> fuzzTargets = new ArrayList<>();

    @Option(
            names = "--mutate",
            description = "instead of the benchmarks: ingest damaged copies of generated originals through the"
                    + " worker process and print how each was classified (done / CORRUPT / UNSUPPORTED / INTERNAL...)")
    boolean mutate;

    @Option(
            names = "--files",
            paramLabel = "N",
            description = "files to damage and ingest with --mutate (default ${DEFAULT-VALUE})")
    int mutateFiles = 200;

    public static void main(String[] argv) {
        System.exit(new CommandLine(new BenchMain()).execute(argv));
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(work);
        if (faults) {
            List<String> lines = new FaultBench(work, faultKills, faultRuns, java.util.Set.copyOf(onlyFaults)).run();
            System.out.println();
            lines.forEach(System.out::println);
            return 0;
        }
        if (fuzz || mutate) {
            int status = fuzz ? fuzz() : 0;
            return mutate ? Math.max(status, mutate()) : status;
        }
        int runs = quick ? 3 : 5;
        List<String> only = groups.stream().map(Group::name).toList();
        List<BenchRow> rows = new ArrayList<>();
        System.out.println("bench: " + runs + " runs per row, work dir " + work.toAbsolutePath());
        if (only.isEmpty() || only.contains("proxy")) {
            rows.add(new ProxyBench(work, runs).run());
        }
        if (only.isEmpty() || only.contains("ladder")) {
            rows.addAll(new LadderBench(work, runs).run());
        }
        if (only.isEmpty() || only.contains("search")) {
            rows.addAll(new SearchBench(work, quick, reindex).run());
        }
        if (only.isEmpty() || only.contains("conform")) {
            rows.addAll(new ConformBench(work, quick).run());
        }
        if (only.isEmpty() || only.contains("stream")) {
            rows.addAll(new StreamBench(work, quick).run());
        }
        if (only.isEmpty() || only.contains("xxhash")) {
            rows.addAll(new XxHashBench(quick).run());
        }
        if (only.isEmpty() || only.contains("qc")) {
            rows.addAll(new QcBench(work, quick).run());
        }
        if (only.isEmpty() || only.contains("restore")) {
            rows.addAll(new RestoreBench(work, quick ? 1 : 3).run());
        }
        if (only.contains("window")) {
            rows.addAll(new FetchWindowBench(work, 3).run());
        }
        if (only.isEmpty() || only.contains("cli")) {
            Path root = Path.of(System.getProperty("gateway.home", "."));
            rows.addAll(new CliSearchBench(work, runs, root).run());
        }
        System.out.println();
        System.out.println(BenchRow.header());
        rows.forEach(r -> System.out.println(r.format()));
        return 0;
    }

    private int mutate() throws Exception {
        if (mutateFiles < 1) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--files must be 1 or more, not " + mutateFiles);
        }
        List<MutationBench.Trial> trials =
                new MutationBench(work.toAbsolutePath(), mutateFiles, java.time.Duration.ofSeconds(120)).run();
        System.out.println();
        MutationBench.print(trials);
        boolean clean = trials.stream()
                .noneMatch(t -> t.outcome().equals("INTERNAL")
                        || t.hung()
                        || !t.leftovers().isEmpty());
        System.out.println(
                clean
                        ? "mutate: every file was classified as the input's fault or ingested; nothing hung or was left"
                        : "mutate: see the files listed above (kept in " + work.resolve("mutate/internal") + ")");
        return clean ? 0 : 1;
    }

    private int fuzz() throws Exception {
        if (!(fuzzMinutes > 0)) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--minutes must be more than 0, not " + fuzzMinutes);
        }
        List<FuzzBench.Target> targets = FuzzBench.TARGETS.stream()
                .filter(t -> fuzzTargets.isEmpty() || fuzzTargets.contains(t.name()))
                .toList();
        if (targets.isEmpty()) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "no fuzz target named " + fuzzTargets + "; the targets are "
                            + FuzzBench.TARGETS.stream()
                                    .map(FuzzBench.Target::name)
                                    .toList());
        }
        Path root = Path.of(System.getProperty("gateway.home", ".")).toAbsolutePath();
        java.time.Duration each = java.time.Duration.ofSeconds(Math.round(fuzzMinutes * 60));
        List<FuzzBench.Outcome> outcomes = new FuzzBench(root, work.toAbsolutePath(), each).run(targets);
        System.out.println();
        System.out.println(FuzzBench.header());
        outcomes.forEach(o -> System.out.println(FuzzBench.line(o)));
        boolean clean = outcomes.stream().allMatch(o -> o.findings().isEmpty() && o.problem() == null);
        System.out.println(
                clean
                        ? "fuzz: no findings"
                        : "fuzz: findings are saved as regression inputs: fix the parser, then './gateway test' replays them");
        return clean ? 0 : 1;
    }
}
