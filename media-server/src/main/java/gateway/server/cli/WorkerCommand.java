package gateway.server.cli;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.PrintStream;
import java.util.List;

/** {@code worker}: a proxy worker that joins the cluster (the distributed job queue comes with the ingest work). */
final class WorkerCommand implements Command {
    @Override
    public String help() {
        return """
                usage: ./gateway worker [--config FILE]

                Starts a proxy worker that joins the cluster and claims ingest jobs. Not available
                yet: today a node runs every job in its own local worker processes
                (config key ingest.local-workers), each a separate JVM.""";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        throw new GatewayException(
                Reason.UNSUPPORTED,
                "worker: standalone cluster workers are not available yet; "
                        + "a node runs its jobs in local worker processes (ingest.local-workers)");
    }
}
