package gateway.perf;

import gateway.client.ClientOptions;
import gateway.client.FragmentMap;
import gateway.client.GatewayClient;
import gateway.client.IngestJob;
import gateway.client.JobState;
import gateway.client.JobUpdate;
import gateway.model.asset.Manifest;
import gateway.model.asset.ProjectId;
import gateway.model.asset.Rendition;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.proxy.progress.ProgressListener;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import gateway.server.GatewayNode;
import gateway.server.auth.Role;
import gateway.server.config.GatewayConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Streaming to an editor on a café link, ours against nginx serving the same fragmented MP4 (the
 * stream-hi rendition of the generated 10 s 1080p25 original, ingested through an in-process node).
 * Each server sits behind its own {@link LinkEmulator} (40 ms RTT; 5 and 20 Mbit/s down). Rows:
 * seek p50 / p95 (one fragment's bytes in hand, index and init segment already cached, ours by
 * {@code Fetch} of that range, nginx by a {@code Range} request on a kept-alive connection, the
 * two alternating), and the whole file's download time (ours with the SDK's {@code fetch}, nginx
 * with one GET; both write to disk). Then seek to first picture: ours through one picture-first
 * {@code Watch} session ({@link StreamWatchSeeks}: the server sends the scrub frame holding the
 * target, then the stream-hi fragment), nginx by a {@code Range} request for the same scrub fragment
 * and then one for the stream-hi fragment on its kept-alive connection; rows for the first picture
 * (p50, p95) and for the whole fragment after it (p95). Printed beside them: {@link StreamFanOut}'s
 * concurrent streams.
 */
final class StreamBench {
    static final String PROFILE = "stream-hi";
    /** The all-intra rendition a picture-first seek shows first. */
    static final String SCRUB = "scrub";

    static final int ONE_WAY_DELAY_MS = 20;
    private static final int WARM_UP_ROUNDS = 3;
    private static final String USER = "bench";
    private static final String PASSWORD = "bench-pass-2026";
    private static final String PROJECT = "bench";

    private final Path workDir;
    private final boolean quick;
    /** 0: the whole bench; n > 0: only the loopback seeks, n times (the per-call cost, no link rows). */
    private final int loopbackRounds;

    StreamBench(Path workDir, boolean quick) {
        this(workDir, quick, 0);
    }

    StreamBench(Path workDir, boolean quick, int loopbackRounds) {
        this.workDir = workDir;
        this.quick = quick;
        this.loopbackRounds = loopbackRounds;
    }

    List<BenchRow> run() throws IOException {
        Path nginx = StreamNginx.binary().orElse(null);
        if (nginx == null) {
            System.out.println("stream: SKIPPED: nginx is not installed and cannot be installed here "
                    + "(apt-get install -y nginx); no streaming rows");
            return List.of();
        }
        Path original = workDir.resolve("bench-A001C003.mov");
        if (!Files.exists(original)) {
            System.out.println("stream: generating the original (10 s 1080p25 ProRes 422 HQ, noisy) ...");
            new SampleOriginals().generate(SampleSpec.proresHq1080p25(), original, ProgressListener.NONE);
        }
        Path dir = workDir.resolve("stream");
        deleteTree(dir);
        Files.createDirectories(dir);
        int clusterPort = freePort();
        GatewayConfig base = GatewayConfig.defaults()
                .withStore(dir.resolve("store"))
                .withPorts(0, 0, clusterPort)
                .withCluster("stream-bench-" + UUID.randomUUID(), clusterPort)
                .withPlaintextOnLoopback();
        // One principal stands in for 200 editors: lift the per-principal call limit, not the server's work.
        GatewayConfig config = base.withSecurity(base.security().withRateLimit(100_000, 1_000_000));
        List<BenchRow> rows = new ArrayList<>();
        try (GatewayNode node = GatewayNode.start(config, line -> {})) {
            node.users().put(USER, PASSWORD, Map.of(new ProjectId(PROJECT), Role.ASSISTANT));
            String token = StreamRanges.login(node.grpcPort(), USER, PASSWORD);
            Served served = ingest(node, token, original, dir.resolve("www"));
            System.out.printf(
                    Locale.ROOT,
                    "stream: %s of asset %s: %,d bytes, %d fragments, header %,d bytes%n",
                    PROFILE,
                    served.assetId(),
                    served.map().sizeBytes(),
                    served.map().fragments().size(),
                    served.map().headerLengthBytes());
            try (StreamNginx peer = StreamNginx.start(nginx, served.wwwRoot(), dir.resolve("nginx"))) {
                if (loopbackRounds > 0) {
                    loopbackOnly(served, token, node.grpcPort(), peer.port());
                    return rows;
                }
                List<Double> rates = quick ? List.of(5.0) : List.of(5.0, 20.0);
                for (double rate : rates) {
                    System.out.println("stream: " + LinkEmulator.measure(ONE_WAY_DELAY_MS, rate));
                }
                loopbackSeeks(served, token, node.grpcPort(), peer.port());
                for (double rate : rates) {
                    rows.addAll(new StreamOverLink(served, token, rate, quick, dir, node.httpPort())
                            .run(node.grpcPort(), peer.port()));
                }
            }
            new StreamFanOut(served.assetId(), token, quick ? 50 : 200).run(node.grpcPort());
        }
        return rows;
    }

    /** What both servers serve: the asset, its fragment indexes, the folder nginx serves them from. */
    record Served(
            String assetId, FragmentMap map, Path wwwRoot, String fileName, FragmentMap scrub, String scrubName) {}

    private static Served ingest(GatewayNode node, String token, Path original, Path www) throws IOException {
        ClientOptions options = ClientOptions.plaintext().withBearerToken(token);
        try (GatewayClient client = GatewayClient.connect("127.0.0.1", node.grpcPort(), options)) {
            System.out.println("stream: ingesting " + original.getFileName() + " through the node ...");
            long t0 = System.nanoTime();
            List<IngestJob> jobs =
                    client.ingest(List.of(original.toAbsolutePath().toString()), PROJECT, false);
            String jobId = jobs.get(0).jobId();
            JobUpdate done = client.watchJobs(List.of(jobId), u -> {}).get(jobId);
            if (done == null || done.state() != JobState.DONE) {
                throw new GatewayException(
                        Reason.INTERNAL,
                        "stream bench: ingest of " + original + " ended "
                                + (done == null ? "without a report" : done.state() + ": " + done.errorMessage()));
            }
            System.out.printf(Locale.ROOT, "stream: ingested in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            Manifest m = client.getAsset(done.assetId());
            Rendition hi = m.rendition(PROFILE)
                    .orElseThrow(() -> new GatewayException(
                            Reason.NOT_FOUND, "stream bench: asset " + done.assetId() + " has no " + PROFILE));
            Path onDisk = node.store().assetDir(m.project(), m.assetId()).resolve(hi.path());
            Files.createDirectories(www);
            String fileName = PROFILE + ".mp4";
            Files.copy(onDisk, www.resolve(fileName));
            Rendition scrub = m.rendition(SCRUB)
                    .orElseThrow(() -> new GatewayException(
                            Reason.NOT_FOUND, "stream bench: asset " + done.assetId() + " has no " + SCRUB));
            String scrubName = SCRUB + ".mp4";
            Files.copy(node.store().assetDir(m.project(), m.assetId()).resolve(scrub.path()), www.resolve(scrubName));
            return new Served(
                    done.assetId(),
                    client.fragmentIndex(done.assetId(), PROFILE),
                    www,
                    fileName,
                    client.fragmentIndex(done.assetId(), SCRUB),
                    scrubName);
        }
    }

    /**
     * {@link #loopbackSeeks} {@code loopbackRounds} times after {@link #WARM_UP_ROUNDS} uncounted ones
     * (the JIT), then the median of each figure over the counted rounds.
     */
    private void loopbackOnly(Served served, String token, int grpcPort, int nginxPort) throws IOException {
        for (int i = 0; i < WARM_UP_ROUNDS; i++) {
            System.out.print("stream: warm-up round: ");
            loopbackSeeks(served, token, grpcPort, nginxPort);
        }
        tinyCallCost(served, token, grpcPort);
        double[][] figures = new double[5][loopbackRounds];
        for (int i = 0; i < loopbackRounds; i++) {
            double[] f = loopbackSeeks(served, token, grpcPort, nginxPort);
            for (int k = 0; k < f.length; k++) {
                figures[k][i] = f[k];
            }
        }
        System.out.printf(
                Locale.ROOT,
                "stream: loopback, median of %d rounds: ours p50 %.2f ms p95 %.2f ms, nginx p50 %.2f ms p95 %.2f ms;"
                        + " ours for 1 byte (the per-call cost) p50 %.2f ms%n",
                loopbackRounds,
                BenchRow.median(figures[0]),
                BenchRow.median(figures[1]),
                BenchRow.median(figures[2]),
                BenchRow.median(figures[3]),
                BenchRow.median(figures[4]));
        loopbackPictures(served, token, grpcPort, nginxPort, 10 * loopbackRounds);
    }

    /**
     * Seek to first picture with no link: what each side's own processing adds to the link's time
     * (ours: a seek in a picture-first Watch session until the scrub fragment is in; nginx: a Range
     * request for the same scrub fragment).
     */
    private static void loopbackPictures(Served served, String token, int grpcPort, int nginxPort, int samples)
            throws IOException {
        double[] o = new double[samples];
        double[] p = new double[samples];
        Random random = new Random(3);
        long frames = served.scrub().fragments().size();
        try (GatewayClient sdk = GatewayClient.connect(
                        "127.0.0.1", grpcPort, ClientOptions.plaintext().withBearerToken(token));
                StreamWatchSeeks ours = StreamWatchSeeks.open(sdk, served.assetId(), PROFILE);
                StreamHttpRange peer = new StreamHttpRange(nginxPort, "/" + served.fileName())) {
            for (int i = -20; i < samples; i++) { // 20 warm-up seeks
                FragmentMap.Fragment picture = served.scrub().fragments().get((int) random.nextLong(frames));
                long frame = picture.startFrame();
                StreamWatchSeeks.Seek s =
                        ours.seek(frame, frame, served.map().fragmentOf(frame).startFrame());
                long t0 = System.nanoTime();
                peer.range("/" + served.scrubName(), picture.offsetBytes(), picture.lengthBytes());
                double peerSeconds = (System.nanoTime() - t0) / 1e9;
                if (i >= 0) {
                    o[i] = s.pictureSeconds();
                    p[i] = peerSeconds;
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "stream: seek to first picture on loopback, no link (%d samples): ours (Watch, picture first)"
                        + " p50 %.2f ms p95 %.2f ms, nginx (Range of the scrub fragment) p50 %.2f ms p95 %.2f ms%n",
                samples,
                percentile(o, 50) * 1e3,
                percentile(o, 95) * 1e3,
                percentile(p, 50) * 1e3,
                percentile(p, 95) * 1e3);
    }

    /**
     * 1-byte Fetches back to back: wall time and this process's CPU time (node and client share it)
     * per call, which tells work from waiting (thread hand-offs, a busy machine).
     */
    private static void tinyCallCost(Served served, String token, int grpcPort) {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        int calls = 1000;
        try (StreamRanges ours = new StreamRanges(grpcPort, token)) {
            for (int i = 0; i < calls; i++) { // warm-up
                ours.range(served.assetId(), PROFILE, i, 1);
            }
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                ours.range(served.assetId(), PROFILE, i, 1);
            }
            long wall = System.nanoTime() - t0;
            long cpu = processCpuNanos() - cpu0;
            System.out.printf(
                    Locale.ROOT,
                    "stream: %d 1-byte Fetches back to back: %.2f ms wall and %.2f ms CPU (node + client) per call;"
                            + " load average %.1f on %d cores%n",
                    calls,
                    wall / 1e6 / calls,
                    cpu / 1e6 / calls,
                    os.getSystemLoadAverage(),
                    os.getAvailableProcessors());
        }
    }

    private static long processCpuNanos() {
        try {
            return (Long) java.lang.management.ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new javax.management.ObjectName("java.lang:type=OperatingSystem"), "ProcessCpuTime");
        } catch (javax.management.JMException e) {
            return -1;
        }
    }

    /**
     * The servers' own time per seek, without the link: what each adds to the link's time. Returns
     * ours p50, p95, nginx p50, p95 and ours for 1 byte p50, in milliseconds.
     */
    private static double[] loopbackSeeks(Served served, String token, int grpcPort, int nginxPort) throws IOException {
        try (StreamRanges ours = new StreamRanges(grpcPort, token);
                StreamHttpRange peer = new StreamHttpRange(nginxPort, "/" + served.fileName())) {
            List<FragmentMap.Fragment> fragments = served.map().fragments();
            int samples = 5 * fragments.size();
            double[] o = new double[samples];
            double[] p = new double[samples];
            double[] tiny = new double[samples];
            for (int round = -1; round < samples; round++) { // round -1 warms both up
                FragmentMap.Fragment f = fragments.get(Math.floorMod(round, fragments.size()));
                long t0 = System.nanoTime();
                ours.range(served.assetId(), PROFILE, f.offsetBytes(), f.lengthBytes());
                long t1 = System.nanoTime();
                peer.range(f.offsetBytes(), f.lengthBytes());
                long t2 = System.nanoTime();
                ours.range(served.assetId(), PROFILE, f.offsetBytes(), 1);
                long t3 = System.nanoTime();
                if (round >= 0) {
                    o[round] = (t1 - t0) / 1e9;
                    p[round] = (t2 - t1) / 1e9;
                    tiny[round] = (t3 - t2) / 1e9;
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "stream: one fragment on loopback, no link (%d samples): ours p50 %.1f ms p95 %.1f ms,"
                            + " nginx p50 %.1f ms p95 %.1f ms; ours for 1 byte (the per-call cost) p50 %.1f ms%n",
                    samples,
                    percentile(o, 50) * 1e3,
                    percentile(o, 95) * 1e3,
                    percentile(p, 50) * 1e3,
                    percentile(p, 95) * 1e3,
                    percentile(tiny, 50) * 1e3);
            return new double[] {
                percentile(o, 50) * 1e3,
                percentile(o, 95) * 1e3,
                percentile(p, 50) * 1e3,
                percentile(p, 95) * 1e3,
                percentile(tiny, 50) * 1e3
            };
        }
    }

    static double percentile(double[] xs, double p) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.length) - 1; // nearest-rank
        return s[Math.max(0, Math.min(s.length - 1, rank))];
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * {@code java -cp ... gateway.perf.StreamBench [--quick] [--work DIR] [--loopback ROUNDS]}: this
     * bench alone; with {@code --loopback} only the loopback seeks (no link, no fan-out), ROUNDS times.
     */
    public static void main(String[] argv) throws Exception {
        List<String> args = Arrays.asList(argv);
        int w = args.indexOf("--work");
        Path work = w >= 0 && w + 1 < args.size() ? Path.of(args.get(w + 1)) : Path.of(".gateway", "bench");
        Files.createDirectories(work);
        int l = args.indexOf("--loopback");
        int rounds = l >= 0 && l + 1 < args.size() ? Integer.parseInt(args.get(l + 1)) : 0;
        List<BenchRow> rows = new StreamBench(work, args.contains("--quick"), rounds).run();
        System.out.println();
        System.out.println(BenchRow.header());
        rows.forEach(r -> System.out.println(r.format()));
        System.exit(0);
    }

    /** Seeks and whole-file downloads through one pair of emulated links at one rate. */
    private record StreamOverLink(Served served, String token, double mbit, boolean quick, Path dir, int httpPort) {
        List<BenchRow> run(int grpcPort, int nginxPort) throws IOException {
            try (LinkEmulator ourLink = LinkEmulator.start(grpcPort, ONE_WAY_DELAY_MS, mbit, 0);
                    LinkEmulator peerLink = LinkEmulator.start(nginxPort, ONE_WAY_DELAY_MS, mbit, 0);
                    GatewayClient sdk = GatewayClient.connect(
                            "127.0.0.1",
                            ourLink.port(),
                            ClientOptions.plaintext().withBearerToken(token));
                    StreamRanges ours = new StreamRanges(ourLink.port(), token);
                    StreamHttpRange peer = new StreamHttpRange(peerLink.port(), "/" + served.fileName())) {
                String at = String.format(Locale.ROOT, "@%.0f Mbit/s", mbit);
                // Like a player: the index once, the init segment once, then seeks.
                FragmentMap map = sdk.fragmentIndex(served.assetId(), PROFILE);
                same(
                        ours.range(served.assetId(), PROFILE, 0, map.headerLengthBytes()),
                        peer.range(0, map.headerLengthBytes()),
                        "init segment");
                Seeks seeks = seeks(map, ours, peer, quick ? 12 : 40);
                double goalMs = 150;
                List<BenchRow> rows = new ArrayList<>();
                rows.add(new BenchRow(
                        "stream seek p50 " + at + " (s)",
                        "nginx",
                        new double[] {percentile(seeks.ours(), 50)},
                        new double[] {percentile(seeks.peer(), 50)},
                        "<= 1.0x nginx"));
                rows.add(new BenchRow(
                        "stream seek p95 " + at + " (s)",
                        "nginx",
                        new double[] {percentile(seeks.ours(), 95)},
                        new double[] {percentile(seeks.peer(), 95)},
                        "<= " + (int) goalMs + " ms, <= 1.0x nginx"));
                rows.add(wholeFile(sdk, peer, map.sizeBytes(), at));
                rows.addAll(pictureFirst(sdk, peer, map, quick ? 12 : 40, at));
                return rows;
            }
        }

        private record Seeks(double[] ours, double[] peer) {}

        private Seeks seeks(FragmentMap map, StreamRanges ours, StreamHttpRange peer, int samples) throws IOException {
            long frames = 0;
            for (FragmentMap.Fragment f : map.fragments()) {
                frames = Math.max(frames, f.startFrame() + f.durationFrames());
            }
            Random random = new Random(7L + (long) mbit);
            for (FragmentMap.Fragment warm :
                    map.fragments().subList(0, Math.min(3, map.fragments().size()))) {
                same(
                        ours.range(served.assetId(), PROFILE, warm.offsetBytes(), warm.lengthBytes()),
                        peer.range(warm.offsetBytes(), warm.lengthBytes()),
                        "warm-up fragment at byte " + warm.offsetBytes());
            }
            double[] o = new double[samples];
            double[] p = new double[samples];
            long bytes = 0;
            for (int i = 0; i < samples; i++) {
                FragmentMap.Fragment f = map.fragmentOf(random.nextLong(frames));
                bytes += f.lengthBytes();
                byte[] a = null;
                byte[] b = null;
                for (int turn = 0; turn < 2; turn++) {
                    boolean oursNow = (turn == 0) == (i % 2 == 0); // alternate who goes first
                    long t0 = System.nanoTime();
                    if (oursNow) {
                        a = ours.range(served.assetId(), PROFILE, f.offsetBytes(), f.lengthBytes());
                        o[i] = (System.nanoTime() - t0) / 1e9;
                    } else {
                        b = peer.range(f.offsetBytes(), f.lengthBytes());
                        p[i] = (System.nanoTime() - t0) / 1e9;
                    }
                }
                same(a, b, "fragment at byte " + f.offsetBytes());
            }
            System.out.printf(
                    Locale.ROOT,
                    "stream: %d seeks @%.0f Mbit/s, mean fragment %,d bytes: ours p50 %.0f ms p95 %.0f ms,"
                            + " nginx p50 %.0f ms p95 %.0f ms%n",
                    samples,
                    mbit,
                    bytes / samples,
                    percentile(o, 50) * 1e3,
                    percentile(o, 95) * 1e3,
                    percentile(p, 50) * 1e3,
                    percentile(p, 95) * 1e3);
            System.out.println("stream:   ours ms  " + millis(o));
            System.out.println("stream:   nginx ms " + millis(p));
            return new Seeks(o, p);
        }

        /**
         * Seek to first picture: ours by a seek in one picture-first Watch session (the server sends
         * the scrub frame, then the stream-hi fragment, unasked), nginx by two Range requests in a row
         * (the same scrub fragment, then the stream-hi fragment), the two alternating who goes first.
         */
        private List<BenchRow> pictureFirst(
                GatewayClient sdk, StreamHttpRange peer, FragmentMap map, int samples, String at) throws IOException {
            FragmentMap scrub = served.scrub();
            long frames = 0;
            for (FragmentMap.Fragment f : map.fragments()) {
                frames = Math.max(frames, f.startFrame() + f.durationFrames());
            }
            String scrubPath = "/" + served.scrubName();
            // Both sides hold stream-hi's index and init segment already; nginx's player reads scrub's
            // init segment once here, ours gets it with its first (warm-up) seek.
            peer.range(scrubPath, 0, scrub.headerLengthBytes());
            Random random = new Random(11L + (long) mbit);
            double[] oPicture = new double[samples];
            double[] oFragment = new double[samples];
            double[] pPicture = new double[samples];
            double[] pFragment = new double[samples];
            int byLo = 0;
            double[] serverBefore = null;
            try (StreamWatchSeeks ours = StreamWatchSeeks.open(sdk, served.assetId(), PROFILE)) {
                for (int i = -3; i < samples; i++) { // three warm-up seeks (the first carries scrub's init segment)
                    long frame = random.nextLong(frames);
                    FragmentMap.Fragment picture = scrub.fragmentOf(frame);
                    FragmentMap.Fragment fragment = map.fragmentOf(frame);
                    StreamWatchSeeks.Seek o = null;
                    double pp = 0;
                    double pf = 0;
                    byte[] peerPicture = null;
                    byte[] peerFragment = null;
                    for (int turn = 0; turn < 2; turn++) {
                        boolean oursNow = (turn == 0) == (Math.floorMod(i, 2) == 0);
                        if (oursNow) {
                            o = ours.seek(frame, picture.startFrame(), fragment.startFrame());
                        } else {
                            long t0 = System.nanoTime();
                            peerPicture = peer.range(scrubPath, picture.offsetBytes(), picture.lengthBytes());
                            pp = (System.nanoTime() - t0) / 1e9;
                            peerFragment = peer.range(fragment.offsetBytes(), fragment.lengthBytes());
                            pf = (System.nanoTime() - t0) / 1e9;
                        }
                    }
                    same(o.picture(), peerPicture, "scrub fragment at byte " + picture.offsetBytes());
                    if (PROFILE.equals(o.profile())) {
                        same(o.fragment(), peerFragment, "fragment at byte " + fragment.offsetBytes());
                    } else {
                        byLo++;
                    }
                    if (i == -1) {
                        serverBefore = StreamNodeMetrics.sumAndCount(httpPort, "gateway_seek_first_picture_seconds");
                    }
                    if (i >= 0) {
                        oPicture[i] = o.pictureSeconds();
                        oFragment[i] = o.fragmentSeconds();
                        pPicture[i] = pp;
                        pFragment[i] = pf;
                    }
                }
                System.out.printf(
                        Locale.ROOT,
                        "stream: %d seeks to first picture %s, scrub fragment ~%,d bytes: ours (Watch, picture first:"
                                + " the server sends the scrub frame, then the %s fragment) picture p50 %.0f ms p95 %.0f ms,"
                                + " fragment p50 %.0f ms p95 %.0f ms; nginx (Range of the same scrub fragment, then"
                                + " Range of the %s fragment, one connection) picture p50 %.0f ms p95 %.0f ms,"
                                + " fragment p50 %.0f ms p95 %.0f ms; session moved to another rendition %d times,"
                                + " %d seeks served by it%n",
                        samples,
                        at,
                        scrub.fragments().stream()
                                        .mapToLong(FragmentMap.Fragment::lengthBytes)
                                        .sum()
                                / Math.max(1, scrub.fragments().size()),
                        PROFILE,
                        percentile(oPicture, 50) * 1e3,
                        percentile(oPicture, 95) * 1e3,
                        percentile(oFragment, 50) * 1e3,
                        percentile(oFragment, 95) * 1e3,
                        PROFILE,
                        percentile(pPicture, 50) * 1e3,
                        percentile(pPicture, 95) * 1e3,
                        percentile(pFragment, 50) * 1e3,
                        percentile(pFragment, 95) * 1e3,
                        ours.renditionChanges(),
                        byLo);
                double[] serverAfter = StreamNodeMetrics.sumAndCount(httpPort, "gateway_seek_first_picture_seconds");
                System.out.printf(
                        Locale.ROOT,
                        "stream:   of which the node itself (seek in to the scrub fragment's last chunk handed to gRPC):"
                                + " mean %.1f ms over %d seeks%n",
                        (serverAfter[0] - serverBefore[0]) * 1e3 / Math.max(1, serverAfter[1] - serverBefore[1]),
                        (long) (serverAfter[1] - serverBefore[1]));
                System.out.println("stream:   ours picture ms  " + millis(oPicture));
                System.out.println("stream:   nginx picture ms " + millis(pPicture));
            }
            return List.of(
                    new BenchRow(
                            "stream seek->picture (Watch) p50 " + at + " (s)",
                            "nginx",
                            new double[] {percentile(oPicture, 50)},
                            new double[] {percentile(pPicture, 50)},
                            "<= 1.0x nginx"),
                    new BenchRow(
                            "stream seek->picture (Watch) p95 " + at + " (s)",
                            "nginx",
                            new double[] {percentile(oPicture, 95)},
                            new double[] {percentile(pPicture, 95)},
                            "<= 150 ms, <= 1.0x nginx"),
                    new BenchRow(
                            "stream seek->picture+fragment p95 " + at + " (s)",
                            "nginx",
                            new double[] {percentile(oFragment, 95)},
                            new double[] {percentile(pFragment, 95)},
                            "<= 1.0x nginx"));
        }

        private static String millis(double[] seconds) {
            StringBuilder sb = new StringBuilder();
            for (double s : seconds) {
                sb.append(String.format(Locale.ROOT, " %.0f", s * 1e3));
            }
            return sb.toString();
        }

        private BenchRow wholeFile(GatewayClient sdk, StreamHttpRange peer, long size, String at) throws IOException {
            int runs = quick ? 2 : 3;
            double[] o = new double[runs];
            double[] p = new double[runs];
            Path oursTarget = dir.resolve("whole-ours.mp4");
            Path peerTarget = dir.resolve("whole-nginx.mp4");
            for (int i = 0; i < runs; i++) {
                for (int turn = 0; turn < 2; turn++) {
                    boolean oursNow = (turn == 0) == (i % 2 == 0);
                    if (oursNow) {
                        Files.deleteIfExists(oursTarget);
                        Files.deleteIfExists(oursTarget.resolveSibling(oursTarget.getFileName() + ".part"));
                        long t0 = System.nanoTime();
                        long got =
                                sdk.fetch(served.assetId(), PROFILE, oursTarget).sizeBytes();
                        o[i] = (System.nanoTime() - t0) / 1e9;
                        requireSize(got, size, "ours");
                    } else {
                        long t0 = System.nanoTime();
                        long got = peer.download(peerTarget);
                        p[i] = (System.nanoTime() - t0) / 1e9;
                        requireSize(got, size, "nginx");
                    }
                }
            }
            double linkSeconds = size * 8 / (mbit * 1e6);
            System.out.printf(
                    Locale.ROOT,
                    "stream: whole file (%,d bytes) %s: ours %.0f %% of the link, nginx %.0f %% (medians)%n",
                    size,
                    at,
                    100 * linkSeconds / BenchRow.median(o),
                    100 * linkSeconds / BenchRow.median(p));
            return new BenchRow(
                    "stream whole file " + at + " (s)",
                    "nginx",
                    o,
                    p,
                    String.format(Locale.ROOT, "<= %.2f s (>= 95 %% of link)", linkSeconds / 0.95));
        }

        private static void requireSize(long got, long size, String who) {
            if (got != size) {
                throw new GatewayException(Reason.INTERNAL, who + " downloaded " + got + " of " + size + " bytes");
            }
        }

        private static void same(byte[] ours, byte[] peer, String what) {
            if (!Arrays.equals(ours, peer)) {
                throw new GatewayException(
                        Reason.CORRUPT, "stream bench: ours and nginx served different bytes for the " + what);
            }
        }
    }
}
