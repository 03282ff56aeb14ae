package gateway.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.client.GatewayClient;
import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.Rendition;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /v1/local} and {@code GET /v1/jobs/{id}}: resolves the selection at once (202 with
 * every stable path), then fetches the renditions one after another, in the selection's order,
 * through {@link ProxyFetcher} (resumable {@code .part}, verified, renamed) on a virtual thread per
 * job. While a rendition arrives, its {@code .part} file is measured every {@value #TICK_MILLIS} ms
 * and {@code job.progress} published (bytes, rate, ETA for the asset and the job); then
 * {@code job.asset_done}, and {@code job.done} or {@code job.failed} (the job stops at the first
 * failure; a new job of the same selection resumes from the partial file).
 */
final class DownloadJobs implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final long TICK_MILLIS = 200;

    private final ProxyFetcher fetcher;
    private final ClientSource clients;
    private final ConnectionState connection;
    private final EventHub events;
    private final Map<String, DownloadJob> jobs = new ConcurrentHashMap<>();
    /** Renditions being fetched now, by cache key: their stable path. */
    private final Map<String, Path> inFlight = new ConcurrentHashMap<>();

    private final ExecutorService runner = Executors.newVirtualThreadPerTaskExecutor();

    DownloadJobs(ProxyFetcher fetcher, ClientSource clients, ConnectionState connection, EventHub events) {
        this.fetcher = fetcher;
        this.clients = clients;
        this.connection = connection;
        this.events = events;
    }

    Reply start(ApiRequest request) {
        JsonNode body = request.json();
        String profile = StableName.requireProfile(body.path("profile").asText(StableName.EDIT_PROFILE));
        List<Manifest> manifests;
        try (GatewayClient client = clients.open()) {
            manifests =
                    SelectionAssets.resolve(client, Selection.fromJson(body)).assets();
            connection.answered();
        } catch (GatewayException e) {
            connection.failed(e);
            throw e;
        }
        List<DownloadJob.Item> items = new ArrayList<>();
        ArrayNode skipped = JSON.createArrayNode();
        for (Manifest m : manifests) {
            fetcher.remember(m); // what is made local is found offline, cached before this job or not
            Optional<Rendition> rendition = m.rendition(profile);
            if (rendition.isEmpty()) {
                skipped.addObject()
                        .put("asset_id", m.assetId().value())
                        .put(
                                "reason",
                                "asset " + m.assetId() + " (" + m.name() + ") has no '" + profile + "' rendition");
                continue;
            }
            items.add(new DownloadJob.Item(
                    m.assetId(),
                    fetcher.stablePath(m, profile),
                    items.size() + 1,
                    rendition.get().sizeBytes()));
        }
        if (items.isEmpty()) {
            throw new GatewayException(
                    Reason.FAILED_PRECONDITION,
                    "nothing to fetch: no asset of the selection has a '" + profile + "' rendition");
        }
        DownloadJob job = new DownloadJob(UUID.randomUUID().toString(), profile, items);
        jobs.put(job.id, job);
        runner.submit(() -> run(job));
        ObjectNode answer = job.accepted();
        if (!skipped.isEmpty()) {
            answer.set("skipped", skipped);
        }
        return Reply.json(202, answer);
    }

    ObjectNode describe(String jobId) {
        DownloadJob job = jobs.get(jobId);
        if (job == null) {
            throw GatewayException.notFound("no job " + jobId + " in this agent (jobs last until it stops)");
        }
        return job.describe();
    }

    /** The stable path of a rendition being fetched now, if it is. */
    Optional<Path> downloading(AssetId id, String profile) {
        return Optional.ofNullable(inFlight.get(CacheEntry.keyOf(id, profile)));
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }

    private void run(DownloadJob job) {
        job.state(DownloadJob.State.RUNNING);
        for (DownloadJob.Item item : job.items) {
            try {
                fetch(job, item);
            } catch (GatewayException e) {
                connection.failed(e);
                long kept = partSize(item.path);
                GatewayException reported = ConnectionState.unreachable(e) ? wentAway(item, kept, e) : e;
                job.item(item, DownloadJob.State.FAILED, kept, reported);
                job.state(DownloadJob.State.FAILED);
                ObjectNode failed = event("job.failed", job).put("asset_id", item.assetId.value());
                failed.set(
                        "error",
                        LocalApi.error(reported.reason().name(), reported.getMessage())
                                .get("error"));
                events.publish(failed);
                return;
            }
        }
        job.state(DownloadJob.State.DONE);
        events.publish(event("job.done", job));
    }

    private void fetch(DownloadJob job, DownloadJob.Item item) {
        String key = CacheEntry.keyOf(item.assetId, job.profile);
        job.item(item, DownloadJob.State.RUNNING, partSize(item.path), null);
        Progress progress = new Progress(job, item);
        inFlight.put(key, item.path);
        CountDownLatch finished = new CountDownLatch(1);
        Thread ticker = Thread.ofVirtual().name("agent-job-progress").start(() -> {
            try {
                while (!finished.await(TICK_MILLIS, TimeUnit.MILLISECONDS)) {
                    progress.tick(partSize(item.path));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ProxyFetcher.Outcome outcome;
        try (GatewayClient client = clients.open()) {
            outcome = fetcher.fetch(client, item.assetId, job.profile);
            connection.answered();
        } finally {
            finished.countDown();
            inFlight.remove(key);
            try {
                ticker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        job.item(item, DownloadJob.State.DONE, outcome.entry().sizeBytes(), null);
        progress.tick(outcome.entry().sizeBytes());
        events.publish(event("job.asset_done", job)
                .put("asset_id", item.assetId.value())
                .put("path", outcome.path().toString())
                .put("order", item.order));
    }

    /** A download the gateway broke off, as the editor reads it: which file, what is kept, how to go on. */
    private static GatewayException wentAway(DownloadJob.Item item, long kept, GatewayException e) {
        return new GatewayException(
                e.reason(),
                "the gateway became unreachable while " + item.path.getFileName() + " was arriving ("
                        + e.getMessage() + "); the " + new ByteSize(kept)
                        + " received are kept: make it local again to resume there",
                e);
    }

    private static ObjectNode event(String type, DownloadJob job) {
        return JSON.createObjectNode().put("type", type).put("job_id", job.id);
    }

    /** Bytes the partial file of {@code target} holds (its verified bytes), 0 when there is none. */
    static long partSize(Path target) {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try {
            return Files.exists(part) ? Files.size(part) : 0;
        } catch (IOException e) {
            return 0; // renamed away between the two calls
        }
    }

    /** The rate of one rendition's download (smoothed), and the progress events it makes. */
    private final class Progress {
        private final DownloadJob job;
        private final DownloadJob.Item item;
        private long lastBytes = -1;
        private long lastNanos;
        private double bytesPerSecond;

        Progress(DownloadJob job, DownloadJob.Item item) {
            this.job = job;
            this.item = item;
        }

        void tick(long bytes) {
            long now = System.nanoTime();
            if (lastBytes >= 0 && bytes == lastBytes) {
                return;
            }
            if (lastBytes >= 0 && now > lastNanos) {
                double instant = (bytes - lastBytes) * 1e9 / (now - lastNanos);
                bytesPerSecond = bytesPerSecond == 0 ? instant : 0.7 * bytesPerSecond + 0.3 * instant;
            }
            lastBytes = bytes;
            lastNanos = now;
            synchronized (job) {
                item.bytesDone = bytes;
            }
            long rate = Math.round(bytesPerSecond);
            ObjectNode e = event("job.progress", job)
                    .put("asset_id", item.assetId.value())
                    .put("bytes_done", bytes)
                    .put("bytes_total", item.bytesTotal)
                    .put("bytes_per_second", rate);
            putEta(e, item.bytesTotal - bytes, rate);
            long done = job.bytesDone();
            ObjectNode total = e.putObject("total").put("bytes_done", done).put("bytes_total", job.bytesTotal());
            putEta(total, job.bytesTotal() - done, rate);
            events.publish(e);
        }

        private static void putEta(ObjectNode n, long remaining, long rate) {
            if (remaining <= 0) {
                n.put("eta_seconds", 0);
            } else if (rate <= 0) {
                n.putNull("eta_seconds");
            } else {
                n.put("eta_seconds", (remaining + rate - 1) / rate);
            }
        }
    }
}
