package gateway.server.conform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.ingest.offload.OriginalsVerifier;
import gateway.ingest.process.WorkerProcess;
import gateway.ingest.task.MediaTaskMain;
import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.storage.RangeReader;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import gateway.proxy.finish.MasterFormat;
import gateway.proxy.finish.NotRendered;
import gateway.proxy.restore.FrameSpan;
import gateway.proxy.restore.RangeRestore;
import gateway.proxy.restore.RestoreRanges;
import gateway.relink.Conform;
import gateway.relink.ConformRequest;
import gateway.relink.ConformResult;
import gateway.relink.consolidate.ConsolidationPlan;
import gateway.relink.consolidate.TrimRange;
import gateway.relink.link.EventLink;
import gateway.relink.report.ConformReport;
import gateway.relink.report.QcPlan;
import gateway.relink.report.QcSection;
import gateway.relink.write.otio.OtioJsonWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A conform's follow-up work on the originals, each piece in a worker JVM (an original is untrusted
 * media: a demuxer that crashes takes one worker down, not the caller): consolidate trims the used
 * ranges plus handles of each original into files that keep timecode and reel and writes the
 * timeline relinked to them; render flattens the conformed timeline into a master (ProRes, DNxHR in
 * MOV, DNxHD / DNxHR in MXF: {@link MasterFormat}).
 */
public final class Finishing {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<WorkerProcess> workers;
    private final Function<AssetId, Optional<Manifest>> manifests;
    private final OriginalSource originals;
    private final OriginalsVerifier verifier = new OriginalsVerifier();
    private final RangeRestore restore = new RangeRestore();

    /**
     * Where an original's bytes come from when its file is not on its POSIX path any more (released
     * to an object tier after demotion): consolidation then restores, by the range, only the bytes
     * its trims need.
     */
    public interface OriginalSource {
        /** True when the original's file is where its manifest says (read it there, as always). */
        boolean presentLocally(Manifest m);

        /** A reader of the tier that holds the original ({@link gateway.model.error.Reason#NOT_FOUND} when none). */
        RangeReader open(Manifest m);

        /** Empty when the copy on the tier is the one ingested (by its stored checksum); else what differs. */
        List<String> objectMismatches(Manifest m);

        /**
         * The node's folder for restores in flight: a restore cut short (the store went away) keeps what
         * it fetched there and the next consolidation of the same trim resumes from it. Null: beside
         * the trim, nothing kept across consolidations.
         */
        default Path restoring() {
            return null;
        }

        /** A range-exact restore of {@code m}'s original fetched {@code fetchedBytes} of its {@code wholeFileBytes}. */
        default void restored(Manifest m, long fetchedBytes, long wholeFileBytes) {}
    }

    /** Every original on its POSIX path (no storage tiers). */
    public static final OriginalSource POSIX_ONLY = new OriginalSource() {
        @Override
        public boolean presentLocally(Manifest m) {
            return true;
        }

        @Override
        public RangeReader open(Manifest m) {
            throw GatewayException.notFound("the original of asset " + m.assetId() + " is read from its path only");
        }

        @Override
        public List<String> objectMismatches(Manifest m) {
            return List.of();
        }
    };

    /** {@code manifests}: the committed manifest of an asset, whose checksums each original is checked against. */
    public Finishing(Supplier<WorkerProcess> workers, Function<AssetId, Optional<Manifest>> manifests) {
        this(workers, manifests, POSIX_ONLY);
    }

    /** As above, originals read from {@code originals} when their file was released to another tier. */
    public Finishing(
            Supplier<WorkerProcess> workers,
            Function<AssetId, Optional<Manifest>> manifests,
            OriginalSource originals) {
        this.workers = workers;
        this.manifests = manifests;
        this.originals = Objects.requireNonNull(originals, "originals");
    }

    /** This finishing with originals read from {@code source} when their file was released. */
    public Finishing withOriginals(OriginalSource source) {
        return new Finishing(workers, manifests, source);
    }

    /** Workers in child JVMs of this one; originals checked against the manifests of {@code store}. */
    public static Finishing inChildJvms(ManifestStore store) {
        return new Finishing(WorkerProcess::mediaTasks, store::find);
    }

    /**
     * Re-reads every original the conform linked to and compares it with the checksums recorded at
     * ingest (reference-mode originals can change under us). Empty when every one is unchanged;
     * otherwise what differs, one line per problem. Run before anything reads an original's bytes.
     */
    public List<String> changedOriginals(
            ConformResult result, FinishingProgress.Stage stage, FinishingProgress progress) {
        Set<AssetId> used = new LinkedHashSet<>();
        if (result.linked() != null) {
            for (EventLink e : result.linked().events()) {
                if (e.asset() != null && AssetId.isValid(e.asset().assetId())) {
                    used.add(new AssetId(e.asset().assetId()));
                }
            }
        }
        List<String> problems = new ArrayList<>();
        int done = 0;
        for (AssetId asset : used) {
            progress.report(stage, 0, "verifying original " + (++done) + " of " + used.size());
            Optional<Manifest> m = manifests.apply(asset);
            if (m.isEmpty()) {
                problems.add("asset " + asset + ": no committed manifest");
            } else if (originals.presentLocally(m.get())) {
                problems.addAll(verifier.verify(m.get()).mismatches());
            } else {
                problems.addAll(originals.objectMismatches(m.get()));
            }
        }
        return problems;
    }

    /** Fails with CORRUPT, naming what differs, when an original changed since it was ingested. */
    public void requireUnchangedOriginals(
            ConformResult result, FinishingProgress.Stage stage, FinishingProgress progress) {
        List<String> changed = changedOriginals(result, stage, progress);
        if (!changed.isEmpty()) {
            throw new GatewayException(
                    Reason.CORRUPT,
                    changed.size() + " original(s) differ from what was ingested; nothing was read from them: "
                            + String.join("; ", changed));
        }
    }

    /** One trim that could not be made, and why. */
    public record FailedTrim(TrimRange trim, Reason reason, String message) {}

    /**
     * What consolidation made: each trim's file, those that failed, the relinked timeline, the bytes
     * written, and the bytes restored by the range from other tiers ({@code restoredBytes}, of
     * originals whose whole files hold {@code restoredFromBytes}).
     */
    public record Consolidated(
            Map<TrimRange, Path> made,
            List<FailedTrim> failed,
            Path timeline,
            long bytes,
            long restoredBytes,
            long restoredFromBytes) {}

    /**
     * What render made; {@code notRendered}: the clips shown black with the reason written on them
     * (render anyway).
     */
    public record Rendered(
            Path file, long frames, Timecode start, List<String> warnings, List<NotRendered> notRendered) {}

    /**
     * Makes every trim of {@code result}'s consolidation plan (one worker each, in order, so the
     * facility's storage is read one original at a time), then writes the timeline relinked to the
     * trims that were made. A trim that fails is reported and the others still run.
     */
    public Consolidated consolidate(
            Conform conform, ConformRequest request, ConformResult result, FinishingProgress progress) {
        ConsolidationPlan plan = result.consolidationPlan()
                .orElseThrow(() -> new GatewayException(
                        Reason.FAILED_PRECONDITION, "the conform was not asked to consolidate (no folder given)"));
        try {
            Files.createDirectories(plan.folder());
        } catch (IOException e) {
            throw GatewayException.io("cannot create the consolidation folder " + plan.folder() + ": " + e, e);
        }
        List<TrimRange> trims = plan.trims();
        long totalFrames =
                Math.max(1, trims.stream().mapToLong(TrimRange::frames).sum());
        Map<TrimRange, Path> made = new LinkedHashMap<>();
        List<FailedTrim> failed = new ArrayList<>();
        long framesDone = 0;
        long bytes = 0;
        long restored = 0;
        long restoredFrom = 0;
        for (TrimRange t : trims) {
            long before = framesDone;
            String what = t.original().getFileName() + " [" + t.startFrame() + ", " + t.endFrameExclusive() + ")";
            progress.report(FinishingProgress.Stage.CONSOLIDATING, percent(before, totalFrames), "trimming " + what);
            Path partial = null;
            try {
                Path source = t.original();
                Optional<Manifest> m = manifests.apply(t.assetId());
                if (m.isPresent() && !originals.presentLocally(m.get())) {
                    progress.report(
                            FinishingProgress.Stage.CONSOLIDATING, percent(before, totalFrames), "restoring " + what);
                    partial = partialFor(t);
                    long[] moved = restorePartial(t, m.get(), partial);
                    restored += moved[0];
                    restoredFrom += moved[1];
                    source = partial;
                }
                String json = workers.get()
                        .run(
                                List.of(
                                        "trim",
                                        source.toString(),
                                        Long.toString(t.startFrame()),
                                        Long.toString(t.endFrameExclusive()),
                                        t.output().toString()),
                                timeoutFor(t.frames()),
                                pct -> progress.report(
                                        FinishingProgress.Stage.CONSOLIDATING,
                                        percent(before + t.frames() * pct / 100, totalFrames),
                                        "trimming " + what));
                JsonNode r = JSON.readTree(json);
                made.put(t, Path.of(r.path("file").asText()));
                bytes += r.path("bytes").asLong();
            } catch (GatewayException e) {
                failed.add(new FailedTrim(t, e.reason(), e.getMessage()));
            } catch (IOException e) {
                failed.add(new FailedTrim(t, Reason.INTERNAL, "the worker's answer is not JSON: " + e.getMessage()));
            } finally {
                deleteQuietly(partial);
            }
            framesDone += t.frames();
        }
        Path timeline = conform.writeConsolidated(request, result, made);
        return new Consolidated(made, failed, timeline, bytes, restored, restoredFrom);
    }

    /**
     * Renders the conformed timeline of {@code result} into {@code output} as a master of
     * {@code format}, refusing clips the render cannot render. The timeline travels to the worker
     * as OTIO JSON.
     */
    public Rendered render(ConformResult result, Path output, MasterFormat format, FinishingProgress progress) {
        return render(result, output, format, false, progress);
    }

    /**
     * As above; {@code anyway}: such clips are black with the reason written on them, listed in the
     * result and added to the conform's reports (their rows say "render": "black: reason").
     */
    public Rendered render(
            ConformResult result, Path output, MasterFormat format, boolean anyway, FinishingProgress progress) {
        if (result.linked() == null) {
            throw new GatewayException(Reason.FAILED_PRECONDITION, "the conform result carries no linked timeline");
        }
        Path timeline = output.resolveSibling("." + output.getFileName() + ".render.otio");
        Path restoredDir = output.toAbsolutePath().resolveSibling("." + output.getFileName() + ".restored");
        try {
            Files.createDirectories(output.toAbsolutePath().getParent());
            // Originals released from their path: the frames the cut plays, restored by the range.
            RenderRestore.Restored restored = new RenderRestore(manifests, originals, restore)
                    .prepare(result.linked().timeline(), restoredDir);
            if (restored.originals() > 0) {
                progress.report(
                        FinishingProgress.Stage.RENDERING,
                        0,
                        "restored " + restored.fetchedBytes() + " bytes by the range from " + restored.originals()
                                + " original(s) of " + restored.wholeFileBytes() + " bytes on other tiers");
            }
            Files.writeString(timeline, new OtioJsonWriter().write(restored.timeline()), StandardCharsets.UTF_8);
            progress.report(FinishingProgress.Stage.RENDERING, 0, "rendering " + output.getFileName());
            long frames = result.linked().timeline().duration().value();
            List<String> args = new ArrayList<>(List.of("render", timeline.toString(), output.toString(), format.id()));
            if (anyway) {
                args.add(MediaTaskMain.RENDER_ANYWAY);
            }
            String json = workers.get()
                    .run(
                            args,
                            timeoutFor(frames * 2),
                            pct -> progress.report(
                                    FinishingProgress.Stage.RENDERING, pct, "rendering " + output.getFileName()));
            JsonNode r = JSON.readTree(json);
            List<String> warnings = new ArrayList<>();
            r.path("warnings").forEach(w -> warnings.add(w.asText()));
            List<NotRendered> refused = new ArrayList<>();
            r.path("not_rendered")
                    .forEach(n -> refused.add(new NotRendered(
                            n.path("event").asText(),
                            n.path("clip").asText(),
                            n.path("reason").asText())));
            RenderedBlackReport.add(result, output, refused);
            return new Rendered(
                    Path.of(r.path("file").asText()),
                    r.path("frames").asLong(),
                    Timecode.parse(
                            r.path("start_timecode").asText(),
                            FrameRate.parse(r.path("rate").asText())),
                    warnings,
                    refused);
        } catch (IOException e) {
            throw GatewayException.io("cannot render " + output + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(timeline);
            } catch (IOException ignored) {
                // a stray hidden file in the output folder; the render's own outcome is what matters
            }
            deleteFolder(restoredDir);
        }
    }

    /** Removes the render's folder of restored sparse copies (hidden files, one level). */
    private static void deleteFolder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            files.forEach(Finishing::deleteQuietly);
        } catch (IOException ignored) {
            // hidden sparse copies left beside the master; the render's own outcome is what matters
        }
        deleteQuietly(dir);
    }

    /** What conform QC found; the reports were rewritten with its section. */
    public record Checked(QcSection section, Path pictures) {}

    /** The folder beside the reports that holds the QC pictures. */
    public static final String QC_PICTURES = "qc";

    /**
     * Conform QC: compares {@code reference} (the editor's export of the cut) with {@code master}
     * (the master rendered from {@code result}; null: the conformed timeline itself, played from its
     * originals at the sampled frames) event by event, in a worker (the reference is
     * untrusted media), searching {@code searchFrames} either side; then adds the {@code qc}
     * section to the conform reports of {@code result}, its pictures in {@value #QC_PICTURES}
     * beside them.
     */
    public Checked qc(ConformResult result, Path master, Path reference, int searchFrames, FinishingProgress progress) {
        if (result.linked() == null) {
            throw new GatewayException(Reason.FAILED_PRECONDITION, "the conform result carries no linked timeline");
        }
        if (!Files.isRegularFile(reference)) {
            throw GatewayException.notFound("conform QC: no such reference movie: " + reference);
        }
        Path pictures = result.reportJson().toAbsolutePath().resolveSibling(QC_PICTURES);
        Path beside = master != null ? master : result.reportJson().toAbsolutePath();
        Path events = beside.resolveSibling("." + beside.getFileName() + ".qc-events.json");
        // no master: the worker plays the conformed timeline itself from its originals
        Path timeline = master != null ? null : beside.resolveSibling("." + beside.getFileName() + ".qc.otio");
        try {
            Files.writeString(events, QcPlan.toJson(QcPlan.of(result.linked())), StandardCharsets.UTF_8);
            if (timeline != null) {
                Files.writeString(
                        timeline, new OtioJsonWriter().write(result.linked().timeline()), StandardCharsets.UTF_8);
            }
            progress.report(FinishingProgress.Stage.RENDERING, 100, "comparing with " + reference.getFileName());
            long frames = result.linked().timeline().duration().value();
            String json = workers.get()
                    .run(
                            List.of(
                                    "qc",
                                    (master != null ? master : timeline).toString(),
                                    reference.toString(),
                                    events.toString(),
                                    pictures.toString(),
                                    Integer.toString(searchFrames)),
                            timeoutFor(frames),
                            pct -> {});
            QcSection section = QcSection.fromJson(json);
            ConformReport.addQc(result.reportJson(), result.reportHtml(), section);
            return new Checked(section, pictures);
        } catch (IOException e) {
            throw GatewayException.io("cannot run conform QC against " + reference + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(events);
                if (timeline != null) {
                    Files.deleteIfExists(timeline);
                }
            } catch (IOException ignored) {
                // a stray hidden file in the output folder; QC's own outcome is what matters
            }
        }
    }

    /**
     * Generous: a quiet 2-core machine trims 1080p to ProRes HQ at several frames a second, but a
     * busy one was seen at under one; a worker that hangs is still stopped.
     */
    static Duration timeoutFor(long frames) {
        return Duration.ofSeconds(300 + frames);
    }

    /**
     * The sparse copy trim {@code t} is made from: hidden, in the node's restoring folder (named by the
     * asset and the frames, so a later consolidation of the same trim resumes a restore cut short),
     * else beside the trim.
     */
    private Path partialFor(TrimRange t) {
        String name = ".restoring-" + t.assetId().value() + "-" + t.startFrame() + "-" + t.endFrameExclusive() + "-"
                + t.original().getFileName();
        Path folder = originals.restoring();
        if (folder == null) {
            return t.output().resolveSibling(name);
        }
        try {
            return Files.createDirectories(folder).resolve(name);
        } catch (IOException e) {
            throw GatewayException.io("cannot create the restoring folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * Fetches from the tier that holds {@code m}'s original only the bytes trim {@code t} needs, into
     * the sparse copy {@code partial}; returns the bytes moved and the whole file's size.
     */
    private long[] restorePartial(TrimRange t, Manifest m, Path partial) {
        RangeReader reader = originals.open(m);
        try (reader) {
            RestoreRanges ranges = restore.fetchPartial(
                    reader,
                    m.media() == null ? null : m.media().container(),
                    new FrameSpan(t.startFrame(), t.endFrameExclusive()),
                    partial);
            if (ranges.rangeExact()) {
                originals.restored(m, reader.bytesRead(), ranges.wholeFileBytes());
            }
            return new long[] {reader.bytesRead(), ranges.wholeFileBytes()};
        } catch (IOException e) {
            throw GatewayException.io("cannot close " + reader.describe() + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a hidden sparse copy left in the consolidation folder; the trim's own outcome is what matters
        }
    }

    private static int percent(long done, long total) {
        return (int) Math.min(100, done * 100 / total);
    }
}
