package gateway.server.jobs;

import gateway.server.ingest.WorkerProcess;
import java.util.List;

/** The command that starts a job's child JVM ({@link TaskChildMain}) with this JVM's java, flags and class path. */
public final class ChildJvm {
    private ChildJvm() {}

    public static WorkerProcess worker() {
        return new WorkerProcess(command());
    }

    static List<String> command() {
        return WorkerProcess.javaCommand(TaskChildMain.class.getName());
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
