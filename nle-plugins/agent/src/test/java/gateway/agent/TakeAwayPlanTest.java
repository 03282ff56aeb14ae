package gateway.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gateway.model.asset.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TakeAwayPlanTest {
    private static final String A = "00000001-0000-4000-8000-000000000000";
    private static final String B = "00000002-0000-4000-8000-000000000000";
    private static final String C = "00000003-0000-4000-8000-000000000000";

    @TempDir
    Path root;

    private final TestClock clock = new TestClock(Instant.parse("2026-11-21T09:00:00Z"));

    @Test
    void bytesAreTheRenditionsSizesLessWhatIsCachedAndTimeIsAtTheMeasuredRate() throws IOException {
        ProxyCache cache = new ProxyCache(root, clock);
        List<Manifest> assets = List.of(
                Manifests.of(A, "feature", "A001", "01:00:00:00", 2, 1_000_000, 100_000),
                Manifests.of(B, "feature", "A002", "02:00:00:00", 2, 3_000_000, 0),
                Manifests.of(C, "feature", "A003", "03:00:00:00", 0, 500_000, 50_000));
        Path cached = root.resolve("feature/x.mov");
        Files.createDirectories(cached.getParent());
        Files.write(cached, new byte[3_000_000]);
        cache.record(assets.get(1).assetId(), assets.get(1).project(), "edit", cached);

        JsonNode plan = TakeAwayPlan.of("feature", assets, cache, OptionalLong.of(250_000));

        JsonNode edit = plan.path("totals").path("edit");
        assertEquals(4_500_000, edit.path("bytes").asLong());
        assertEquals(3_000_000, edit.path("cached_bytes").asLong());
        assertEquals(1_500_000, edit.path("to_fetch_bytes").asLong());
        assertEquals(6, edit.path("seconds").asLong());
        JsonNode lo = plan.path("totals").path("stream-lo");
        assertEquals(150_000, lo.path("bytes").asLong());
        assertEquals(150_000, lo.path("to_fetch_bytes").asLong());
        assertEquals(1, lo.path("seconds").asLong(), "rounded up, never less than it takes");
        assertEquals(1, lo.path("missing_assets").asInt());
        assertEquals(250_000, plan.path("link_bytes_per_second").asLong());
        assertEquals(
                List.of(1, 2, 3),
                plan.path("assets").findValues("order").stream()
                        .map(JsonNode::asInt)
                        .toList());
        assertEquals(
                3_000_000,
                plan.path("assets")
                        .get(1)
                        .path("choices")
                        .path("edit")
                        .path("cached_bytes")
                        .asLong());
        assertTrue(plan.path("assets").get(1).path("choices").path("stream-lo").isNull());
    }

    @Test
    void beforeAnyTransferTheTimeIsNullAndTheIdFollowsTheSelection() {
        ProxyCache cache = new ProxyCache(root, clock);
        List<Manifest> ab = List.of(
                Manifests.of(A, "feature", "A001", "01:00:00:00", 2, 10, 1),
                Manifests.of(B, "feature", "A002", "01:00:00:00", 2, 10, 1));
        JsonNode plan = TakeAwayPlan.of("feature", ab, cache, new LinkRate(root).bytesPerSecond());

        assertTrue(plan.path("link_bytes_per_second").isNull());
        assertTrue(plan.path("totals").path("edit").path("seconds").isNull());
        assertEquals(plan.path("plan_id").asText(), TakeAwayPlan.idOf("feature", ab));
        assertNotEquals(plan.path("plan_id").asText(), TakeAwayPlan.idOf("feature", List.of(ab.get(1), ab.get(0))));
        assertTrue(plan.path("plan_id").asText().matches("p-[0-9a-f]{16}"));
    }

    @Test
    void theLinkRateIsKeptAndMovesWithTheBytesMoved() {
        LinkRate rate = new LinkRate(root);
        assertTrue(rate.bytesPerSecond().isEmpty());
        rate.record(1_000_000, Duration.ofSeconds(2), clock.instant());
        assertEquals(500_000, new LinkRate(root).bytesPerSecond().getAsLong(), "the first transfer is the rate");
        rate.record(
                LinkRate.WINDOW_BYTES / 2, Duration.ofSeconds(LinkRate.WINDOW_BYTES / 2 / 1_500_000), clock.instant());
        long now = rate.bytesPerSecond().getAsLong();
        assertTrue(now > 950_000 && now < 1_050_000, "half the window at 1.5 MB/s moves it half way: " + now);
        rate.record(0, Duration.ofSeconds(1), clock.instant());
        assertEquals(now, rate.bytesPerSecond().getAsLong(), "nothing moved, nothing measured");
    }
}
