package gateway.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.asset.AssetId;
import gateway.model.error.GatewayException;
import java.nio.file.Path;
import java.util.List;

/**
 * One {@code POST /v1/local} job: its renditions in the order they are fetched, and how far each
 * got. Written by the job's thread, read by {@code GET /v1/jobs/{id}}: every access is synchronized.
 */
final class DownloadJob {
    private static final ObjectMapper JSON = new ObjectMapper();

    enum State {
        QUEUED,
        RUNNING,
        DONE,
        FAILED;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One rendition of the job; {@code order} is its place in the job, from 1. */
    static final class Item {
        final AssetId assetId;
        final Path path;
        final int order;
        final long bytesTotal;
        State state = State.QUEUED;
        long bytesDone;
        GatewayException error;

        Item(AssetId assetId, Path path, int order, long bytesTotal) {
            this.assetId = assetId;
            this.path = path;
            this.order = order;
            this.bytesTotal = bytesTotal;
        }
    }

    final String id;
    final String profile;
    final List<Item> items;
    private State state = State.QUEUED;

    DownloadJob(String id, String profile, List<Item> items) {
        this.id = id;
        this.profile = profile;
        this.items = List.copyOf(items);
    }

    synchronized void state(State to) {
        state = to;
    }

    synchronized void item(Item item, State to, long bytesDone, GatewayException error) {
        item.state = to;
        item.bytesDone = bytesDone;
        item.error = error;
    }

    synchronized long bytesDone() {
        return items.stream().mapToLong(i -> i.bytesDone).sum();
    }

    long bytesTotal() {
        return items.stream().mapToLong(i -> i.bytesTotal).sum();
    }

    /** The 202 answer of {@code POST /v1/local}. */
    ObjectNode accepted() {
        ObjectNode n = JSON.createObjectNode().put("job_id", id);
        ArrayNode assets = n.putArray("assets");
        for (Item i : items) {
            assets.addObject()
                    .put("asset_id", i.assetId.value())
                    .put("path", i.path.toString())
                    .put("order", i.order);
        }
        return n;
    }

    /** {@code GET /v1/jobs/{job_id}}. */
    synchronized ObjectNode describe() {
        ObjectNode n = JSON.createObjectNode()
                .put("job_id", id)
                .put("state", state.wire())
                .put("profile", profile)
                .put("bytes_done", bytesDone())
                .put("bytes_total", bytesTotal());
        ArrayNode assets = n.putArray("assets");
        for (Item i : items) {
            ObjectNode a = assets.addObject()
                    .put("asset_id", i.assetId.value())
                    .put("order", i.order)
                    .put("state", i.state.wire())
                    .put("path", i.path.toString())
                    .put("bytes_done", i.bytesDone)
                    .put("bytes_total", i.bytesTotal);
            if (i.error == null) {
                a.putNull("error");
            } else {
                a.set(
                        "error",
                        LocalApi.error(i.error.reason().name(), i.error.getMessage())
                                .get("error"));
            }
        }
        return n;
    }
}
