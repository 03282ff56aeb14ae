package gateway.tiers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.OriginalLocation.State;
import gateway.model.asset.ProjectId;
import gateway.model.asset.UsageStore;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.tiers.embedded.EmbeddedS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promotion against a real S3 server (S3Proxy): a demoted, released original is brought back whole
 * to its NAS path; the server stopped mid-transfer leaves a hidden partial file and no original, and
 * the next promotion resumes from it (the server sends only the rest); a tampered object is refused.
 */
@Timeout(180)
class PromotionIT {
    static final ProjectId PROJECT = new ProjectId("demo");
    static final int SIZE = 12 * 1024 * 1024 + 321;

    @TempDir
    Path dir;

    EmbeddedS3 s3;
    ManifestStore manifests;
    Tiers tiers;
    Demotion demotion;
    Promotion promotion;
    Path nas;

    @BeforeEach
    void start() {
        s3 = EmbeddedS3.start(dir.resolve("s3"));
        s3.createBucket("archive");
        nas = dir.resolve("nas");
        manifests = new ManifestStore(dir.resolve("store"));
        tiers = new Tiers(
                TiersConfig.none()
                        .withTier(new PosixTier("nas", nas))
                        .withTier(s3.tier("archive", "archive", "originals", S3Tier.MIN_PART_BYTES))
                        .withPolicy(new TierPolicy(PROJECT, "archive", 0))
                        .withSweepInterval(Duration.ofSeconds(1)),
                TierMeter.NONE);
        demotion = new Demotion(tiers, manifests, new UsageStore(dir.resolve("store")), Clock.systemUTC());
        promotion = new Promotion(tiers, manifests, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        tiers.close();
        s3.close();
    }

    private Manifest demoted(Path file) throws Exception {
        Manifest m = Originals.ingest(manifests, PROJECT, file, SIZE, 7);
        Demotion.Outcome out = demotion.run(PROJECT, m.assetId(), DemotionEvents.NONE);
        assertTrue(out.released(), out.toString());
        assertFalse(Files.exists(file));
        return out.manifest();
    }

    @Test
    void aReleasedOriginalIsPromotedAndAPromotionCutShortResumes() throws Exception {
        Path file = nas.resolve("A001C004.mov");
        byte[] original;
        {
            Manifest m = Originals.ingest(manifests, PROJECT, file, SIZE, 7);
            original = Files.readAllBytes(file);
            assertTrue(demotion.run(PROJECT, m.assetId(), DemotionEvents.NONE).released());
        }
        Manifest m = manifests.list(PROJECT).get(0);
        assertEquals(
                List.of(m.assetId()),
                promotion.pending(PROJECT, e -> {}).stream()
                        .map(Manifest::assetId)
                        .toList());

        s3.stopAfterServing(SIZE / 2);
        GatewayException cut =
                assertThrows(GatewayException.class, () -> promotion.run(PROJECT, m.assetId(), (d, t) -> {}));
        assertEquals(Reason.UNAVAILABLE, cut.reason(), cut.getMessage());
        assertTrue(cut.getMessage().contains("tier \"archive\" s3://archive/originals/demo/"), cut.getMessage());
        assertTrue(cut.getMessage().contains("the next restore resumes from them"), cut.getMessage());
        assertFalse(Files.exists(file), "no original until every byte is there and verified");
        Path part = nas.resolve(".A001C004.mov.promoting");
        long kept = Files.size(part);
        assertTrue(kept > 0 && kept < SIZE, "kept " + kept);

        s3.startServer();
        long servedBefore = s3.bytesServed();
        long[] last = {0, 0};
        Manifest back = promotion.run(PROJECT, m.assetId(), (d, t) -> {
            last[0] = d;
            last[1] = t;
        });
        long served = s3.bytesServed() - servedBefore;

        assertArrayEquals(original, Files.readAllBytes(file));
        assertFalse(Files.exists(part));
        assertEquals(SIZE, last[0]);
        assertEquals(SIZE, last[1]);
        assertTrue(
                served < SIZE - kept + 16 * 1024,
                "resumed: the server sent " + served + " bytes, " + kept + " were kept");
        assertEquals(State.PRESENT, back.location("nas").orElseThrow().state());
        assertEquals(State.VERIFIED, back.location("archive").orElseThrow().state());
        assertTrue(Tiers.onItsPath(back, tiers.config()));
        assertEquals(List.of(), promotion.pending(PROJECT, e -> {}));

        // Promoted counts as used: the policy (release after 0 days) does not take it away again at once.
        Demotion.Outcome again = demotion.run(PROJECT, m.assetId(), DemotionEvents.NONE);
        assertFalse(again.released(), again.toString());
        assertTrue(Files.exists(file));
    }

    @Test
    void aTamperedObjectIsRefusedAndNothingIsLeft() throws Exception {
        Path file = nas.resolve("A001C005.mov");
        Manifest m = demoted(file);
        String key = m.location("archive").orElseThrow().address().replace("s3://archive/", "");
        Path object = s3.objectFile("archive", key);
        byte[] bytes = Files.readAllBytes(object);
        bytes[1000] ^= 0x55;
        Files.write(object, bytes);

        GatewayException e =
                assertThrows(GatewayException.class, () -> promotion.run(PROJECT, m.assetId(), (d, t) -> {}));

        assertEquals(Reason.CORRUPT, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("s3://archive/originals/demo/"), e.getMessage());
        assertFalse(Files.exists(file));
        assertFalse(Files.exists(nas.resolve(".A001C005.mov.promoting")));
    }
}
