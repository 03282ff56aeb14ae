package gateway.tiers;

import gateway.model.error.GatewayException;
import java.util.regex.Pattern;

/**
 * A named storage location for originals (key {@code tiers.<name>}): a folder on a POSIX file system
 * (card, NAS) or a bucket on an S3-compatible object store.
 */
public sealed interface Tier permits PosixTier, S3Tier, EmbeddedS3Tier {
    Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    /** The tier's name, as the config, the manifests and the metrics spell it. */
    String name();

    /** The kind the config names: {@code posix} or {@code s3}. */
    String kind();

    /** Checks a tier name; the error names the config key. */
    static String requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw GatewayException.invalid("config key tiers." + name
                    + ": a tier name is 1-40 characters, lower-case letters, digits and '-', starting with a letter");
        }
        return name;
    }
}
