package gateway.relink;

import gateway.model.asset.DurableFiles;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.relink.nest.Flattener;
import gateway.relink.read.Edit;
import gateway.relink.read.ReadOptions;
import gateway.relink.read.formats.EditFormats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code convert IN --to otio|edl|fcp7xml|fcpxml|ale [--rate R] [--strict] [--flatten]}: read an edit and write it in another
 * format, no linking. Nested sequences / compound clips stay one clip each (OTIO writes it as a
 * nested stack holding the nest's tracks) unless {@code flatten} lays them into the tracks they play
 * on, as a conform does.
 */
public final class Convert {

    /** Reads {@code in} (rate: null for 24) and returns the text of {@code target}; nests kept. */
    public String convert(Path in, FrameRate rate, TargetFormat target) {
        return convert(in, ReadOptions.at(rate != null ? rate : ReadOptions.DEFAULT_RATE), target, false);
    }

    /**
     * Reads {@code in} with {@code options} (the rate when the edit does not say; strict: an
     * inconsistency is an error instead of a finding) and returns the text of {@code target}.
     */
    public String convert(Path in, ReadOptions options, TargetFormat target, boolean flatten) {
        return convert(in, options, target, flatten, finding -> {});
    }

    /**
     * As {@link #convert(Path, ReadOptions, TargetFormat, boolean)}; {@code findings} is told, one line
     * each, what {@code target} cannot hold as the edit has it (a speed ramp in a CMX list is
     * flattened to its average speed). Strict options refuse such a loss: UNSUPPORTED naming it.
     */
    public String convert(
            Path in, ReadOptions options, TargetFormat target, boolean flatten, Consumer<String> findings) {
        Edit edit = EditFormats.reader(EditFormats.detect(in)).read(in, options);
        if (flatten) {
            edit = new Flattener().flatten(edit);
        }
        List<String> lost = new ArrayList<>();
        String text = TimelineWriter.render(edit.timeline(), edit.nests(), target, lost::add);
        if (options.strict() && !lost.isEmpty()) {
            throw new GatewayException(
                    Reason.UNSUPPORTED,
                    in.getFileName() + " cannot be written as " + target.name().toLowerCase(java.util.Locale.ROOT)
                            + " without loss, and strict reading refuses a loss; without it: "
                            + String.join("; ", lost));
        }
        lost.forEach(findings);
        return text;
    }

    /** As {@link #convert(Path, FrameRate, TargetFormat)}, written atomically to {@code out}. */
    public Path convert(Path in, FrameRate rate, TargetFormat target, Path out) {
        return DurableFiles.writeString(out, convert(in, rate, target));
    }

    /** As {@link #convert(Path, ReadOptions, TargetFormat, boolean)}, written atomically to {@code out}. */
    public Path convert(Path in, ReadOptions options, TargetFormat target, boolean flatten, Path out) {
        return DurableFiles.writeString(out, convert(in, options, target, flatten));
    }

    /** As {@link #convert(Path, ReadOptions, TargetFormat, boolean, Consumer)}, written atomically to {@code out}. */
    public Path convert(
            Path in, ReadOptions options, TargetFormat target, boolean flatten, Path out, Consumer<String> findings) {
        return DurableFiles.writeString(out, convert(in, options, target, flatten, findings));
    }
}
