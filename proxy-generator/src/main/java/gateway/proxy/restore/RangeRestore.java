package gateway.proxy.restore;

import gateway.model.asset.MediaInfo;
import gateway.model.error.GatewayException;
import gateway.model.storage.RangeReader;
import gateway.proxy.finish.TrimRequest;
import gateway.proxy.finish.TrimResult;
import gateway.proxy.finish.Trimmer;
import gateway.proxy.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Restores one frame range of an original from whatever tier holds it, fetching only the bytes the
 * frames need: the container's header and index and the samples of the range (see
 * {@link QuickTimeRanges}, {@link MxfRanges}), written into a sparse copy of the original (holes
 * elsewhere) from which the {@link Trimmer} writes the trimmed original with its timecode and reel.
 * Formats without an index the gateway reads (fragmented MP4, MXF without a usable index table,
 * other containers) are fetched whole, the reason named in the plan. The sparse copy is a hidden file beside the output, removed when the
 * trim ends, failed or not; the trimmed original appears only when complete.
 */
public final class RangeRestore {
    private static final System.Logger LOG = System.getLogger(RangeRestore.class.getName());

    private final Trimmer trimmer;

    public RangeRestore(Trimmer trimmer) {
        this.trimmer = Objects.requireNonNull(trimmer, "trimmer");
    }

    public RangeRestore() {
        this(new Trimmer());
    }

    /**
     * What restoring {@code span} widened by {@code handles} would fetch: only the container's
     * header and index are read (a few reads of box headers and the movie box), no sample data.
     */
    public RestoreRanges estimate(RangeReader source, MediaInfo info, FrameSpan span, long handles) {
        return plan(source, info.container(), span.withHandles(handles, info.durationFrames()))
                .ranges();
    }

    /**
     * As {@link #estimate(RangeReader, MediaInfo, FrameSpan, long)} for a span whose handles are
     * already applied, of an original in {@code container} ("mov", "mp4", "mxf" ... as the probe
     * names it): what a consolidation plan calls with the trims it planned.
     */
    public RestoreRanges estimate(RangeReader source, String container, FrameSpan span) {
        return plan(source, container, span).ranges();
    }

    /**
     * Writes the trimmed original of {@code span} widened by {@code handles} at {@code output}.
     * Fails with a {@link GatewayException} naming the source and the range when the reader fails;
     * neither the sparse copy nor a partial trimmed original is left behind.
     */
    public RestoreResult restore(
            RangeReader source, MediaInfo info, FrameSpan span, long handles, Path output, ProgressListener progress) {
        FrameSpan wanted = span.withHandles(handles, info.durationFrames());
        long before = source.bytesRead();
        Planned planned = plan(source, info.container(), wanted);
        Path partial = partialBeside(output);
        try {
            PartialOriginal.write(source, planned, partial);
            long fetched = source.bytesRead() - before;
            LOG.log(
                    System.Logger.Level.INFO,
                    () -> source.describe() + ": " + wanted + " restored from " + fetched + " of "
                            + planned.ranges().wholeFileBytes() + " bytes");
            TrimResult trimmed = trimmer.trim(
                    new TrimRequest(partial, wanted.startFrame(), wanted.endFrameExclusive(), output), progress);
            return new RestoreResult(trimmed, fetched, planned.ranges().wholeFileBytes(), planned.ranges());
        } finally {
            deleteQuietly(partial);
        }
    }

    /**
     * Fetches into {@code partial} only the bytes {@code span} (handles already applied) needs: a
     * sparse copy of the original, written durably, for a trim that runs in another process (the
     * node moves bytes; a worker JVM decodes). Returns what was planned; the bytes moved are on
     * {@code source}'s counter. Fails naming the source and the range; nothing is left behind then.
     */
    public RestoreRanges fetchPartial(RangeReader source, String container, FrameSpan span, Path partial) {
        Planned planned = plan(source, container, span);
        PartialOriginal.write(source, planned, partial);
        return planned.ranges();
    }

    /**
     * As {@link #fetchPartial(RangeReader, String, FrameSpan, Path)} for several spans of one original
     * (the clips of a render that play it): one sparse copy holding the frames of every span.
     */
    public RestoreRanges fetchPartial(RangeReader source, String container, List<FrameSpan> spans, Path partial) {
        if (spans.isEmpty()) {
            throw new IllegalArgumentException("no frames to restore from " + source.describe());
        }
        if (spans.size() == 1) {
            return fetchPartial(source, container, spans.get(0), partial);
        }
        List<Planned> plans = new ArrayList<>();
        for (FrameSpan s : spans) {
            plans.add(plan(source, container, s));
        }
        Planned merged = Planned.merge(plans);
        PartialOriginal.write(source, merged, partial);
        return merged.ranges();
    }

    private static Planned plan(RangeReader source, String containerName, FrameSpan span) {
        try {
            long size = source.sizeBytes();
            String container = containerName == null ? "unknown" : containerName;
            return switch (container) {
                case "mov", "mp4" -> QuickTimeRanges.plan(source, span);
                case "mxf" -> MxfRanges.plan(source, span);
                default ->
                    new Planned(
                            RestoreRanges.wholeFile(
                                    size, container + ": no sample index the gateway reads, so it restores whole"),
                            java.util.List.of());
            };
        } catch (IOException e) {
            throw GatewayException.io(
                    "cannot plan the restore of " + span + " from " + source.describe() + ": " + e.getMessage(), e);
        }
    }

    /** The sparse copy's name: hidden, beside the output, never taken for a finished original. */
    static Path partialBeside(Path output) {
        Path abs = output.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + ".partial");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "cannot remove the partial original " + file + ": " + e);
        }
    }
}
