package gateway.proxy.finish;

import gateway.model.time.Timecode;
import java.nio.file.Path;
import java.util.List;

/**
 * A rendered master: the file, its frame count, its start timecode, what the render could not do as
 * the edit asked (wipes rendered as dissolves, sound not played ...) and the clips it rendered black
 * with the reason written on them because it was asked to render anyway.
 */
public record RenderResult(
        Path file, long frames, Timecode start, List<String> warnings, List<NotRendered> notRendered) {
    public RenderResult {
        warnings = List.copyOf(warnings);
        notRendered = List.copyOf(notRendered);
    }

    public RenderResult(Path file, long frames, Timecode start, List<String> warnings) {
        this(file, frames, start, warnings, List.of());
    }
}
