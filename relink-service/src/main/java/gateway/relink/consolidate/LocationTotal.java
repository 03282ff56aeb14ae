package gateway.relink.consolidate;

import java.nio.file.Path;

/**
 * What a consolidation reads from one storage location: {@code originals} files, cut into
 * {@code trims} trimmed files holding {@code frames} frames, about {@code bytesEstimate} bytes.
 */
public record LocationTotal(Path location, int originals, int trims, long frames, long bytesEstimate) {
    /** "1.2 GB from /mnt/nas1 (3 files)": the number of originals read. */
    @Override
    public String toString() {
        return new ByteCount(bytesEstimate) + " from " + location + " (" + originals + " file"
                + (originals == 1 ? "" : "s") + ")";
    }
}
