package gateway.model.storage;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an original is read from, for restores and their plans: the tier's {@code name} ("local",
 * a mount point, "archive"), the rate a restore reads it at ({@code bytesPerSecond}), the price of
 * a decimal gigabyte read out of it ({@code pricePerGb}, 0 for a POSIX tier) and how to open an
 * original on it by the range.
 */
public record StorageTier(String name, long bytesPerSecond, BigDecimal pricePerGb, Opener opener) {
    /** Opens one original of the tier for reading by the range. */
    @FunctionalInterface
    public interface Opener {
        RangeReader open(Path original) throws IOException;
    }

    public StorageTier {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pricePerGb, "pricePerGb");
        Objects.requireNonNull(opener, "opener");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a storage tier needs a name");
        }
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException(
                    "tier \"" + name + "\" needs a positive read rate, not " + bytesPerSecond + " bytes/s");
        }
        if (pricePerGb.signum() < 0) {
            throw new IllegalArgumentException("tier \"" + name + "\" has a negative price per GB: " + pricePerGb);
        }
    }
}
