package gateway.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code ./gateway bench --fuzz}: runs each fuzz target (a Jazzer {@code @FuzzTest} in a module's
 * test sources) in fuzzing mode for a set time, one Maven run each ({@code JAZZER_FUZZ=1},
 * {@code jazzer.max_duration}), and prints its executions and findings. A finding (a crash, a
 * hang past the target's per-input limit, an out-of-memory) is moved from where Jazzer writes it
 * (the module's folder) into the target's regression inputs under {@code src/test/resources}, so
 * the default suite replays it from then on: it stays a failing test until the parser is fixed.
 * The corpus Jazzer grows is kept in each module's {@code .cifuzz-corpus/} (git-ignored) and
 * reused by the next run.
 */
final class FuzzBench {
    /** One fuzz target: the module that holds it, its class and method. */
    record Target(String module, String testClass, String method) {
        String name() {
            return testClass.substring(testClass.lastIndexOf('.') + 1) + "#" + method;
        }

        /** Where the default suite replays this target's inputs from (Jazzer's convention). */
        Path inputs(Path root) {
            return root.resolve(module)
                    .resolve("src/test/resources")
                    .resolve(testClass.replace('.', '/') + "Inputs")
                    .resolve(method);
        }
    }

    /** Every fuzz target in the tree. */
    static final List<Target> TARGETS = List.of(
            new Target("proxy-generator", "gateway.proxy.probe.ProbeFuzzTest", "quickTime"),
            new Target("proxy-generator", "gateway.proxy.probe.ProbeFuzzTest", "mxf"),
            new Target("proxy-generator", "gateway.proxy.probe.ProbeFuzzTest", "wave"),
            new Target("relink-service", "gateway.relink.read.EditReadersFuzzTest", "cmx"),
            new Target("relink-service", "gateway.relink.read.EditReadersFuzzTest", "fcp7Xml"),
            new Target("relink-service", "gateway.relink.read.EditReadersFuzzTest", "fcpXml"),
            new Target("relink-service", "gateway.relink.read.EditReadersFuzzTest", "otioJson"),
            new Target("relink-service", "gateway.relink.read.EditReadersFuzzTest", "ale"),
            new Target("relink-service", "gateway.relink.read.EditReadersFuzzTest", "aaf"),
            new Target("relink-service", "gateway.relink.read.EditReadersFuzzTest", "safeXml"),
            new Target("media-server", "gateway.server.http.RestBodiesFuzzTest", "restBodies"),
            new Target("nle-plugins/agent", "gateway.agent.AgentBodiesFuzzTest", "agentBodies"));

    /** What one target's run did. */
    record Outcome(Target target, long execs, long fuzzSeconds, List<Path> findings, String problem) {}

    private static final Pattern DONE = Pattern.compile("Done (\\d+) runs in (\\d+) second");
    private static final Pattern STATUS = Pattern.compile("^#(\\d+)\\s", Pattern.MULTILINE);
    private static final List<String> FINDING_PREFIXES = List.of("crash-", "timeout-", "oom-", "leak-");

    private final Path root;
    private final Path work;
    private final Duration perTarget;

    FuzzBench(Path root, Path work, Duration perTarget) {
        this.root = root;
        this.work = work;
        this.perTarget = perTarget;
    }

    List<Outcome> run(List<Target> targets) throws IOException, InterruptedException {
        Path logs = Files.createDirectories(work.resolve("fuzz"));
        List<Outcome> outcomes = new ArrayList<>();
        for (Target t : targets) {
            System.out.printf(Locale.ROOT, "fuzz: %s (%s) for %d s ...%n", t.name(), t.module(), perTarget.toSeconds());
            outcomes.add(run(t, logs.resolve(t.name().replace('#', '-') + ".log")));
            Outcome o = outcomes.get(outcomes.size() - 1);
            System.out.println("fuzz:   " + line(o));
        }
        return outcomes;
    }

    private Outcome run(Target t, Path log) throws IOException, InterruptedException {
        Path moduleDir = root.resolve(t.module());
        // Jazzer writes a finding beside the target's inputs when that folder exists, else in the module's.
        List<Path> before = new ArrayList<>(findingsIn(moduleDir));
        before.addAll(findingsIn(t.inputs(root)));
        List<String> command = List.of(
                "mvn",
                "-B",
                "-o",
                "-Dstyle.color=never",
                "-pl",
                t.module(),
                "-am",
                "-Dsurefire.failIfNoSpecifiedTests=false",
                "-Dtest=" + t.testClass() + "#" + t.method(),
                "-Djazzer.max_duration=" + perTarget.toSeconds() + "s",
                // JUnit's timeouts would end the whole fuzzing run; Jazzer turns the target's
                // @Timeout into libFuzzer's per-input limit instead.
                "-Djunit.jupiter.execution.timeout.mode=disabled",
                "test");
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("JAZZER_FUZZ", "1");
        long started = System.nanoTime();
        Process p = pb.start();
        // Maven and the build before the fuzzing take a minute or two; a fuzzer that ignores its
        // limit is stopped.
        boolean ended = p.waitFor(perTarget.toSeconds() + 900, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        String out = Files.readString(log);
        long execs = execs(out);
        long fuzzSeconds = fuzzSeconds(out).orElse(seconds);
        List<Path> saved = new ArrayList<>();
        for (Path f : findingsIn(t.inputs(root))) {
            if (!before.contains(f)) {
                saved.add(root.relativize(f));
            }
        }
        for (Path f : findingsIn(moduleDir)) {
            if (!before.contains(f)) {
                Path dest = t.inputs(root).resolve(f.getFileName());
                Files.createDirectories(dest.getParent());
                Files.move(f, dest, StandardCopyOption.REPLACE_EXISTING);
                saved.add(root.relativize(dest));
            }
        }
        String problem = null;
        if (!ended) {
            problem = "did not end within " + (perTarget.toSeconds() + 900) + " s; stopped";
        } else if (execs == 0) {
            problem = "no fuzzing happened: see " + log;
        } else if (saved.isEmpty() && out.contains("BUILD FAILURE")) {
            problem = "the run failed without a saved input: see " + log;
        }
        return new Outcome(t, execs, fuzzSeconds, saved, problem);
    }

    /** libFuzzer's own count: "Done N runs in S seconds", else its last status line. */
    static long execs(String out) {
        Matcher done = DONE.matcher(out);
        long n = 0;
        while (done.find()) {
            n = Long.parseLong(done.group(1));
        }
        if (n > 0) {
            return n;
        }
        Matcher status = STATUS.matcher(out);
        while (status.find()) {
            n = Math.max(n, Long.parseLong(status.group(1)));
        }
        return n;
    }

    /** The seconds libFuzzer says it fuzzed ("Done N runs in S seconds"). */
    static java.util.OptionalLong fuzzSeconds(String out) {
        Matcher done = DONE.matcher(out);
        java.util.OptionalLong s = java.util.OptionalLong.empty();
        while (done.find()) {
            s = java.util.OptionalLong.of(Long.parseLong(done.group(2)));
        }
        return s;
    }

    private static List<Path> findingsIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> FINDING_PREFIXES.stream()
                            .anyMatch(p -> f.getFileName().toString().startsWith(p)))
                    .toList();
        }
    }

    static String header() {
        return String.format(Locale.ROOT, "%-36s %12s %8s %8s   %s", "fuzz target", "execs", "exec/s", "findings", "");
    }

    static String line(Outcome o) {
        long fuzzSeconds = Math.max(1, o.fuzzSeconds());
        String what = o.problem() != null
                ? o.problem()
                : o.findings().isEmpty()
                        ? "none"
                        : "saved as regression inputs: "
                                + String.join(
                                        ", ",
                                        o.findings().stream()
                                                .map(Path::toString)
                                                .toList());
        return String.format(
                Locale.ROOT,
                "%-36s %12d %8d %8d   %s",
                o.target().name(),
                o.execs(),
                o.execs() / fuzzSeconds,
                o.findings().size(),
                what);
    }
}
