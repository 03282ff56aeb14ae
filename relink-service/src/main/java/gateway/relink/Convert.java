package gateway.relink;

import gateway.model.time.FrameRate;
import gateway.relink.read.Edit;
import gateway.relink.read.EditFormats;
import gateway.relink.read.ReadOptions;
import java.nio.file.Path;

/** {@code convert IN --to otio|edl|xml|fcpxml|ale}: read an edit and write it in another format, no linking. */
public final class Convert {

    /** Reads {@code in} (rate: null for 24) and returns the text of {@code target}. */
    public String convert(Path in, FrameRate rate, TargetFormat target) {
        Edit edit = EditFormats.reader(EditFormats.detect(in))
                .read(in, ReadOptions.at(rate != null ? rate : ReadOptions.DEFAULT_RATE));
        return TimelineWriter.render(edit.timeline(), target);
    }

    /** As {@link #convert(Path, FrameRate, TargetFormat)}, written atomically to {@code out}. */
    public Path convert(Path in, FrameRate rate, TargetFormat target, Path out) {
        return new DurableFile(out).write(convert(in, rate, target));
    }
}
