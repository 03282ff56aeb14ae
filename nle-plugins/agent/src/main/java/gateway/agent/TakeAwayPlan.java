package gateway.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.model.asset.Manifest;
import gateway.model.asset.Rendition;
import gateway.model.checksum.XxHash64;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The API's {@code Plan} (API.md): for each asset, in order, the bytes of each rendition choice
 * (the manifest's rendition size) and how many of them are cached already (a complete cached file
 * counts whole, anything else not at all); totals per choice with {@code to_fetch_bytes = bytes -
 * cached_bytes} and {@code seconds = to_fetch_bytes / link_bytes_per_second}, rounded up, null while
 * no transfer has been measured. An asset without a rendition has {@code null} for that choice and
 * counts in the choice's {@code missing_assets}, not in its bytes.
 *
 * <p>The plan id is {@code p-} and the XXH64 of the project and the ordered asset ids: the same
 * selection gives the same id, so a panel pins what it showed.
 */
final class TakeAwayPlan {
    /** The choices a plan prices, in the order shown. */
    static final List<String> CHOICES = List.of(StableName.EDIT_PROFILE, "stream-lo");

    private static final ObjectMapper JSON = new ObjectMapper();

    private TakeAwayPlan() {}

    static String idOf(String project, List<Manifest> assets) {
        StringBuilder key = new StringBuilder(project == null ? "" : project);
        assets.forEach(m -> key.append('\n').append(m.assetId().value()));
        byte[] bytes = key.toString().getBytes(StandardCharsets.UTF_8);
        return "p-" + XxHash64.hex(XxHash64.hash(bytes, 0, bytes.length, 0));
    }

    static ObjectNode of(String project, List<Manifest> assets, ProxyCache cache, OptionalLong bytesPerSecond) {
        ObjectNode plan = JSON.createObjectNode();
        plan.put("plan_id", idOf(project, assets));
        plan.put("project", project);
        if (bytesPerSecond.isPresent()) {
            plan.put("link_bytes_per_second", bytesPerSecond.getAsLong());
        } else {
            plan.putNull("link_bytes_per_second");
        }
        ArrayNode list = plan.putArray("assets");
        long[] bytes = new long[CHOICES.size()];
        long[] cached = new long[CHOICES.size()];
        int[] missing = new int[CHOICES.size()];
        int order = 0;
        for (Manifest m : assets) {
            ObjectNode a = list.addObject();
            a.put("asset_id", m.assetId().value());
            a.put("name", m.name());
            a.put("order", ++order);
            ObjectNode choices = a.putObject("choices");
            for (int c = 0; c < CHOICES.size(); c++) {
                String profile = CHOICES.get(c);
                Optional<Rendition> r = m.rendition(profile);
                if (r.isEmpty()) {
                    choices.putNull(profile);
                    missing[c]++;
                    continue;
                }
                long size = r.get().sizeBytes();
                long have = cache.find(m.assetId(), profile)
                        .map(CacheEntry::sizeBytes)
                        .filter(s -> s == size)
                        .orElse(0L);
                choices.putObject(profile).put("bytes", size).put("cached_bytes", have);
                bytes[c] += size;
                cached[c] += have;
            }
        }
        ObjectNode totals = plan.putObject("totals");
        for (int c = 0; c < CHOICES.size(); c++) {
            long toFetch = bytes[c] - cached[c];
            ObjectNode t = totals.putObject(CHOICES.get(c))
                    .put("bytes", bytes[c])
                    .put("cached_bytes", cached[c])
                    .put("to_fetch_bytes", toFetch);
            if (bytesPerSecond.isPresent()) {
                t.put("seconds", seconds(toFetch, bytesPerSecond.getAsLong()));
            } else {
                t.putNull("seconds");
            }
            t.put("missing_assets", missing[c]);
        }
        return plan;
    }

    /** Whole seconds, rounded up: a plan never promises less time than it takes. */
    static long seconds(long bytes, long bytesPerSecond) {
        return bytes == 0 ? 0 : (bytes + bytesPerSecond - 1) / bytesPerSecond;
    }
}
