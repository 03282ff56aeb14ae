package gateway.tiers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where an object tier's secret comes from, and that it never shows. */
class CredentialSourceTest {
    @TempDir
    Path dir;

    @Test
    void aCredentialsFileOthersMayReadIsRefusedNamingTheKey() throws Exception {
        Path file = dir.resolve("archive.properties");
        Files.writeString(file, "access-key-id=AKIAEXAMPLE\nsecret-access-key=s3cr3t-value\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        CredentialSource source = CredentialSource.file("archive", file);

        GatewayException e = assertThrows(GatewayException.class, source::resolve);

        assertEquals(Reason.PERMISSION_DENIED, e.reason());
        assertTrue(e.getMessage().startsWith("config key tiers.archive.credentials-file: " + file), e.getMessage());
        assertTrue(e.getMessage().contains("rw-r--r--"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t-value"));

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        CredentialSource.Credentials c = source.resolve();
        assertEquals("AKIAEXAMPLE", c.accessKeyId());
        assertEquals("s3cr3t-value", c.secretAccessKey());
        assertEquals("access key AKIAEXAMPLE", c.toString());
        assertFalse(source.toString().contains("s3cr3t"), source.toString());
    }

    @Test
    void missingEnvironmentVariablesAreNamed() {
        CredentialSource source =
                CredentialSource.environment("archive", "GATEWAY_ARCHIVE", Map.<String, String>of()::get);
        GatewayException e = assertThrows(GatewayException.class, source::resolve);
        assertEquals(Reason.INVALID_ARGUMENT, e.reason());
        assertTrue(
                e.getMessage()
                        .contains(
                                "GATEWAY_ARCHIVE_ACCESS_KEY_ID and GATEWAY_ARCHIVE_SECRET_ACCESS_KEY must both be set"),
                e.getMessage());
        assertThrows(GatewayException.class, () -> CredentialSource.environment("archive", "lower-case"));
    }

    @Test
    void aTierNeverPrintsItsSecretAndRefusesTooSmallParts() {
        CredentialSource fixed = CredentialSource.fixed("archive", "id", "the-secret");
        S3Tier tier = new S3Tier(
                "archive",
                URI.create("http://127.0.0.1:9000"),
                "originals",
                "p",
                null,
                true,
                S3Tier.MIN_PART_BYTES,
                fixed);
        assertEquals("p/", tier.prefix());
        assertEquals("us-east-1", tier.region());
        assertFalse(tier.toString().contains("the-secret"), tier.toString());
        GatewayException small = assertThrows(
                GatewayException.class,
                () -> new S3Tier("archive", null, "originals", "", null, false, 4L << 20, fixed));
        assertTrue(small.getMessage().startsWith("config key tiers.archive.part-size-mb must be at least 5"));
        GatewayException bucket = assertThrows(
                GatewayException.class,
                () -> new S3Tier("archive", null, "Bad_Bucket", "", null, false, S3Tier.MIN_PART_BYTES, fixed));
        assertTrue(bucket.getMessage().startsWith("config key tiers.archive.bucket"), bucket.getMessage());
    }
}
