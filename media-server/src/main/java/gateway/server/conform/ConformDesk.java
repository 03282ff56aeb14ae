package gateway.server.conform;

import gateway.index.CatalogIndex;
import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.storage.StorageTier;
import gateway.model.time.FrameRate;
import gateway.proxy.finish.MasterFormat;
import gateway.proxy.finish.NotRendered;
import gateway.proxy.finish.QcOptions;
import gateway.relink.Conform;
import gateway.relink.ConformRequest;
import gateway.relink.ConformResult;
import gateway.relink.TargetFormat;
import gateway.relink.consolidate.EgressTable;
import gateway.relink.link.IndexAssetCatalogue;
import gateway.relink.read.formats.EditFormats;
import gateway.relink.report.QcSection;
import gateway.server.auth.Action;
import gateway.server.auth.Authoriser;
import gateway.server.auth.Principal;
import gateway.server.catalog.UsageFeed;
import gateway.server.metrics.Metrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Conform as the node offers it, to gRPC and REST alike: an uploaded edit is authorised against its
 * project, written to a private scratch folder, read, linked and written by the relink service,
 * recorded for the "used in" index, and its follow-up work (consolidate, render) queued on this
 * node, whose progress {@link #watch} follows. The report is never withheld: an unmatched event is
 * data, not an error.
 */
public final class ConformDesk {
    public static final int MAX_EDIT_BYTES = 32 * 1024 * 1024;

    private final CatalogIndex index;
    private final ManifestStore store;
    private final Path scratch;
    private final Path results;
    private final Authoriser authoriser;
    private final Optional<UsageFeed> usage;
    private final FinishingRuns runs;
    private final Finishing finishing;
    private final Function<Manifest, StorageTier> tiers;
    private final Metrics.Histogram duration;

    /**
     * {@code scratch} holds uploaded edits while they are conformed; {@code results} holds what
     * consolidate and render make ({@code <results>/<project>/<conform id>/}); {@code duration}
     * times each conform's read, link and write; {@code tiers} tells which storage tier each
     * original is restored from (a consolidation's egress plan).
     */
    public ConformDesk(
            CatalogIndex index,
            ManifestStore store,
            Path scratch,
            Path results,
            Authoriser authoriser,
            Optional<UsageFeed> usage,
            FinishingRuns runs,
            Finishing finishing,
            Function<Manifest, StorageTier> tiers,
            Metrics.Histogram duration) {
        this.index = index;
        this.store = store;
        this.scratch = scratch;
        this.results = results;
        this.authoriser = authoriser;
        this.usage = usage;
        this.runs = runs;
        this.finishing = finishing;
        this.tiers = tiers;
        this.duration = duration;
    }

    /**
     * One uploaded edit and what to do with it. {@code target} null writes the edit's own format;
     * {@code rate} null reads the edit at the rate it states (24 for a CMX list); {@code renderCodec}
     * (a master format name: {@link MasterFormat}) null renders nothing; {@code renderAnyway} renders
     * clips the render cannot render black with the reason written on them instead of refusing;
     * {@code qcReference} the asset id (in the same project) of the editor's reference export to
     * compare the master with after the render (conform QC), null for none, each event searched
     * {@code qcSearchFrames} frames either side. {@code planOnly}: the egress plan of consolidating
     * with {@code handlesFrames} and nothing else (no restore, no trim, no render, no follow-up).
     */
    public record Submission(
            String fileName,
            byte[] content,
            ProjectId project,
            FrameRate rate,
            boolean strict,
            long handlesFrames,
            TargetFormat target,
            boolean consolidate,
            String renderCodec,
            boolean renderAnyway,
            boolean statusMarkers,
            String qcReference,
            int qcSearchFrames,
            boolean planOnly) {}

    /**
     * What a conform answered; {@code outputDir} is null unless follow-up work was queued;
     * {@code egressPlan} the consolidation's egress plan as lines of text (empty without one).
     */
    public record Outcome(
            String conformId,
            ConformResult result,
            String reportJson,
            String reportHtml,
            byte[] timeline,
            String timelineFileName,
            TargetFormat format,
            String consolidationSummary,
            Path outputDir,
            List<String> egressPlan) {}

    public Outcome conform(Principal who, Submission s) {
        ProjectId project = s.project();
        authoriser.requireOnProject(who, Action.CONFORM, project);
        if (s.content().length > MAX_EDIT_BYTES) {
            throw new GatewayException(
                    Reason.RESOURCE_LIMIT, "edit is " + s.content().length + " bytes; the limit is " + MAX_EDIT_BYTES);
        }
        if (s.handlesFrames() < 0 || s.handlesFrames() > Integer.MAX_VALUE) {
            throw GatewayException.invalid("handles " + s.handlesFrames() + " frames is out of range");
        }
        MasterFormat format = s.renderCodec() == null ? null : MasterFormat.parse(s.renderCodec());
        Path qcReference = qcReference(s);
        String id = "conform-" + UUID.randomUUID();
        Path work = scratch.resolve(id);
        boolean followUp = !s.planOnly() && (s.consolidate() || s.renderCodec() != null || qcReference != null);
        Path outDir = followUp ? results.resolve(project.value()).resolve(id) : work.resolve("out");
        String name = safeName(s.fileName());
        try {
            Path in = Files.createDirectories(work.resolve("in")).resolve(name);
            Files.write(in, s.content());
            TargetFormat target = s.target() != null ? s.target() : ownFormat(in);
            ConformRequest request = new ConformRequest(
                            in, project, outDir, s.rate(), s.strict(), (int) s.handlesFrames(), target)
                    .withDisplayName(name)
                    .withStatusMarkers(s.statusMarkers());
            boolean planning = s.consolidate() || s.planOnly();
            if (planning) {
                request = request.withConsolidation(outDir.resolve("media"));
            }
            Conform linking = new Conform(new IndexAssetCatalogue(index)).withPicturesFrom(store);
            Conform conform = planning ? linking.withEgressPlanner(new RestoreEgress(store, project, tiers)) : linking;
            long started = System.nanoTime();
            ConformResult r = conform.conform(request);
            duration.observeNanos(System.nanoTime() - started);
            usage.ifPresent(u -> u.record(project, UsageFeed.sequenceName(r.linked(), name), "conform", r.linked()));
            Outcome outcome = new Outcome(
                    id,
                    r,
                    Files.readString(r.reportJson()),
                    Files.readString(r.reportHtml()),
                    Files.readAllBytes(r.timeline()),
                    r.timeline().getFileName().toString(),
                    target,
                    r.consolidationPlan().map(p -> p.summary()).orElse(""),
                    followUp ? outDir : null,
                    r.consolidationPlan()
                            .flatMap(p -> p.egress())
                            .map(e -> {
                                List<String> lines = new ArrayList<>();
                                lines.add("egress plan (before any transfer):");
                                EgressTable.lines(e).forEach(l -> lines.add("  " + l));
                                if (s.planOnly()) {
                                    lines.add("  plan only: nothing restored");
                                }
                                return List.copyOf(lines);
                            })
                            .orElse(List.of()));
            if (followUp) {
                ConformRequest queued = request;
                Path master = format == null ? null : outDir.resolve(baseName(name) + ".master." + format.extension());
                Qc qc = qcReference == null ? null : new Qc(qcReference, s.qcSearchFrames());
                runs.submit(
                        id,
                        project,
                        progress -> followUp(conform, queued, r, master, format, s.renderAnyway(), qc, progress));
            }
            return outcome;
        } catch (IOException e) {
            throw GatewayException.io("conform scratch I/O failed: " + e.getMessage(), e);
        } finally {
            deleteTree(work);
        }
    }

    /**
     * Sends the latest progress of conform {@code id} and every change until the final one to
     * {@code watcher}; returns the way to stop. A conform of a project the caller may not read is
     * as unknown as one that never ran here.
     */
    public Runnable watch(Principal who, String id, Consumer<FinishingRuns.Update> watcher) {
        ProjectId project = runs.projectOf(id).orElseThrow(() -> GatewayException.notFound("no conform " + id));
        authoriser.requireOnProject(who, Action.READ, project);
        return runs.watch(id, watcher);
    }

    /** The latest progress of conform {@code id}, under the same rule as {@link #watch}. */
    public FinishingRuns.Update latest(Principal who, String id) {
        FinishingRuns.Update[] last = {null};
        watch(who, id, u -> last[0] = last[0] == null ? u : last[0]).run();
        return last[0];
    }

    /** Re-check the originals, consolidate (when planned), then render; the DONE line says what was made. */
    private FinishingRuns.Finished followUp(
            Conform conform,
            ConformRequest request,
            ConformResult result,
            Path master,
            MasterFormat format,
            boolean anyway,
            Qc qc,
            FinishingProgress progress) {
        boolean consolidating = result.consolidationPlan().isPresent();
        finishing.requireUnchangedOriginals(
                result,
                consolidating ? FinishingProgress.Stage.CONSOLIDATING : FinishingProgress.Stage.RENDERING,
                progress);
        StringBuilder done = new StringBuilder();
        if (consolidating) {
            Finishing.Consolidated c = finishing.consolidate(conform, request, result, progress);
            if (!c.failed().isEmpty()) {
                Finishing.FailedTrim f = c.failed().get(0);
                throw new GatewayException(
                        f.reason(),
                        c.failed().size() + " trim(s) failed, first " + f.trim().original() + ": " + f.message());
            }
            done.append("consolidated ")
                    .append(c.made().size())
                    .append(" file(s); timeline ")
                    .append(c.timeline());
            if (c.restoredFromBytes() > 0) {
                done.append("; restored ")
                        .append(c.restoredBytes())
                        .append(" bytes by the range from originals of ")
                        .append(c.restoredFromBytes())
                        .append(" bytes on other tiers");
            }
        }
        if (master != null) {
            Finishing.Rendered m = finishing.render(result, master, format, anyway, progress);
            done.append(done.isEmpty() ? "" : "; ")
                    .append("master ")
                    .append(m.file())
                    .append(" (")
                    .append(format.label())
                    .append(", ")
                    .append(m.frames())
                    .append(" frames)");
            if (!m.notRendered().isEmpty()) {
                done.append("; rendered black with the reason written on them: ")
                        .append(m.notRendered().stream()
                                .map(NotRendered::toString)
                                .collect(Collectors.joining("; ")));
            }
            if (qc != null) {
                QcSection section = qc(result, m.file(), qc, progress, done);
                return new FinishingRuns.Finished(done.toString(), section);
            }
        } else if (qc != null) {
            // no master: the conformed timeline, played from its originals
            QcSection section = qc(result, null, qc, progress, done);
            return new FinishingRuns.Finished(done.toString(), section);
        }
        return new FinishingRuns.Finished(done.toString(), null);
    }

    private QcSection qc(ConformResult result, Path master, Qc qc, FinishingProgress progress, StringBuilder done) {
        Finishing.Checked checked = finishing.qc(result, master, qc.reference(), qc.searchFrames(), progress);
        done.append(done.isEmpty() ? "" : "; ")
                .append(checked.section().summary())
                .append(
                        checked.section().problems() == 0
                                ? ""
                                : " (" + checked.section().problems() + " problem(s): see the report's QC section)");
        return checked.section();
    }

    /** Conform QC to run after the render: the reference movie and the search either side. */
    private record Qc(Path reference, int searchFrames) {}

    /**
     * The original of the QC reference asset named in {@code s}, or null without QC. The reference is
     * an asset of the conform's own project (ingested like any original): a path from the caller
     * would let it read any movie the node can.
     */
    private Path qcReference(Submission s) {
        if (s.qcReference() == null || s.qcReference().isBlank()) {
            return null;
        }
        new QcOptions(s.qcSearchFrames(), null); // checks the search range
        if (!AssetId.isValid(s.qcReference())) {
            throw GatewayException.invalid("conform QC reference '" + s.qcReference() + "' is not an asset id");
        }
        Manifest m = store.find(new AssetId(s.qcReference()))
                .filter(x -> x.project().equals(s.project()))
                .orElseThrow(() -> GatewayException.notFound("conform QC: no asset " + s.qcReference() + " in project "
                        + s.project().value() + " (ingest the reference export into the project first)"));
        return Path.of(m.originalPath());
    }

    /** The edit's own format, as what to write when the caller names none. */
    private static TargetFormat ownFormat(Path edit) {
        return switch (EditFormats.detect(edit)) {
            case CMX_3600 -> TargetFormat.EDL;
            case FCP7_XML -> TargetFormat.FCP7_XML;
            case FCPXML -> TargetFormat.FCPXML;
            case ALE -> TargetFormat.ALE;
            // AAF is read, not written: the conformed timeline goes out as OTIO, which keeps every track,
            // effect and marker and which Media Composer, Resolve and Premiere import
            case AAF -> TargetFormat.OTIO;
            case OTIO_JSON -> TargetFormat.OTIO;
        };
    }

    /** The client's file name without any folder part, so it cannot point outside the scratch folder. */
    public static String safeName(String name) {
        String base = name == null ? "" : name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        return base.isEmpty() || base.startsWith(".") ? "edit" + base : base;
    }

    private static String baseName(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.getLogger(ConformDesk.class.getName())
                    .log(System.Logger.Level.WARNING, "cannot clean " + dir + ": " + e.getMessage());
        }
    }
}
