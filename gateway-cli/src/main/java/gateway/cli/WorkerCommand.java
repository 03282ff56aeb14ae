package gateway.cli;

import gateway.ingest.cluster.ClusterMember;
import gateway.ingest.jobs.ClaimerPool;
import gateway.ingest.jobs.ClusterJobBoard;
import gateway.ingest.process.WorkerProcess;
import gateway.model.asset.ManifestStore;
import gateway.server.config.GatewayConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** {@code worker}: a proxy worker that joins the cluster and claims ingest jobs. */
final class WorkerCommand implements Command {
    @Override
    public String help() {
        return """
                usage: ./gateway worker [--config FILE] [--store DIR]

                Starts a proxy worker: joins the cluster (cluster.name, cluster.members of FILE,
                the same as the nodes'), claims ingest jobs from the cluster's job map and runs
                each in a child JVM, so a decoder that crashes takes down one child. Runs
                max(1, ingest.local-workers) jobs at a time; holds each job's lease
                (ingest.lease-s) while it runs. The media store (store.dir) must be the nodes'
                store, at the same path. Runs until interrupted.""";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse("worker", argv, Set.of("config", "store"), Set.of());
        GatewayConfig loaded =
                a.option("config").map(p -> GatewayConfig.load(Path.of(p))).orElseGet(GatewayConfig::defaults);
        GatewayConfig config =
                a.option("store").map(s -> loaded.withStore(Path.of(s))).orElse(loaded);
        String name = ClaimerPool.uniqueName("worker");
        ClusterMember member = ClusterMember.start(config.cluster(), name.replace('@', '-'));
        ClaimerPool pool = new ClaimerPool(
                new ClusterJobBoard(member.hazelcast(), config.ingest().finishedJobTtl()),
                new ManifestStore(config.store().dir()),
                WorkerProcess.mediaTasks(),
                config.ingest(),
                name,
                Math.max(1, config.ingest().localWorkers()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            pool.close();
                            member.close();
                            stopped.countDown();
                        },
                        "worker-shutdown"));
        out.println("worker " + name + " joined cluster " + config.cluster().name() + " at " + member.address() + " ("
                + member.memberCount() + " member(s)); claiming jobs with " + pool.size() + " slot(s)");
        out.flush();
        stopped.await();
        return 0;
    }
}
