package gateway.proxy.finish;

import gateway.model.error.GatewayException;
import gateway.proxy.gst.PipelineJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The picture a clip shows when it is rendered anyway although the render cannot render it as the
 * edit asks: video black with the reason written across it in white ({@code textoverlay}), so that
 * whoever watches the master sees what is missing and why. Drawn once per clip by a one-frame
 * pipeline.
 */
final class RefusalCard {
    private RefusalCard() {}

    /** A {@code width x height} black picture with {@code text} centred on it. */
    static Picture draw(String text, int width, int height, Duration timeout) {
        Path raw = null;
        try {
            raw = Files.createTempFile("gateway-card-", ".raw");
            try (PipelineJob job = PipelineJob.parse(
                    "videotestsrc pattern=black num-buffers=1 ! video/x-raw,format=" + Picture.FORMAT + ",width="
                            + width + ",height=" + height + ",framerate=25/1,pixel-aspect-ratio=1/1"
                            + " ! textoverlay name=text halignment=center valignment=center wrap-mode=wordchar"
                            + " font-desc=\"Sans 14\" shaded-background=false ! filesink name=sink",
                    "refusal card")) {
                job.element("text").set("text", escape(text));
                job.element("sink").set("location", raw.toString());
                job.run(timeout).orThrow("refusal card");
            }
            return new Picture(width, height, Files.readAllBytes(raw));
        } catch (IOException e) {
            throw GatewayException.io("cannot draw the refusal card: " + e.getMessage(), e);
        } finally {
            if (raw != null) {
                try {
                    Files.deleteIfExists(raw);
                } catch (IOException ignored) {
                    // a temporary file left behind; the card itself was read or the error is thrown
                }
            }
        }
    }

    /** textoverlay reads Pango markup: the reason's own {@code & < >} must stay text. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
