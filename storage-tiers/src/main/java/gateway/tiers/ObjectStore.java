package gateway.tiers;

import gateway.model.asset.Checksums;
import gateway.model.asset.DurableFiles;
import gateway.model.asset.ProjectId;
import gateway.model.checksum.XxHash64;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.storage.RangeReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 client of one object tier. Everything the gateway asks of a bucket goes through here:
 * HEAD, range reads, uploads (single or multipart, resumable), the read back that verifies an object
 * against the manifest's checksums, and whole-object restores that refuse a tampered object. AWS SDK
 * types stay inside; every failure is a {@link GatewayException} naming the tier, bucket and key.
 *
 * <p>The SDK's own request checksums (CRC32 trailers in aws-chunked bodies, on by default since
 * 2.30) are turned off: the gateway sends Content-MD5 per part and checks xxh64 + MD5 on read
 * back, and some S3-compatible stores (S3Proxy among them) do not take the trailers.
 */
public final class ObjectStore implements AutoCloseable {
    /** Object metadata keys ({@code x-amz-meta-...}) holding the original's checksums. */
    public static final String META_XXH64 = "gateway-xxh64";

    public static final String META_MD5 = "gateway-md5";

    private static final System.Logger LOG = System.getLogger(ObjectStore.class.getName());

    private final S3Tier tier;
    private final S3Client client;
    private final TierMeter meter;

    /** Opens a client for {@code tier}; reads its credentials now (errors name the tier and the source). */
    public ObjectStore(S3Tier tier, TierMeter meter) {
        this.tier = tier;
        this.meter = meter;
        CredentialSource.Credentials c = tier.credentials().resolve();
        S3ClientBuilder b = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60))
                        .build())
                .region(Region.of(tier.region()))
                .forcePathStyle(tier.pathStyle())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())))
                .requestChecksumCalculation(
                        software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(
                        software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD));
        if (tier.endpoint() != null) {
            b.endpointOverride(tier.endpoint());
        }
        this.client = b.build();
    }

    public S3Tier tier() {
        return tier;
    }

    /** The key an asset's original gets: {@code <prefix><project>/<asset>/<file name>}. */
    public String keyFor(ProjectId project, String assetId, String fileName) {
        return tier.prefix() + project.value() + "/" + assetId + "/" + fileName;
    }

    /** Checks that the bucket exists and the credentials are accepted (HEAD bucket). */
    public void checkBucket() {
        try {
            client.headBucket(b -> b.bucket(tier.bucket()));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new GatewayException(
                        Reason.NOT_FOUND,
                        "tier \"" + tier.name() + "\" bucket " + tier.bucket() + " ("
                                + (tier.endpoint() == null ? "AWS S3" : tier.endpoint()) + ") does not exist; create it"
                                + " or fix config key tiers." + tier.name() + ".bucket",
                        e);
            }
            throw S3Failures.of(tier, null, "open the bucket", e);
        } catch (SdkException e) {
            throw S3Failures.of(tier, null, "open the bucket", e);
        }
    }

    /** What the store says of an object: its size and its gateway checksums, if it exists. */
    public Optional<StoredObject> head(String key) {
        try {
            HeadObjectResponse r =
                    client.headObject(b -> b.bucket(tier.bucket()).key(key));
            Map<String, String> meta = r.metadata();
            return Optional.of(new StoredObject(key, r.contentLength(), meta.get(META_XXH64), meta.get(META_MD5)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !isNoSuchBucket(e)) {
                return Optional.empty();
            }
            throw S3Failures.of(tier, key, "read the object's metadata", e);
        } catch (SdkException e) {
            throw S3Failures.of(tier, key, "read the object's metadata", e);
        }
    }

    private static boolean isNoSuchBucket(S3Exception e) {
        return e.awsErrorDetails() != null
                && "NoSuchBucket".equals(e.awsErrorDetails().errorCode());
    }

    /** An object as the store describes it; the checksums are null when it carries none. */
    public record StoredObject(String key, long sizeBytes, String xxh64, String md5) {}

    /** Random access to an object by the range (for restores); bytes are counted for {@code project}. */
    public RangeReader reader(String key, ProjectId project) {
        return new S3RangeReader(client, tier, key, project, meter);
    }

    /**
     * Reads the whole object back and checks it: the store's metadata and a fresh xxh64 + MD5 of every
     * byte must equal {@code expected}. {@link Reason#CORRUPT} naming the tier, bucket and key when they
     * do not (a tampered or damaged object); the bytes read are counted for {@code project}.
     */
    public void verify(String key, Checksums expected, ProjectId project) {
        readWhole(key, expected, project, OutputStream.nullOutputStream());
    }

    /**
     * Restores the whole object to {@code target}, which appears only once every byte arrived and
     * matched {@code expected} (a temp file beside it otherwise, removed): a tampered object never
     * lands where conform or an NLE would pick it up.
     */
    public Path restoreWhole(String key, Checksums expected, ProjectId project, Path target) {
        try (DurableFiles.Pending pending = DurableFiles.pending(target)) {
            try (OutputStream out = Files.newOutputStream(pending.temp())) {
                readWhole(key, expected, project, out);
            } catch (IOException e) {
                throw GatewayException.io(
                        "tier \"" + tier.name() + "\" " + tier.address(key) + ": cannot write " + target + ": "
                                + e.getMessage(),
                        e);
            }
            return pending.commit();
        }
    }

    /**
     * Restores the whole object to {@code target} resumably: the bytes go to a hidden file beside it
     * ({@code .<name>.promoting}) that a store going away mid-transfer leaves in place, and the next
     * call fetches only the bytes after the last one kept (a ranged GET). Once every byte is there the
     * file is hashed (xxh64 + MD5) and must match {@code expected}, else it is removed and the object
     * refused ({@link Reason#CORRUPT}); only then is it renamed onto {@code target}.
     */
    public Path restoreResumable(
            String key, Checksums expected, ProjectId project, Path target, Promotion.Progress progress) {
        String where = "tier \"" + tier.name() + "\" " + tier.address(key);
        Path abs = target.toAbsolutePath();
        Path part = abs.resolveSibling("." + abs.getFileName() + ".promoting");
        StoredObject head =
                head(key).orElseThrow(() -> GatewayException.notFound(where + ": no such object in the bucket"));
        if (head.xxh64() != null && !head.xxh64().equals(expected.xxh64())) {
            throw new GatewayException(
                    Reason.CORRUPT,
                    where + ": the object's metadata says xxh64 " + head.xxh64() + ", the manifest " + expected.xxh64()
                            + ": it is another file");
        }
        long size = head.sizeBytes();
        long have = 0;
        try {
            have = Files.isRegularFile(part) ? Files.size(part) : 0;
            if (have > size) {
                Files.delete(part);
                have = 0;
            }
        } catch (IOException e) {
            throw GatewayException.io("cannot read what an earlier restore kept in " + part + ": " + e.getMessage(), e);
        }
        if (have > 0) {
            LOG.log(
                    System.Logger.Level.INFO,
                    where + ": resuming at byte " + have + " of " + size + " (kept in " + part + ")");
        }
        progress.restored(have, size);
        long at = have;
        if (have < size) {
            long from = have;
            try (ResponseInputStream<GetObjectResponse> in = client.getObject(
                            b -> b.bucket(tier.bucket()).key(key).range("bytes=" + from + "-" + (size - 1)));
                    OutputStream out = Files.newOutputStream(
                            part, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
                byte[] buffer = new byte[256 * 1024];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    at += n;
                    meter.read(tier.name(), project, n);
                    progress.restored(at, size);
                }
            } catch (SdkException e) {
                GatewayException g = S3Failures.of(tier, key, "restore the object", e);
                throw new GatewayException(g.reason(), g.getMessage() + kept(part, at, size), e);
            } catch (IOException e) {
                throw new GatewayException(
                        Reason.UNAVAILABLE,
                        where + ": the transfer was cut after byte " + at + " of " + size + ": " + e.getMessage()
                                + kept(part, at, size),
                        e);
            }
        }
        if (at != size) {
            throw new GatewayException(
                    Reason.UNAVAILABLE, where + ": " + at + " of " + size + " bytes arrived" + kept(part, at, size));
        }
        checkFile(part, expected, where);
        DurableFiles.moveIntoPlace(part, target);
        return target;
    }

    private static String kept(Path part, long at, long size) {
        return at > 0 && at < size
                ? "; " + at + " bytes are kept in " + part + " and the next restore resumes from them"
                : "";
    }

    /** Hashes {@code file} whole; removes it and refuses it ({@link Reason#CORRUPT}) unless it is {@code expected}. */
    private static void checkFile(Path file, Checksums expected, String where) {
        XxHash64 xxh = new XxHash64();
        MessageDigest md5 = md5();
        long read = 0;
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[256 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                xxh.update(buffer, 0, n);
                md5.update(buffer, 0, n);
                read += n;
            }
        } catch (IOException e) {
            throw GatewayException.io("cannot read back " + file + ": " + e.getMessage(), e);
        }
        String gotXxh = xxh.hexDigest();
        String gotMd5 = HexFormat.of().formatHex(md5.digest());
        if (!gotXxh.equals(expected.xxh64()) || expected.md5() != null && !gotMd5.equals(expected.md5())) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot remove the refused copy " + file + ": " + e.getMessage());
            }
            throw new GatewayException(
                    Reason.CORRUPT,
                    where + ": the object's bytes (" + read + ") hash to xxh64 " + gotXxh + " / MD5 " + gotMd5
                            + ", the manifest says " + expected.xxh64() + " / " + expected.md5()
                            + ": the object was changed or damaged in the store and is refused");
        }
    }

    private void readWhole(String key, Checksums expected, ProjectId project, OutputStream out) {
        String where = "tier \"" + tier.name() + "\" " + tier.address(key);
        StoredObject head =
                head(key).orElseThrow(() -> GatewayException.notFound(where + ": no such object in the bucket"));
        if (head.xxh64() != null && !head.xxh64().equals(expected.xxh64())) {
            throw new GatewayException(
                    Reason.CORRUPT,
                    where + ": the object's metadata says xxh64 " + head.xxh64() + ", the manifest " + expected.xxh64()
                            + ": it is another file");
        }
        XxHash64 xxh = new XxHash64();
        MessageDigest md5 = md5();
        long read = 0;
        try (ResponseInputStream<GetObjectResponse> in =
                client.getObject(b -> b.bucket(tier.bucket()).key(key))) {
            byte[] buffer = new byte[256 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                xxh.update(buffer, 0, n);
                md5.update(buffer, 0, n);
                out.write(buffer, 0, n);
                read += n;
                meter.read(tier.name(), project, n);
            }
        } catch (SdkException e) {
            throw S3Failures.of(tier, key, "read the object back", e);
        } catch (IOException e) {
            throw new GatewayException(
                    Reason.UNAVAILABLE,
                    where + ": reading the object back failed after " + read + " bytes: " + e.getMessage(),
                    e);
        }
        String gotXxh = xxh.hexDigest();
        String gotMd5 = HexFormat.of().formatHex(md5.digest());
        if (!gotXxh.equals(expected.xxh64()) || expected.md5() != null && !gotMd5.equals(expected.md5())) {
            throw new GatewayException(
                    Reason.CORRUPT,
                    where + ": the object's bytes (" + read + ") hash to xxh64 " + gotXxh + " / MD5 " + gotMd5
                            + ", the manifest says " + expected.xxh64() + " / " + expected.md5()
                            + ": the object was changed or damaged in the store and is refused");
        }
    }

    /**
     * Uploads {@code file} as {@code key} with its checksums as metadata: one request up to a part's
     * size, a multipart upload above it (aborted on failure: no parts left behind). For callers that
     * keep no manifest (the restore benchmark); demotion records its uploads to resume them.
     */
    public void upload(String key, Path file, Checksums sums, ProjectId project) {
        if (MultipartUpload.sizeOf(file) <= tier.partSizeBytes()) {
            putWhole(key, file, sums, project);
            return;
        }
        String[] started = new String[1];
        try {
            new MultipartUpload(this, file, key, sums, project).run(null, id -> started[0] = id, (done, total) -> {});
        } catch (GatewayException e) {
            if (started[0] != null) {
                try {
                    abortUpload(key, started[0]);
                } catch (GatewayException abort) {
                    e.addSuppressed(abort);
                }
            }
            throw e;
        }
    }

    /** Uploads a small file in one request, with its checksums as metadata and Content-MD5. */
    void putWhole(String key, Path file, Checksums sums, ProjectId project) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw GatewayException.io("cannot read " + file + " to upload it: " + e.getMessage(), e);
        }
        try {
            client.putObject(
                    b -> b.bucket(tier.bucket())
                            .key(key)
                            .metadata(metadata(sums))
                            .contentMD5(base64Md5(bytes, 0, bytes.length))
                            .contentLength((long) bytes.length),
                    RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw S3Failures.of(tier, key, "upload the object", e);
        }
        meter.written(tier.name(), project, bytes.length);
    }

    /** Starts a multipart upload that will carry {@code sums} as metadata; returns its id. */
    String startUpload(String key, Checksums sums) {
        try {
            return client.createMultipartUpload(
                            b -> b.bucket(tier.bucket()).key(key).metadata(metadata(sums)))
                    .uploadId();
        } catch (SdkException e) {
            throw S3Failures.of(tier, key, "start a multipart upload", e);
        }
    }

    /** The parts the store holds of an upload; empty when the upload no longer exists. */
    Optional<List<Part>> parts(String key, String uploadId) {
        try {
            List<Part> parts = new ArrayList<>();
            client.listPartsPaginator(b -> b.bucket(tier.bucket()).key(key).uploadId(uploadId))
                    .forEach(page -> parts.addAll(page.parts()));
            return Optional.of(parts);
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !isNoSuchBucket(e)) {
                return Optional.empty();
            }
            throw S3Failures.of(tier, key, "list the parts of upload " + uploadId, e);
        } catch (SdkException e) {
            throw S3Failures.of(tier, key, "list the parts of upload " + uploadId, e);
        }
    }

    /** Uploads part {@code number} (from 1) with Content-MD5; returns its ETag. */
    String putPart(String key, String uploadId, int number, byte[] bytes, int length, ProjectId project) {
        try {
            String etag = client.uploadPart(
                            b -> b.bucket(tier.bucket())
                                    .key(key)
                                    .uploadId(uploadId)
                                    .partNumber(number)
                                    .contentLength((long) length)
                                    .contentMD5(base64Md5(bytes, 0, length)),
                            RequestBody.fromBytes(java.util.Arrays.copyOf(bytes, length)))
                    .eTag();
            meter.written(tier.name(), project, length);
            return etag;
        } catch (SdkException e) {
            throw S3Failures.of(tier, key, "upload part " + number + " of upload " + uploadId, e);
        }
    }

    void completeUpload(String key, String uploadId, List<CompletedPart> parts) {
        try {
            client.completeMultipartUpload(
                    b -> b.bucket(tier.bucket()).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
        } catch (SdkException e) {
            throw S3Failures.of(tier, key, "complete upload " + uploadId, e);
        }
    }

    /** Aborts an upload: the store drops every part it holds of it (gone already is fine). */
    public void abortUpload(String key, String uploadId) {
        try {
            client.abortMultipartUpload(b -> b.bucket(tier.bucket()).key(key).uploadId(uploadId));
        } catch (S3Exception e) {
            if (e.statusCode() != 404 || isNoSuchBucket(e)) {
                throw S3Failures.of(tier, key, "abort upload " + uploadId, e);
            }
        } catch (SdkException e) {
            throw S3Failures.of(tier, key, "abort upload " + uploadId, e);
        }
    }

    /** The keys of the multipart uploads in flight under {@code keyPrefix} (orphans show here). */
    public List<String> openUploads(String keyPrefix) {
        try {
            List<String> keys = new ArrayList<>();
            client.listMultipartUploadsPaginator(b -> b.bucket(tier.bucket()).prefix(keyPrefix))
                    .forEach(page -> page.uploads().forEach(u -> keys.add(u.key())));
            return keys;
        } catch (SdkException e) {
            throw S3Failures.of(tier, null, "list the uploads in flight", e);
        }
    }

    /** Deletes an object (a failed demotion's leftover). */
    public void delete(String key) {
        try {
            client.deleteObject(b -> b.bucket(tier.bucket()).key(key));
        } catch (SdkException e) {
            throw S3Failures.of(tier, key, "delete the object", e);
        }
    }

    private static Map<String, String> metadata(Checksums sums) {
        return sums.md5() == null
                ? Map.of(META_XXH64, sums.xxh64())
                : Map.of(META_XXH64, sums.xxh64(), META_MD5, sums.md5());
    }

    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    static String hexMd5(byte[] bytes, int off, int len) {
        MessageDigest md = md5();
        md.update(bytes, off, len);
        return HexFormat.of().formatHex(md.digest());
    }

    private static String base64Md5(byte[] bytes, int off, int len) {
        MessageDigest md = md5();
        md.update(bytes, off, len);
        return java.util.Base64.getEncoder().encodeToString(md.digest());
    }

    /** Reads exactly {@code length} bytes at {@code offset} of {@code file} into {@code buffer}. */
    static void readFully(Path file, long offset, byte[] buffer, int length) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(file)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(buffer, 0, length);
            long at = offset;
            while (b.hasRemaining()) {
                int n = channel.read(b, at);
                if (n < 0) {
                    throw new IOException(file + " ended at " + at + ", before " + (offset + length));
                }
                at += n;
            }
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
