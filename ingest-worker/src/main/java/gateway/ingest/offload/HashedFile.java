package gateway.ingest.offload;

import gateway.model.asset.Checksums;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One file as an ingest hashed it: {@code file} is where it now lives (the copy in copy mode, the
 * original itself in reference mode), {@code source} where it was read from, {@code relativePath}
 * its path below the card or folder root ('/'-separated, as an ASC MHL lists it).
 */
public record HashedFile(
        Path source, Path file, String relativePath, long sizeBytes, Instant modified, Checksums checksums) {}
