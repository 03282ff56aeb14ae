package gateway.proxy.restore;

import gateway.model.error.GatewayException;

/**
 * Frames {@code [startFrame, endFrameExclusive)} of an original (0-based, the file's own pictures),
 * handles already applied.
 */
public record FrameSpan(long startFrame, long endFrameExclusive) {
    public FrameSpan {
        if (startFrame < 0 || endFrameExclusive <= startFrame) {
            throw GatewayException.invalid("frame range [" + startFrame + ", " + endFrameExclusive
                    + ") must be non-empty and start at 0 or later");
        }
    }

    /** The range widened by {@code handles} frames each side, kept within {@code [0, durationFrames)}. */
    public FrameSpan withHandles(long handles, long durationFrames) {
        if (handles < 0) {
            throw GatewayException.invalid("handles must be 0 or more frames, not " + handles);
        }
        long end = Math.min(durationFrames, endFrameExclusive + handles);
        if (end <= startFrame) {
            throw GatewayException.invalid("frame range [" + startFrame + ", " + endFrameExclusive
                    + ") lies past the original's " + durationFrames + " frames");
        }
        return new FrameSpan(Math.max(0, startFrame - handles), end);
    }

    public long frames() {
        return endFrameExclusive - startFrame;
    }

    @Override
    public String toString() {
        return "frames [" + startFrame + ", " + endFrameExclusive + ")";
    }
}
