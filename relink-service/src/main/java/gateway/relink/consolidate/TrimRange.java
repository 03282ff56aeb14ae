package gateway.relink.consolidate;

import gateway.model.asset.AssetId;
import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.model.time.Timecode;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One trimmed file to make: frames {@code [startFrame, endFrameExclusive)} of {@code original},
 * counted from the file's first frame (0-based FILE frames at the original's rate), copied into
 * {@code output} keeping timecode and reel. {@code sourceRange} is the same frames in the original's
 * timecode frame (frames since midnight, what clips and the report use); {@code startTimecode} is the
 * label of the first frame the trimmed file will carry. {@code bytesEstimateBytes} is the original's
 * size times the share of its frames this range holds (an estimate: frames differ in size);
 * {@code location} is the storage location the original is read from (its mount point).
 */
public record TrimRange(
        AssetId assetId,
        Path original,
        long startFrame,
        long endFrameExclusive,
        TimeRange sourceRange,
        Timecode startTimecode,
        Path output,
        long bytesEstimate,
        Path location) {

    public TrimRange {
        Objects.requireNonNull(assetId, "assetId");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(sourceRange, "sourceRange");
        Objects.requireNonNull(startTimecode, "startTimecode");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(location, "location");
        if (startFrame < 0 || endFrameExclusive <= startFrame) {
            throw GatewayException.invalid("trim of " + original + " must cover at least one frame from frame 0 on: ["
                    + startFrame + ", " + endFrameExclusive + ")");
        }
        if (sourceRange.durationFrames() != endFrameExclusive - startFrame) {
            throw GatewayException.invalid("trim of " + original + " covers " + (endFrameExclusive - startFrame)
                    + " file frames but its source range " + sourceRange + " holds " + sourceRange.durationFrames());
        }
        if (bytesEstimate < 0) {
            throw GatewayException.invalid("trim of " + original + " has a negative byte estimate " + bytesEstimate);
        }
    }

    /** The original's (and the trimmed file's) frame rate. */
    public FrameRate rate() {
        return sourceRange.rate();
    }

    public long frames() {
        return endFrameExclusive - startFrame;
    }

    /** The trim in the original file's frames (0 = the file's first frame). */
    public TimeRange fileRange() {
        return TimeRange.of(startFrame, frames(), rate());
    }
}
