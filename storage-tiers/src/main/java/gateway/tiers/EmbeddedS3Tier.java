package gateway.tiers;

import java.util.Objects;

/**
 * An object tier the node serves itself (key {@code tiers.<name>.kind: embedded-s3}): an S3 API
 * server (S3Proxy) on loopback with its data under the store, the demo's default. The node starts
 * the server and replaces this entry with the {@link S3Tier} that reaches it.
 */
public record EmbeddedS3Tier(String name, String bucket) implements Tier {
    public EmbeddedS3Tier {
        Tier.requireName(name);
        Objects.requireNonNull(bucket, "config key tiers." + name + ".bucket");
    }

    @Override
    public String kind() {
        return "embedded-s3";
    }
}
