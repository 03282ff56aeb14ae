package gateway.proxy.finish;

import gateway.model.time.Timecode;
import java.nio.file.Path;

/** A trimmed copy: where it is, how many frames and bytes it holds, and its start timecode. */
public record TrimResult(Path file, long frames, long bytes, Timecode start) {}
