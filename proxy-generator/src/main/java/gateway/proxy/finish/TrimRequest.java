package gateway.proxy.finish;

import gateway.model.error.GatewayException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Copy frames {@code [startFrame, endFrameExclusive)} of {@code original} into {@code output}.
 * Frames are 0-based indexes of the original file's own pictures at its own rate (not timecode).
 */
public record TrimRequest(Path original, long startFrame, long endFrameExclusive, Path output) {
    public TrimRequest {
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(output, "output");
        if (startFrame < 0 || endFrameExclusive <= startFrame) {
            throw GatewayException.invalid(original.getFileName() + ": trim range [" + startFrame + ", "
                    + endFrameExclusive + ") must be non-empty and start at frame 0 or later");
        }
    }

    public long frames() {
        return endFrameExclusive - startFrame;
    }
}
