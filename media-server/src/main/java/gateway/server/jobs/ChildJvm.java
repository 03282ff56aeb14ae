package gateway.server.jobs;

import gateway.server.ingest.WorkerProcess;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command that starts a job's child JVM ({@link TaskChildMain}) with this JVM's java, flags and class path. */
public final class ChildJvm {
    private ChildJvm() {}

    public static WorkerProcess worker() {
        return new WorkerProcess(command());
    }

    static List<String> command() {
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
        cmd.add(TaskChildMain.class.getName());
        return cmd;
    }

    /** Stops (SIGKILL) every child of this JVM whose command line names {@code marker} (a job's staging folder). */
    static void killChildrenNaming(String marker) {
        ProcessHandle.current()
                .descendants()
                .filter(h -> h.info()
                        .arguments()
                        .map(a -> List.of(a).contains(marker))
                        .orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }
}
