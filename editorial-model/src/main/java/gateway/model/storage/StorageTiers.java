package gateway.model.storage;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * Tells which {@link StorageTier} holds an original (by its path in the manifest). Without tier
 * configuration every original is on its POSIX location: {@link #posix} names the tier after the
 * file's mount point (or "local"), reads it at {@link #POSIX_BYTES_PER_SECOND} for nothing. The
 * storage-tier configuration (object storage, demoted originals) plugs in here.
 */
@FunctionalInterface
public interface StorageTiers {
    /** The read rate assumed for a POSIX tier when none is configured: 250 MB/s (a busy 10 GbE NAS). */
    long POSIX_BYTES_PER_SECOND = 250_000_000L;

    /** The tier that holds {@code original}; never null. */
    StorageTier tierOf(Path original);

    /** Every original on its POSIX path, its tier named by {@code nameOf} (a mount point, "local"). */
    static StorageTiers posix(Function<Path, String> nameOf) {
        Objects.requireNonNull(nameOf, "nameOf");
        return original -> {
            String name = nameOf.apply(original);
            return new StorageTier(
                    name, POSIX_BYTES_PER_SECOND, BigDecimal.ZERO, file -> FileRangeReader.open(file, name));
        };
    }

    /** Every original on its POSIX path, one tier named "local". */
    static StorageTiers local() {
        return posix(original -> "local");
    }
}
