package gateway.proxy.finish;

import gateway.model.time.Timecode;
import java.nio.file.Path;
import java.util.List;

/**
 * A rendered master: the file, its frame count, its start timecode, and what the render could not
 * do as the edit asked (clips without media rendered black, wipes rendered as dissolves ...).
 */
public record RenderResult(Path file, long frames, Timecode start, List<String> warnings) {
    public RenderResult {
        warnings = List.copyOf(warnings);
    }
}
