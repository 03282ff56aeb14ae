package gateway.model.timeline;

import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import java.util.Objects;
import java.util.Optional;

/**
 * Numbered image files, e.g. {@code /shots/A001.[1001-1100].exr}: {@code base + prefix +
 * zero-padded frame + suffix}, one file per frame from {@code startFrame} at {@code rate}.
 */
public record ImageSequenceReference(
        String targetUrlBase,
        String namePrefix,
        String nameSuffix,
        long startFrame,
        int frameStep,
        int frameZeroPadding,
        FrameRate rate,
        TimeRange available,
        Metadata metadata)
        implements MediaReference {

    public ImageSequenceReference {
        Objects.requireNonNull(targetUrlBase, "targetUrlBase");
        Objects.requireNonNull(namePrefix, "namePrefix");
        Objects.requireNonNull(nameSuffix, "nameSuffix");
        Objects.requireNonNull(rate, "rate");
        if (frameStep <= 0 || frameZeroPadding < 0) {
            throw GatewayException.invalid("image sequence " + namePrefix + "#" + nameSuffix + " has frame step "
                    + frameStep + " and padding " + frameZeroPadding + "; step must be positive");
        }
        metadata = metadata == null ? Metadata.empty() : metadata;
    }

    @Override
    public Optional<TimeRange> availableRange() {
        return Optional.ofNullable(available);
    }

    /** The path of image number {@code imageNumber} (not a timecode frame). */
    public String targetFor(long imageNumber) {
        String digits = Long.toString(imageNumber);
        String padded = "0".repeat(Math.max(0, frameZeroPadding - digits.length())) + digits;
        return targetUrlBase + namePrefix + padded + nameSuffix;
    }
}
