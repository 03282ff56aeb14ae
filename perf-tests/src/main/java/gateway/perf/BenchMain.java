package gateway.perf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ./gateway bench [--quick]}: runs the benchmarks and prints one table of medians and
 * ratios against the peers, measured on this machine in this run. A benchmark prints figures; it
 * asserts nothing.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] argv) throws Exception {
        List<String> args = Arrays.asList(argv);
        if (args.contains("--help") || args.contains("-h")) {
            System.out.println("""
                    usage: ./gateway bench [--quick] [--only NAME] [--reindex] [--work DIR]

                    Benchmarks against the peers on this machine, in this run, and prints medians and
                    ratios (ours / peer; below 1 is faster than the peer). --quick runs 3 repetitions
                    instead of 5 and searches 100 k assets instead of 1 M. Rows: edit proxy, stream-hi and the whole ladder vs ffmpeg;
                    search p50 / p99 vs raw Lucene on the same index; conform of a
                    10 000-event EDL against the 1 s goal; seek and whole-file
                    streaming vs nginx over an emulated 40 ms link at 5 and 20 Mbit/s; xxHash64 of
                    1 GiB vs lz4-java's (JNI and pure Java); a remote './gateway search --server'
                    as a whole process vs curl on the REST search against the 1 s goal.
                    --only proxy|ladder|search|conform|stream|xxhash|cli runs one group (repeatable);
                    --reindex builds the search index anew (and reports its indexing rate)
                    instead of reusing the one in the work dir.""");
            return;
        }
        boolean quick = args.contains("--quick");
        int w = args.indexOf("--work");
        Path work = w >= 0 && w + 1 < args.size() ? Path.of(args.get(w + 1)) : Path.of(".gateway", "bench");
        Files.createDirectories(work);
        int runs = quick ? 3 : 5;
        List<BenchRow> rows = new ArrayList<>();
        System.out.println("bench: " + runs + " runs per row, work dir " + work.toAbsolutePath());
        List<String> only = new ArrayList<>();
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals("--only")) {
                only.add(args.get(i + 1));
            }
        }
        if (only.isEmpty() || only.contains("proxy")) {
            rows.add(new ProxyBench(work, runs).run());
        }
        if (only.isEmpty() || only.contains("ladder")) {
            rows.addAll(new LadderBench(work, runs).run());
        }
        if (only.isEmpty() || only.contains("search")) {
            rows.addAll(new SearchBench(work, quick, args.contains("--reindex")).run());
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
        if (only.isEmpty() || only.contains("cli")) {
            Path root = Path.of(System.getProperty("gateway.home", "."));
            rows.addAll(new CliSearchBench(work, runs, root).run());
        }
        System.out.println();
        System.out.println(BenchRow.header());
        rows.forEach(r -> System.out.println(r.format()));
        System.exit(0);
    }
}
