package gateway.perf;

import com.fasterxml.jackson.databind.JsonNode;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real network partition: three node processes, the third in its own network namespace joined to
 * the host through a bridge in another namespace; the partition drops every packet to and from the
 * members' cluster ports where the bridge forwards them, both ways (an HTB class holding a TBF that
 * passes nothing, chosen by u32 filters), so the members stop hearing each other while HTTP still
 * reaches every node, and their TCP connections stay open as across a broken network. Two cuts: shorter and
 * longer than Hazelcast's heartbeat timeout (60 s). The third node holds a running job's lease when
 * the link is cut. Measured from both sides: when the majority takes the job over, when the minority
 * sees itself alone, what the minority did with its job, how long the sides take to merge after the
 * heal, how the job ends, duplicates and orphan temp files, and whether an ingest sent to the healed
 * node ends. Needs root and iproute2's {@code ip} and {@code tc}; otherwise one row says it was skipped.
 */
final class PartitionFault {
    private static final int[] CUTS_S = {20, 90};
    /** How long the harness waits for the minority node to claim one of the run's jobs before it skips the cut. */
    private static final java.time.Duration CLAIM_WAIT = java.time.Duration.ofSeconds(120);

    private static final String MEMBERS_METRIC = "gateway_cluster_members ";

    private final Path dir;
    private final Path source;
    private final int runs;
    private final int leaseSeconds;
    private final int intakeMbPerSecond;

    PartitionFault(Path dir, Path source, int runs, int leaseSeconds, int intakeMbPerSecond) {
        this.dir = dir;
        this.source = source;
        this.runs = runs;
        this.leaseSeconds = leaseSeconds;
        this.intakeMbPerSecond = intakeMbPerSecond;
    }

    List<String> run() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))
                || !Files.isExecutable(Path.of("/usr/sbin/tc"))
                || !Files.isExecutable(Path.of("/usr/sbin/ip"))) {
            return List.of("fault: partition: skipped (needs root, ip and tc for a network namespace)");
        }
        int net = ThreadLocalRandom.current().nextInt(1, 250);
        try (NetworkNamespace ns = NetworkNamespace.create("gwfault" + net, "10.231." + net)) {
            List<FaultCluster.Placement> placements = List.of(
                    new FaultCluster.Placement(ns.hostAddress(), List.of()),
                    new FaultCluster.Placement(ns.hostAddress(), List.of()),
                    new FaultCluster.Placement(ns.innerAddress(), ns.execPrefix()));
            try (FaultCluster cluster = new FaultCluster(
                    dir.resolve("cluster"), dir.resolve("store"), placements, leaseSeconds, intakeMbPerSecond)) {
                cluster.startAll();
                System.out.println("faults: partition: nodes 0 and 1 on " + ns.hostAddress() + ", node 2 on "
                        + ns.innerAddress() + " in network namespace " + ns.name());
                List<String> rows = new ArrayList<>();
                for (int cut : CUTS_S) {
                    rows.add(cutRuns(cluster, ns, cut));
                }
                return rows;
            }
        }
    }

    private String cutRuns(FaultCluster cluster, NetworkNamespace ns, int cutSeconds) throws Exception {
        List<Once> all = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            all.add(once(cluster, ns, cutSeconds, r));
        }
        List<String> orphans = FaultBench.orphanList(cluster.store());
        if (!orphans.isEmpty()) {
            System.out.println(
                    "  partition " + cutSeconds + " s: temp files in the store: " + String.join(", ", orphans));
        }
        return String.format(
                Locale.ROOT,
                "fault: node partitioned from the other two (cluster ports dropped both ways) %d s x%d: the"
                        + " minority held a running job's lease; the majority ran that job again in %s; the"
                        + " majority saw it DONE %s; the minority saw itself alone %s and finished the job itself"
                        + " %s; the sides merged %s after the heal; the job ends %s; an ingest sent to the healed"
                        + " node ends %s; duplicated assets %d, orphan temp files %d",
                cutSeconds,
                runs,
                when(all, Once::rerun),
                when(all, Once::majorityDone),
                when(all, Once::alone),
                when(all, Once::minorityDone),
                when(all, Once::merged).replace("run(s), after ", "run(s), "),
                String.join("/", all.stream().map(Once::end).toList()),
                String.join("/", all.stream().map(Once::after).toList()),
                FaultBench.duplicatedAssets(cluster.store()),
                FaultBench.orphanTemps(cluster.store()));
    }

    /** "k of n run(s), after median ..." for the runs where {@code figure} happened. */
    private static String when(List<Once> all, java.util.function.ToDoubleFunction<Once> figure) {
        double[] happened = all.stream().mapToDouble(figure).filter(x -> x >= 0).toArray();
        return happened.length + " of " + all.size() + " run(s)"
                + (happened.length == 0 ? "" : ", after " + FaultBench.seconds(happened));
    }

    /**
     * One cut's figures in seconds from the cut ({@code merged}: from the heal; -1: did not happen
     * within the cut or, for {@code merged}, within the job limit).
     */
    private record Once(
            double rerun,
            double majorityDone,
            double alone,
            double minorityDone,
            double merged,
            String end,
            String after) {}

    /** What each side says, sampled; every change printed with its time since the cut. */
    private static final class Watch {
        private final long cutAt;
        private final java.util.Map<String, String> last = new java.util.HashMap<>();
        private final java.util.Map<String, Double> first = new java.util.HashMap<>();

        Watch(long cutAt) {
            this.cutAt = cutAt;
        }

        synchronized String last(String who) {
            return last.getOrDefault(who, "");
        }

        synchronized void note(String who, String what) {
            if (!what.equals(last.put(who, what))) {
                double t = (System.nanoTime() - cutAt) / 1e9;
                first.putIfAbsent(who + "=" + what, t);
                System.out.println(String.format(Locale.ROOT, "    %+8.2f s  %s: %s", t, who, what));
            }
        }

        /** Seconds from the cut to when {@code who} first said {@code what}, or -1. */
        synchronized double first(String who, String what) {
            return first.getOrDefault(who + "=" + what, -1.0);
        }
    }

    private Once once(FaultCluster cluster, NetworkNamespace ns, int cutSeconds, int run) throws Exception {
        String token = cluster.login();
        FaultCluster.Node majority = cluster.node(0);
        FaultCluster.Node minorityNode = cluster.node(2);
        long deadline = System.nanoTime() + FaultBench.JOB_TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(cutSeconds);
        awaitWhole(cluster, deadline);
        // One card per node: each node's single local worker claims one, so the minority holds a lease.
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < cluster.size(); i++) {
            Path card = FaultBench.card(dir, String.format(Locale.ROOT, "N%02d%d%d", cutSeconds, run, i), source);
            jobs.add(cluster.ingest(token, List.of(card))
                    .path("jobs")
                    .get(0)
                    .path("job_id")
                    .asText());
        }
        String jobId = null;
        long pid = minorityNode.process().pid();
        long claimBy = System.nanoTime() + CLAIM_WAIT.toNanos();
        while (jobId == null) {
            for (String id : jobs) {
                JsonNode j = cluster.send(majority, "GET", "/api/v1/jobs/" + id, token, null);
                if (j.path("state").asText().equals("RUNNING")
                        && FaultCluster.pidOf(j.path("worker").asText()) == pid) {
                    jobId = id;
                }
            }
            if (jobId == null && System.nanoTime() > claimBy) {
                // Found in a run: after a cut, the minority node's claimer took no job for minutes.
                System.out.println(String.format(
                        Locale.ROOT,
                        "  partition %d s, run %d: node 2 claimed none of %d jobs within %d s; not cut",
                        cutSeconds,
                        run + 1,
                        jobs.size(),
                        CLAIM_WAIT.toSeconds()));
                System.out.println("    node 2's threads then: "
                        + threadDump(
                                minorityNode,
                                dir.resolve(String.format(
                                        Locale.ROOT, "node-2-threads-%ds-run%d.txt", cutSeconds, run + 1))));
                for (String id : jobs) {
                    cluster.awaitJob(token, id, deadline, FaultCluster::isFinished);
                }
                return new Once(-1, -1, -1, -1, -1, "not-held", "-");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        System.out.println(String.format(
                Locale.ROOT, "  partition %d s, run %d: job %s held by node 2; cut", cutSeconds, run + 1, jobId));
        ns.cut(cluster);
        long cutAt = System.nanoTime();
        Watch watch = new Watch(cutAt);
        String whole = Integer.toString(cluster.size());
        double merged = -1;
        // Each view sampled on its own thread: a node that makes a request wait holds up neither the others nor the
        // heal.
        try (Sampling sampling = new Sampling(cluster, watch, jobId, token)) {
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(cutSeconds) - (System.nanoTime() - cutAt));
            ns.heal();
            long healedAt = System.nanoTime();
            System.out.println(String.format(Locale.ROOT, "    %+8.2f s  healed", (healedAt - cutAt) / 1e9));
            while (System.nanoTime() < deadline) {
                if (watch.last("node 0 sees members").equals(whole)
                        && watch.last("node 2 sees members").equals(whole)) {
                    merged = (System.nanoTime() - healedAt) / 1e9;
                    break;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
        String end = cluster.awaitJob(token, jobId, deadline, FaultCluster::isFinished)
                .path("state")
                .asText();
        for (String id : jobs) {
            cluster.awaitJob(token, id, deadline, FaultCluster::isFinished);
        }
        String after = ingestOn(cluster, minorityNode, token, String.format(Locale.ROOT, "H%02d%d", cutSeconds, run));
        List<Integer> abandoned = abandonedBy(cluster, jobId);
        System.out.println(String.format(
                Locale.ROOT,
                "  partition %d s, run %d: merged %s; job %s; runs abandoned for a lease lost to another claimer: %s;"
                        + " ingest on node 2 after the heal %s",
                cutSeconds,
                run + 1,
                merged < 0 ? "not within the job limit" : String.format(Locale.ROOT, "%.2f s after the heal", merged),
                end,
                abandoned.isEmpty()
                        ? "none"
                        : String.join(
                                ", ", abandoned.stream().map(i -> "node " + i).toList()),
                after));
        return new Once(
                firstRerun(watch, cutSeconds),
                before(watch.first("majority: the job", "DONE"), cutSeconds),
                before(watch.first("node 2 sees members", "1"), cutSeconds),
                before(watch.first("node 2: the job", "DONE"), cutSeconds),
                merged,
                end,
                after);
    }

    /**
     * {@code n}'s thread stacks ({@code jcmd PID Thread.print}) written to {@code to}: the file's
     * path, or why there is none.
     */
    private static String threadDump(FaultCluster.Node n, Path to) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(
                            jcmd.toString(), Long.toString(n.process().pid()), "Thread.print")
                    .redirectErrorStream(true)
                    .redirectOutput(to.toFile())
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "none (" + jcmd + " did not end within 60 s)";
            }
            return p.exitValue() == 0 ? to.toString() : "none (" + jcmd + " failed; its output is in " + to + ")";
        } catch (IOException e) {
            return "none (cannot run " + jcmd + ": " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "none (interrupted)";
        }
    }

    /** The nodes whose log says they abandoned a run of {@code jobId} because another claimer took its lease. */
    private List<Integer> abandonedBy(FaultCluster cluster, String jobId) throws IOException {
        List<Integer> nodes = new ArrayList<>();
        for (int i = 0; i < cluster.size(); i++) {
            Path log = dir.resolve("cluster").resolve("node-" + i + ".err");
            if (!Files.exists(log)) {
                continue;
            }
            try (var lines = Files.lines(log, java.nio.charset.StandardCharsets.UTF_8)) {
                if (lines.anyMatch(
                        l -> l.contains("job " + jobId + ": lease ") && l.contains("lost to another claimer"))) {
                    nodes.add(i);
                }
            }
        }
        return nodes;
    }

    /** When the majority first ran the job on one of its own nodes during the cut, or -1. */
    private static double firstRerun(Watch watch, int cutSeconds) {
        double a = before(watch.first("majority: the job", "RUNNING on node 0"), cutSeconds);
        double b = before(watch.first("majority: the job", "RUNNING on node 1"), cutSeconds);
        return a < 0 ? b : b < 0 ? a : Math.min(a, b);
    }

    /** {@code t} if it fell within the cut, else -1. */
    private static double before(double t, int cutSeconds) {
        return t >= 0 && t <= cutSeconds ? t : -1;
    }

    /** Both sides' member counts and views of the job, each sampled on its own thread until closed; each change noted. */
    private static final class Sampling implements AutoCloseable {
        private final java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();

        Sampling(FaultCluster cluster, Watch watch, String jobId, String token) {
            FaultCluster.Node majority = cluster.node(0);
            FaultCluster.Node minority = cluster.node(2);
            loop(() -> watch.note("node 0 sees members", Integer.toString(members(cluster, majority))));
            loop(() -> watch.note("node 2 sees members", Integer.toString(members(cluster, minority))));
            loop(() -> watch.note("majority: the job", view(cluster, majority, jobId, token)));
            loop(() -> watch.note("node 2: the job", view(cluster, minority, jobId, token)));
        }

        private void loop(Runnable sample) {
            threads.add(Thread.ofPlatform().daemon().name("partition-sample").start(() -> {
                while (!stop.get()) {
                    sample.run();
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
                }
            }));
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join(java.time.Duration.ofSeconds(40)); // a request in flight ends within the client's 30 s
            }
        }
    }

    /** A node's view of the job: its state, and which node's worker holds it when RUNNING. */
    private static String view(FaultCluster cluster, FaultCluster.Node n, String jobId, String token) {
        try {
            var r = cluster.call(n, "GET", "/api/v1/jobs/" + jobId, token, null);
            if (r.statusCode() != 200) {
                return "HTTP " + r.statusCode();
            }
            JsonNode j = FaultCluster.JSON.readTree(r.body());
            String state = j.path("state").asText();
            if (!state.equals("RUNNING")) {
                return state;
            }
            long pid = FaultCluster.pidOf(j.path("worker").asText());
            return cluster.nodeWithPid(pid)
                    .map(h -> "RUNNING on node " + h.index())
                    .orElse("RUNNING on " + j.path("worker").asText());
        } catch (Exception e) {
            return "no answer (" + e.getClass().getSimpleName() + ")";
        }
    }

    /** Waits until every node sees the whole cluster (the previous run's sides merged). */
    private static void awaitWhole(FaultCluster cluster, long deadline) {
        while (true) {
            boolean whole = true;
            for (int i = 0; i < cluster.size(); i++) {
                whole &= members(cluster, cluster.node(i)) == cluster.size();
            }
            if (whole) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new GatewayException(
                        Reason.TIMEOUT, "faults: partition: the nodes did not see one whole cluster before the run");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
        }
    }

    /** An ingest of a new card sent to {@code n}, followed to its end: its state. */
    private String ingestOn(FaultCluster cluster, FaultCluster.Node n, String token, String name) throws Exception {
        Path card = FaultBench.card(dir, name, source);
        String id = cluster.send(
                        n,
                        "POST",
                        "/api/v1/ingest",
                        token,
                        FaultCluster.JSON
                                .createObjectNode()
                                .put("project", FaultCluster.PROJECT.value())
                                .put("copy", true)
                                .set(
                                        "paths",
                                        FaultCluster.JSON.createArrayNode().add(card.toString())))
                .path("jobs")
                .get(0)
                .path("job_id")
                .asText();
        return cluster.awaitJob(
                        token, id, System.nanoTime() + FaultBench.JOB_TIMEOUT.toNanos(), FaultCluster::isFinished)
                .path("state")
                .asText();
    }

    /** The members node {@code n} sees, from its {@code /metrics} ({@code -1} when it does not answer). */
    private static int members(FaultCluster cluster, FaultCluster.Node n) {
        try {
            var r = cluster.call(n, "GET", "/metrics", null, null);
            for (String line : r.body().split("\n")) {
                if (line.startsWith(MEMBERS_METRIC)) {
                    return (int) Double.parseDouble(
                            line.substring(MEMBERS_METRIC.length()).trim());
                }
            }
        } catch (Exception e) {
            // no answer within the client's timeout
        }
        return -1;
    }

    /**
     * A network namespace joined to the host through a bridge in a second namespace ({@code <name>b}):
     * a veth pair from the host ({@code <prefix>.1}) to the bridge, another from the bridge to the
     * inner namespace ({@code <prefix>.2}). The cut drops packets where the bridge forwards them, so
     * neither end's own network stack sees a drop: a packet dropped by the sender's own queue
     * discipline (this harness's first cut, on the veth ends themselves) made Linux end the members'
     * TCP connections within seconds (ETIMEDOUT, "Broken pipe" and "Connection reset" in the
     * members' logs), where a partition in the network leaves them open and retransmitting. Removed
     * on close.
     */
    private record NetworkNamespace(String name, String prefix) implements AutoCloseable {
        static NetworkNamespace create(String name, String prefix) throws IOException, InterruptedException {
            NetworkNamespace ns = new NetworkNamespace(name, prefix);
            ns.close(); // namespaces left by an interrupted run
            List<String> bridge = ns.bridgePrefix();
            run(true, "ip", "netns", "add", name);
            run(true, "ip", "netns", "add", ns.bridgeName());
            run(true, "ip", "link", "add", name + "h", "type", "veth", "peer", "name", name + "r1");
            run(true, "ip", "link", "set", name + "r1", "netns", ns.bridgeName());
            run(true, "ip", "link", "add", name + "n", "type", "veth", "peer", "name", name + "r2");
            run(true, "ip", "link", "set", name + "n", "netns", name);
            run(true, "ip", "link", "set", name + "r2", "netns", ns.bridgeName());
            inside(bridge, "ip", "link", "add", "br0", "type", "bridge");
            for (String port : List.of(name + "r1", name + "r2")) {
                inside(bridge, "ip", "link", "set", port, "master", "br0");
                inside(bridge, "ip", "link", "set", port, "up");
            }
            inside(bridge, "ip", "link", "set", "br0", "up");
            run(true, "ip", "addr", "add", prefix + ".1/24", "dev", name + "h");
            run(true, "ip", "link", "set", name + "h", "up");
            inside(ns.execPrefix(), "ip", "addr", "add", prefix + ".2/24", "dev", name + "n");
            inside(ns.execPrefix(), "ip", "link", "set", name + "n", "up");
            inside(ns.execPrefix(), "ip", "link", "set", "lo", "up");
            return ns;
        }

        String hostAddress() {
            return prefix + ".1";
        }

        String innerAddress() {
            return prefix + ".2";
        }

        List<String> execPrefix() {
            return List.of("ip", "netns", "exec", name);
        }

        private String bridgeName() {
            return name + "b";
        }

        private List<String> bridgePrefix() {
            return List.of("ip", "netns", "exec", bridgeName());
        }

        /** Drops every packet to or from a cluster port where the bridge forwards it, both ways; HTTP still flows. */
        void cut(FaultCluster cluster) throws IOException, InterruptedException {
            List<Integer> ports = cluster.clusterPorts();
            drop(bridgePrefix(), name + "r1", ports);
            drop(bridgePrefix(), name + "r2", ports);
        }

        void heal() throws IOException, InterruptedException {
            inside(bridgePrefix(), "tc", "qdisc", "del", "dev", name + "r1", "root");
            inside(bridgePrefix(), "tc", "qdisc", "del", "dev", name + "r2", "root");
        }

        private static void inside(List<String> prefix, String... args) throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>(prefix);
            cmd.addAll(List.of(args));
            run(true, cmd.toArray(String[]::new));
        }

        private static void drop(List<String> prefix, String dev, List<Integer> ports)
                throws IOException, InterruptedException {
            tc(prefix, "qdisc", "add", "dev", dev, "root", "handle", "1:", "htb", "default", "1");
            tc(prefix, "class", "add", "dev", dev, "parent", "1:", "classid", "1:1", "htb", "rate", "10gbit");
            tc(prefix, "class", "add", "dev", dev, "parent", "1:", "classid", "1:2", "htb", "rate", "8bit");
            // A token bucket smaller than any packet: whatever is classified here is dropped.
            tc(
                    prefix, "qdisc", "add", "dev", dev, "parent", "1:2", "handle", "20:", "tbf", "rate", "8bit",
                    "burst", "20", "limit", "20");
            for (int port : ports) {
                for (String side : List.of("sport", "dport")) {
                    tc(
                            prefix,
                            "filter",
                            "add",
                            "dev",
                            dev,
                            "parent",
                            "1:",
                            "protocol",
                            "ip",
                            "prio",
                            "1",
                            "u32",
                            "match",
                            "ip",
                            side,
                            Integer.toString(port),
                            "0xffff",
                            "flowid",
                            "1:2");
                }
            }
        }

        private static void tc(List<String> prefix, String... args) throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>(prefix);
            cmd.add("tc");
            cmd.addAll(List.of(args));
            run(true, cmd.toArray(String[]::new));
        }

        private static void run(boolean mustSucceed, String... cmd) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new GatewayException(Reason.TIMEOUT, "faults: " + String.join(" ", cmd) + " did not end");
            }
            if (mustSucceed && p.exitValue() != 0) {
                throw new GatewayException(
                        Reason.INTERNAL, "faults: " + String.join(" ", cmd) + " failed: " + out.strip());
            }
        }

        @Override
        public void close() {
            try {
                run(false, "ip", "netns", "del", name);
                run(false, "ip", "netns", "del", bridgeName());
                run(false, "ip", "link", "del", name + "h");
            } catch (IOException | InterruptedException e) {
                // best effort: a left namespace is removed by the next run's create
            }
        }
    }
}
