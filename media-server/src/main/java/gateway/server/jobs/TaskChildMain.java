package gateway.server.jobs;

import gateway.server.worker.MediaTaskMain;
import java.io.IOException;

/**
 * The child JVM of one job: {@link MediaTaskMain} plus a guard that halts the child when its
 * parent (the claimer) dies. The parent never writes to the child's standard input, so end of
 * input means the parent is gone (killed, crashed); an orphan would otherwise keep decoding for a
 * job whose lease has lapsed.
 */
public final class TaskChildMain {
    static final int ORPHANED_EXIT = 70;

    private TaskChildMain() {}

    public static void main(String[] argv) {
        Thread guard = new Thread(TaskChildMain::haltWhenParentGoes, "orphan-guard");
        guard.setDaemon(true);
        guard.start();
        MediaTaskMain.main(argv);
    }

    private static void haltWhenParentGoes() {
        try {
            while (System.in.read() >= 0) {
                // The parent sends nothing; keep reading until the pipe closes.
            }
        } catch (IOException e) {
            // A broken pipe means the same: the parent is gone.
        }
        Runtime.getRuntime().halt(ORPHANED_EXIT);
    }
}
