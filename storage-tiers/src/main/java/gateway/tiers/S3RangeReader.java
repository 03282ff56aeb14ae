package gateway.tiers;

import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.storage.ByteRange;
import gateway.model.storage.RangeReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * An object of an S3 tier read by the range: one GetObject with {@code Range: bytes=a-b} per
 * {@link #read}, the bytes counted here and in the tier's meter. A short read, a store that went away
 * and a refused request fail with an IOException naming the tier, bucket, key and range.
 */
final class S3RangeReader implements RangeReader {
    private final S3Client client;
    private final S3Tier tier;
    private final String key;
    private final ProjectId project;
    private final TierMeter meter;
    private final AtomicLong delivered = new AtomicLong();
    private volatile long size = -1;

    S3RangeReader(S3Client client, S3Tier tier, String key, ProjectId project, TierMeter meter) {
        this.client = client;
        this.tier = tier;
        this.key = key;
        this.project = project;
        this.meter = meter;
    }

    @Override
    public long sizeBytes() throws IOException {
        if (size < 0) {
            try {
                size = client.headObject(b -> b.bucket(tier.bucket()).key(key)).contentLength();
            } catch (SdkException e) {
                throw new IOException(S3Failures.of(tier, key, "read the object's size", e));
            }
        }
        return size;
    }

    @Override
    public void read(ByteRange range, OutputStream out) throws IOException {
        if (range.lengthBytes() == 0) {
            return;
        }
        long total = sizeBytes();
        if (range.endExclusive() > total) {
            throw new IOException(describe() + ": " + range + " runs past the object's end (" + total + " bytes)");
        }
        GetObjectRequest request = GetObjectRequest.builder()
                .bucket(tier.bucket())
                .key(key)
                .range("bytes=" + range.offsetBytes() + "-" + (range.endExclusive() - 1))
                .build();
        long[] copied = {0};
        try (ResponseInputStream<GetObjectResponse> in = client.getObject(request)) {
            copy(in, out, range.lengthBytes(), copied);
        } catch (SdkException e) {
            GatewayException g = S3Failures.of(tier, key, "read " + range, e);
            throw new IOException(g.getMessage(), g);
        } catch (OutputFailed e) {
            throw e.getCause();
        } catch (IOException e) {
            throw unavailable(range + " was cut after " + copied[0] + " bytes: " + e.getMessage(), e);
        }
        if (copied[0] != range.lengthBytes()) {
            throw unavailable(range + " delivered " + copied[0] + " of " + range.lengthBytes() + " bytes", null);
        }
    }

    /**
     * The store went away mid-transfer: an IOException whose cause is {@link Reason#UNAVAILABLE}
     * naming the tier, bucket and key (a restore keeps what arrived and resumes from it).
     */
    private IOException unavailable(String what, Exception cause) {
        GatewayException g = new GatewayException(
                Reason.UNAVAILABLE,
                describe() + " (" + (tier.endpoint() == null ? "AWS S3" : tier.endpoint()) + "): " + what,
                cause);
        return new IOException(g.getMessage(), g);
    }

    private void copy(InputStream in, OutputStream out, long want, long[] copied) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        int n;
        while (copied[0] < want && (n = in.read(buffer, 0, (int) Math.min(buffer.length, want - copied[0]))) >= 0) {
            try {
                out.write(buffer, 0, n);
            } catch (IOException e) {
                throw new OutputFailed(e);
            }
            copied[0] += n;
            delivered.addAndGet(n);
            meter.read(tier.name(), project, n);
        }
    }

    /** Writing what arrived failed (a full disk): the caller's fault, not the store's. */
    private static final class OutputFailed extends IOException {
        OutputFailed(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    @Override
    public String describe() {
        return "tier \"" + tier.name() + "\" " + tier.address(key);
    }

    @Override
    public long bytesRead() {
        return delivered.get();
    }
}
