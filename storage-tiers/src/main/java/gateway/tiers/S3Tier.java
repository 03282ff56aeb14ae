package gateway.tiers;

import gateway.model.error.GatewayException;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * A tier that is a bucket on an S3-compatible object store (keys {@code tiers.<name>.endpoint},
 * {@code bucket}, {@code prefix}, {@code region}, {@code path-style}, {@code part-size-mb},
 * {@code credentials-file}). The same code talks to AWS S3, MinIO, Ceph RGW or the demo's embedded
 * S3Proxy: what differs is the endpoint and whether buckets are addressed by path
 * ({@code http://host/bucket/key}, MinIO and most on-premise stores) or by host name (AWS).
 *
 * @param endpoint the store's URL; null for AWS's regional endpoint
 * @param prefix prepended to every object key ({@code ""} or ending with '/')
 * @param partSizeBytes the multipart part size (S3 refuses parts under 5 MiB, except the last)
 * @param credentials where the access key comes from; never the secret itself
 */
public record S3Tier(
        String name,
        URI endpoint,
        String bucket,
        String prefix,
        String region,
        boolean pathStyle,
        long partSizeBytes,
        CredentialSource credentials)
        implements Tier {
    /** The least part size S3 accepts for every part but the last. */
    public static final long MIN_PART_BYTES = 5L * 1024 * 1024;

    public static final long DEFAULT_PART_BYTES = 16L * 1024 * 1024;
    public static final String DEFAULT_REGION = "us-east-1";

    public S3Tier {
        Tier.requireName(name);
        String key = "config key tiers." + name;
        if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw GatewayException.invalid(key + ".bucket is missing or not a valid bucket name (3-63 characters, "
                    + "lower-case letters, digits, '.' and '-'): '" + bucket + "'");
        }
        if (endpoint != null) {
            String scheme =
                    endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || endpoint.getHost() == null) {
                throw GatewayException.invalid(
                        key + ".endpoint must be an http:// or https:// URL with a host, not '" + endpoint + "'");
            }
        }
        prefix = prefix == null ? "" : prefix.strip();
        if (prefix.startsWith("/")) {
            throw GatewayException.invalid(key + ".prefix must not start with '/': '" + prefix + "'");
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        region = region == null || region.isBlank() ? DEFAULT_REGION : region.strip();
        if (partSizeBytes < MIN_PART_BYTES) {
            throw GatewayException.invalid(key + ".part-size-mb must be at least 5 (S3 refuses smaller parts), is "
                    + partSizeBytes / (1024 * 1024) + " MiB");
        }
        if (partSizeBytes > Integer.MAX_VALUE - 8) {
            throw GatewayException.invalid(key + ".part-size-mb must be under 2048");
        }
        Objects.requireNonNull(credentials, key + ".credentials");
    }

    @Override
    public String kind() {
        return "s3";
    }

    /** {@code s3://bucket/key}: how manifests, plans and errors name an object of this tier. */
    public String address(String key) {
        return "s3://" + bucket + "/" + key;
    }

    /** The key of {@code s3://bucket/key}, when it names an object of this tier's bucket. */
    public String keyOf(String address) {
        String head = "s3://" + bucket + "/";
        if (!address.startsWith(head)) {
            throw GatewayException.invalid(
                    "tier \"" + name + "\" holds objects of bucket " + bucket + ", not " + address);
        }
        return address.substring(head.length());
    }

    @Override
    public String toString() {
        return "tier \"" + name + "\" (s3 " + (endpoint == null ? "aws" : endpoint) + " bucket " + bucket + ")";
    }
}
