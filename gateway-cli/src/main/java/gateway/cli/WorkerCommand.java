package gateway.cli;

import gateway.ingest.cluster.ClusterMember;
import gateway.ingest.cluster.StoreClaim;
import gateway.ingest.jobs.ClaimerPool;
import gateway.ingest.jobs.ClusterJobBoard;
import gateway.ingest.process.WorkerProcess;
import gateway.model.asset.ManifestStore;
import gateway.server.config.GatewayConfig;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code worker}: a proxy worker that joins the cluster and claims ingest jobs. */
@Command(
        name = "worker",
        description = {
            "A proxy worker that joins the cluster and claims ingest jobs.",
            "",
            "Starts a proxy worker: joins the cluster (cluster.name, cluster.members of FILE,",
            "the same as the nodes'), claims ingest jobs from the cluster's job map and runs",
            "each in a child JVM, so a decoder that crashes takes down one child. Runs",
            "max(1, ingest.local-workers) jobs at a time; holds each job's lease",
            "(ingest.lease-s) while it runs. The media store (store.dir) must be the nodes'",
            "store, at the same path. Serves Prometheus metrics at GET /metrics on",
            "--metrics-host:--metrics-port (jobs done / failed / handed back, jobs running,",
            "slots, claimer restarts, members seen). Runs until interrupted."
        })
final class WorkerCommand extends CliCommand {
    @Option(names = "--config", paramLabel = "FILE", description = "the nodes' YAML configuration")
    Path configFile;

    @Option(names = "--store", paramLabel = "DIR", description = "the media store (default: store.dir of FILE)")
    Path store;

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            description = "port of the worker's /metrics (Prometheus text; default ${DEFAULT-VALUE}; -1: none)")
    int metricsPort = 9102;

    @Option(
            names = "--metrics-host",
            paramLabel = "HOST",
            description = "address /metrics listens on (default ${DEFAULT-VALUE}: every interface)")
    String metricsHost = "0.0.0.0";

    @Override
    int run() throws Exception {
        GatewayConfig loaded = configFile == null ? GatewayConfig.defaults() : GatewayConfig.load(configFile);
        GatewayConfig config = store == null ? loaded : loaded.withStore(store);
        String name = ClaimerPool.uniqueName("worker");
        ClusterMember member = ClusterMember.start(config.cluster(), name.replace('@', '-'));
        StoreClaim claim;
        try {
            claim = StoreClaim.join(
                    member, config.store().dir(), config.cluster().name(), StoreClaim.DEFAULT_BEAT);
        } catch (RuntimeException e) {
            member.close();
            throw e;
        }
        ClusterJobBoard board =
                new ClusterJobBoard(member.hazelcast(), config.ingest().finishedJobTtl());
        ClaimerPool pool = new ClaimerPool(
                board,
                new ManifestStore(config.store().dir()),
                WorkerProcess.mediaTasks(),
                config.ingest(),
                name,
                Math.max(1, config.ingest().localWorkers()));
        WorkerMeters meters = metricsPort < 0
                ? null
                : WorkerMeters.serve(name, board, pool, member::memberCount, metricsHost, metricsPort);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (meters != null) {
                                meters.close();
                            }
                            pool.close();
                            claim.close();
                            member.close();
                            stopped.countDown();
                        },
                        "worker-shutdown"));
        out.println("worker " + name + " joined cluster " + config.cluster().name() + " at " + member.address() + " ("
                + member.memberCount() + " member(s)); claiming jobs with " + pool.size() + " slot(s)"
                + (meters == null ? "" : "; metrics at http://" + metricsHost + ":" + meters.port() + "/metrics"));
        out.flush();
        stopped.await();
        return 0;
    }
}
