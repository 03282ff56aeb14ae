package gateway.ingest.process;

import gateway.ingest.task.MediaTaskMain;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Runs one media task in a separate JVM, so that a demuxer that crashes or hangs on a hostile file
 * takes down one worker, never the node that serves editors. The child speaks a line protocol on
 * standard output: {@code progress N} (and, while it decodes pictures, {@code frames DONE TOTAL}),
 * then {@code result JSON} or {@code error REASON message}.
 *
 * <p>This is the one way the gateway starts a child JVM. The child ({@link MediaTaskMain}) always
 * runs with its orphan guard: the parent keeps the child's standard input open and never writes to
 * it, so end of input means the parent is gone (killed, crashed) and the child halts instead of
 * decoding on for a job nobody waits for.
 */
public final class WorkerProcess {
    private static final System.Logger LOG = System.getLogger(WorkerProcess.class.getName());
    private final List<String> javaCommand;

    private WorkerProcess(List<String> javaCommand) {
        this.javaCommand = List.copyOf(javaCommand);
    }

    /** Media tasks in child JVMs started with this JVM's own java, flags and class path. */
    public static WorkerProcess mediaTasks() {
        return new WorkerProcess(javaCommand(MediaTaskMain.class.getName()));
    }

    /**
     * Stops (SIGKILL) every child of this JVM whose command line names {@code marker} (a job's
     * staging folder): what a lapsed lease or a stopping claimer does to the decoder it started.
     */
    public static void killChildrenNaming(String marker) {
        ProcessHandle.current()
                .descendants()
                .filter(h -> h.info()
                        .arguments()
                        .map(a -> List.of(a).contains(marker))
                        .orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    /** The command that runs {@code mainClass} in a new JVM with this JVM's java, flags and class path. */
    public static List<String> javaCommand(String mainClass) {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--") || arg.startsWith("-Dhazelcast") || arg.startsWith("-Dgateway")) {
                cmd.add(arg);
            }
        }
        cmd.add("-Xmx1g");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        return cmd;
    }

    /** Told of a {@code frames DONE TOTAL} line: pictures decoded so far, of the original's (0: not known). */
    @FunctionalInterface
    public interface FramesListener {
        FramesListener NONE = (done, total) -> {};

        void frames(long done, long total);
    }

    /** Runs the task and returns the JSON of its {@code result} line. */
    public String run(List<String> taskArgs, Duration timeout, IntConsumer progress) {
        return run(taskArgs, timeout, progress, FramesListener.NONE);
    }

    /** Runs the task and returns the JSON of its {@code result} line; {@code frames} hears its frame counts. */
    public String run(List<String> taskArgs, Duration timeout, IntConsumer progress, FramesListener frames) {
        List<String> cmd = new ArrayList<>(javaCommand);
        cmd.addAll(taskArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new GatewayException(Reason.RESOURCE_LIMIT, "cannot start a worker process: " + e.getMessage(), e);
        }
        String result = null;
        String error = null;
        Thread killer = Thread.ofVirtual().start(() -> {
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        });
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("progress ")) {
                    progress.accept(parsePercent(line.substring(9)));
                } else if (line.startsWith("frames ")) {
                    reportFrames(line.substring(7), frames);
                } else if (line.startsWith("result ")) {
                    result = line.substring(7);
                } else if (line.startsWith("error ")) {
                    error = line.substring(6);
                }
            }
            int exit = p.waitFor();
            killer.interrupt();
            if (result != null && exit == 0) {
                return result;
            }
            if (error != null) {
                int space = error.indexOf(' ');
                Reason reason = parseReason(space < 0 ? error : error.substring(0, space));
                throw new GatewayException(reason, space < 0 ? error : error.substring(space + 1));
            }
            if (!p.isAlive() && exit != 0 && killerFired(exit)) {
                throw new GatewayException(
                        Reason.TIMEOUT, "worker ran past its " + timeout.toSeconds() + " s limit and was stopped");
            }
            throw new GatewayException(
                    Reason.CORRUPT,
                    "worker process died (exit " + exit + ") before finishing: the input probably crashed the decoder");
        } catch (IOException e) {
            p.destroyForcibly();
            throw GatewayException.io("lost the worker's output: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new GatewayException(Reason.CANCELLED, "interrupted while waiting for the worker");
        }
    }

    private static void reportFrames(String counts, FramesListener frames) {
        String[] parts = counts.trim().split(" ");
        try {
            frames.frames(Long.parseLong(parts[0]), parts.length > 1 ? Long.parseLong(parts[1]) : 0);
        } catch (NumberFormatException e) {
            LOG.log(System.Logger.Level.DEBUG, "worker sent a frames line that is not two numbers: " + counts);
        }
    }

    private static boolean killerFired(int exit) {
        return exit == 137 || exit == 143;
    }

    private static int parsePercent(String s) {
        try {
            return Math.max(0, Math.min(100, Integer.parseInt(s.trim())));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Reason parseReason(String s) {
        try {
            return Reason.valueOf(s);
        } catch (IllegalArgumentException e) {
            return Reason.INTERNAL;
        }
    }
}
