package gateway.tiers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.OriginalLocation;
import gateway.model.asset.OriginalLocation.State;
import gateway.model.asset.ProjectId;
import gateway.model.asset.UsageStore;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.storage.ByteRange;
import gateway.model.storage.RangeReader;
import gateway.tiers.embedded.EmbeddedS3;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Demotion against a real S3 API server (S3Proxy on loopback): upload, resume, verify, release, refuse. */
@Timeout(120)
class DemotionIT {
    static final ProjectId PROJECT = new ProjectId("demo");
    static final long PART = S3Tier.MIN_PART_BYTES;

    @TempDir
    Path dir;

    EmbeddedS3 s3;
    ManifestStore manifests;
    Tiers tiers;
    Demotion demotion;
    Path nas;

    @BeforeEach
    void start() {
        s3 = EmbeddedS3.start(dir.resolve("s3"));
        s3.createBucket("archive");
        nas = dir.resolve("nas");
        manifests = new ManifestStore(dir.resolve("store"));
        tiers = new Tiers(config(0), TierMeter.NONE);
        demotion = new Demotion(tiers, manifests, new UsageStore(dir.resolve("store")), Clock.systemUTC());
    }

    TiersConfig config(int releaseAfterDays) {
        return TiersConfig.none()
                .withTier(new PosixTier("nas", nas))
                .withTier(s3.tier("archive", "archive", "originals", PART))
                .withPolicy(new TierPolicy(PROJECT, "archive", releaseAfterDays))
                .withSweepInterval(Duration.ofSeconds(1));
    }

    @AfterEach
    void stop() {
        if (tiers != null) {
            tiers.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void anOriginalIsUploadedVerifiedThenItsNasCopyReleasedAndReadByTheRange() throws Exception {
        Path file = nas.resolve("A001C003.mov");
        Manifest m = Originals.ingest(manifests, PROJECT, file, 12 * 1024 * 1024 + 123, 1);
        byte[] original = Originals.bytes(file);
        assertTrue(demotion.pending(m));

        Demotion.Outcome out = demotion.run(PROJECT, m.assetId(), DemotionEvents.NONE);

        OriginalLocation object = out.object().orElseThrow();
        assertEquals(State.VERIFIED, object.state());
        assertEquals("s3://archive/originals/demo/" + m.assetId().value() + "/A001C003.mov", object.address());
        assertEquals(State.RELEASED, out.nas().orElseThrow().state());
        assertFalse(Files.exists(file), "the NAS copy is released after the object was verified");
        assertTrue(s3.bytesReceived() >= original.length, "the server received the whole original");

        Manifest stored = manifests.read(PROJECT, m.assetId()).orElseThrow();
        assertEquals(
                List.of("nas", "archive"),
                stored.locations().stream().map(OriginalLocation::tier).toList());
        assertFalse(demotion.pending(stored));
        ObjectStore store = tiers.store("archive");
        ObjectStore.StoredObject head =
                store.head(store.tier().keyOf(object.address())).orElseThrow();
        assertEquals(m.checksums().xxh64(), head.xxh64());
        assertEquals(m.checksums().md5(), head.md5());
        assertEquals(original.length, head.sizeBytes());
        assertEquals(List.of(), store.openUploads(""), "no multipart upload left open");

        long servedBefore = s3.bytesServed();
        ByteRange range = new ByteRange(7_000_000, 300_000);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (RangeReader reader = tiers.openOriginal(stored)) {
            assertTrue(reader.describe().contains("tier \"archive\" s3://archive/"), reader.describe());
            reader.read(range, got);
            assertEquals(range.lengthBytes(), reader.bytesRead());
        }
        assertArrayEquals(Arrays.copyOfRange(original, 7_000_000, 7_300_000), got.toByteArray());
        long served = s3.bytesServed() - servedBefore;
        assertTrue(
                served >= range.lengthBytes() && served < range.lengthBytes() + 8 * 1024,
                "the server sent the range and its headers only: " + served);
    }

    @Test
    void anUploadCutByTheServerGoingAwayResumesFromThePartsItHolds() throws Exception {
        Path file = nas.resolve("A002C001.mov");
        int size = 3 * (int) PART - 1000; // three parts
        Manifest m = Originals.ingest(manifests, PROJECT, file, size, 2);
        AtomicBoolean stopped = new AtomicBoolean();
        DemotionEvents stopAfterFirstPart = new DemotionEvents() {
            @Override
            public void uploaded(Manifest x, long done, long total) {
                if (done >= PART && stopped.compareAndSet(false, true)) {
                    s3.stopServer();
                }
            }
        };

        GatewayException cut =
                assertThrows(GatewayException.class, () -> demotion.run(PROJECT, m.assetId(), stopAfterFirstPart));
        assertEquals(Reason.UNAVAILABLE, cut.reason(), cut.getMessage());
        assertTrue(cut.getMessage().contains("tier \"archive\" s3://archive/originals/demo/"), cut.getMessage());
        Manifest half = manifests.read(PROJECT, m.assetId()).orElseThrow();
        OriginalLocation uploading = half.location("archive").orElseThrow();
        assertEquals(State.UPLOADING, uploading.state());
        assertNotNull(uploading.uploadId(), "the upload id is recorded so a later run resumes it");
        assertEquals(State.PRESENT, half.location("nas").orElseThrow().state());
        assertTrue(Files.exists(file), "the NAS copy stays while the object is not verified");

        s3.startServer();
        long receivedBefore = s3.bytesReceived();
        Demotion.Outcome out = demotion.run(PROJECT, m.assetId(), DemotionEvents.NONE);

        assertEquals(State.VERIFIED, out.object().orElseThrow().state());
        assertTrue(out.released());
        long resent = s3.bytesReceived() - receivedBefore;
        assertTrue(resent < size - PART + 64 * 1024, "the first part was kept, not sent again: " + resent);
        assertEquals(List.of(), tiers.store("archive").openUploads(""), "no orphaned multipart upload");
    }

    @Test
    void anUploadGivenUpIsAbortedWithNoPartsLeftAndTheNasCopyKept() throws Exception {
        Path file = nas.resolve("A003C001.mov");
        Manifest m = Originals.ingest(manifests, PROJECT, file, 2 * (int) PART + 10, 3);
        DemotionEvents stop = new DemotionEvents() {
            @Override
            public void uploaded(Manifest x, long done, long total) {
                if (done >= PART && s3.running()) {
                    s3.stopServer();
                }
            }
        };
        assertThrows(GatewayException.class, () -> demotion.run(PROJECT, m.assetId(), stop));
        s3.startServer();
        assertEquals(1, tiers.store("archive").openUploads("").size(), "the cut upload is open in the store");

        Manifest after = demotion.abandon(PROJECT, m.assetId(), "test gives up", DemotionEvents.NONE);

        assertTrue(after.location("archive").isEmpty());
        assertEquals(State.PRESENT, after.location("nas").orElseThrow().state());
        assertEquals(List.of(), tiers.store("archive").openUploads(""), "abort left no parts behind");
        assertTrue(Files.exists(file));
    }

    @Test
    void aTamperedObjectIsRefusedOnReadBackAndTheNasCopyKept() throws Exception {
        Path file = nas.resolve("A004C001.mov");
        Manifest m = Originals.ingest(manifests, PROJECT, file, 1024 * 1024, 4);
        String key = "originals/demo/" + m.assetId().value() + "/A004C001.mov";
        DemotionEvents tamper = new DemotionEvents() {
            @Override
            public void uploaded(Manifest x, long done, long total) {
                try {
                    Path object = s3.objectFile("archive", key);
                    byte[] b = Files.readAllBytes(object);
                    b[1000] ^= 0x5a;
                    Files.write(object, b);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        };

        GatewayException refused =
                assertThrows(GatewayException.class, () -> demotion.run(PROJECT, m.assetId(), tamper));

        assertEquals(Reason.CORRUPT, refused.reason(), refused.getMessage());
        assertTrue(refused.getMessage().contains("tier \"archive\" s3://archive/" + key), refused.getMessage());
        Manifest after = manifests.read(PROJECT, m.assetId()).orElseThrow();
        assertEquals(State.UPLOADED, after.location("archive").orElseThrow().state(), "never verified");
        assertEquals(State.PRESENT, after.location("nas").orElseThrow().state());
        assertTrue(Files.exists(file), "the NAS copy is never released before the object is verified");

        Path target = dir.resolve("restore").resolve("A004C001.mov");
        GatewayException whole = assertThrows(
                GatewayException.class, () -> tiers.store("archive").restoreWhole(key, m.checksums(), PROJECT, target));
        assertEquals(Reason.CORRUPT, whole.reason());
        assertFalse(Files.exists(target), "a refused restore leaves no file where conform would pick it up");
        try (var left = Files.list(target.getParent())) {
            assertEquals(0, left.count(), "and no temp file either");
        }
    }

    @Test
    void wrongCredentialsAndAMissingBucketFailNamingTierBucketAndKey() {
        S3Tier good = s3.tier("archive", "archive", "", PART);
        S3Tier wrong = new S3Tier(
                "archive",
                good.endpoint(),
                "archive",
                "",
                good.region(),
                true,
                PART,
                CredentialSource.environment(
                        "archive",
                        "WRONG",
                        Map.of("WRONG_ACCESS_KEY_ID", "nobody", "WRONG_SECRET_ACCESS_KEY", "not-the-secret")::get));
        try (ObjectStore store = new ObjectStore(wrong, TierMeter.NONE)) {
            GatewayException e = assertThrows(GatewayException.class, () -> store.head("demo/x/A.mov"));
            assertEquals(Reason.PERMISSION_DENIED, e.reason(), e.getMessage());
            assertTrue(e.getMessage().contains("tier \"archive\" s3://archive/demo/x/A.mov"), e.getMessage());
            assertFalse(e.getMessage().contains("not-the-secret"), "the secret is never in a message");
        }
        S3Tier missing = s3.tier("cold", "no-such-bucket", "", PART);
        try (ObjectStore store = new ObjectStore(missing, TierMeter.NONE)) {
            GatewayException e = assertThrows(GatewayException.class, store::checkBucket);
            assertEquals(Reason.NOT_FOUND, e.reason(), e.getMessage());
            assertTrue(e.getMessage().contains("tier \"cold\" bucket no-such-bucket"), e.getMessage());
            GatewayException put = assertThrows(
                    GatewayException.class,
                    () -> store.verify("demo/y/B.mov", new gateway.model.asset.Checksums("00", "00"), PROJECT));
            assertTrue(put.getMessage().contains("s3://no-such-bucket/demo/y/B.mov"), put.getMessage());
        }
    }
}
