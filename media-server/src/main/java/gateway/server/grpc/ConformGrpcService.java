package gateway.server.grpc;

import gateway.index.CatalogIndex;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.protos.conform.v1.ConformProgress;
import gateway.protos.conform.v1.ConformRequest;
import gateway.protos.conform.v1.ConformResponse;
import gateway.protos.conform.v1.ConformServiceGrpc;
import gateway.protos.conform.v1.ConformStage;
import gateway.protos.conform.v1.ConformTotals;
import gateway.protos.conform.v1.EditFormat;
import gateway.protos.conform.v1.WatchConformRequest;
import gateway.protos.mapper.TimeMapper;
import gateway.relink.Conform;
import gateway.relink.ConformResult;
import gateway.relink.TargetFormat;
import gateway.relink.link.IndexAssetCatalogue;
import gateway.relink.link.LinkStatus;
import gateway.relink.read.EditFormats;
import gateway.server.auth.Action;
import gateway.server.auth.Authoriser;
import gateway.server.catalog.UsageFeed;
import gateway.server.conform.Finishing;
import gateway.server.conform.FinishingProgress;
import gateway.server.conform.FinishingRuns;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Conforms an uploaded edit against the caller's project: the edit is written to a private
 * scratch folder, read, linked and written by the relink service, and both the conformed
 * timeline and the report come back. The report is never withheld: an unmatched event is data,
 * not an error.
 */
public final class ConformGrpcService extends ConformServiceGrpc.ConformServiceImplBase {
    private static final int MAX_EDIT_BYTES = 32 * 1024 * 1024;

    private final CatalogIndex index;
    private final Path scratch;
    private final Path results;
    private final Authoriser authoriser;
    private final Optional<UsageFeed> usage;
    private final FinishingRuns runs;
    private final Finishing finishing;

    /**
     * {@code scratch} holds uploaded edits while they are conformed; {@code results} holds what
     * consolidate and render make ({@code <results>/<project>/<conform id>/}).
     */
    public ConformGrpcService(
            CatalogIndex index,
            Path scratch,
            Path results,
            Authoriser authoriser,
            Optional<UsageFeed> usage,
            FinishingRuns runs,
            Finishing finishing) {
        this.index = index;
        this.scratch = scratch;
        this.results = results;
        this.authoriser = authoriser;
        this.usage = usage;
        this.runs = runs;
        this.finishing = finishing;
    }

    @Override
    public void conform(ConformRequest request, StreamObserver<ConformResponse> out) {
        ServiceCalls.unary(out, () -> {
            ProjectId project = new ProjectId(request.getProject());
            authoriser.requireOnProject(AuthInterceptor.principal(), Action.CONFORM, project);
            if (request.getEditContent().size() > MAX_EDIT_BYTES) {
                throw new GatewayException(
                        Reason.RESOURCE_LIMIT,
                        "edit is " + request.getEditContent().size() + " bytes; the limit is " + MAX_EDIT_BYTES);
            }
            if (request.getHandlesFrames() < 0 || request.getHandlesFrames() > Integer.MAX_VALUE) {
                throw GatewayException.invalid("handles_frames " + request.getHandlesFrames() + " is out of range");
            }
            String codec = request.getRenderCodec().isEmpty() ? "prores" : request.getRenderCodec();
            if (!codec.equals("prores") && !codec.equals("dnxhr")) {
                throw GatewayException.invalid("render_codec is prores or dnxhr, not '" + codec + "'");
            }
            String id = "conform-" + UUID.randomUUID();
            Path work = scratch.resolve(id);
            boolean followUp = request.getConsolidate() || request.getRender();
            Path outDir = followUp ? results.resolve(project.value()).resolve(id) : work.resolve("out");
            try {
                Path in = Files.createDirectories(work.resolve("in")).resolve(safeName(request.getEditFileName()));
                Files.write(in, request.getEditContent().toByteArray());
                TargetFormat target = target(request.getToFormat(), in);
                gateway.relink.ConformRequest req = new gateway.relink.ConformRequest(
                                in,
                                project,
                                outDir,
                                request.hasRate() ? TimeMapper.fromProto(request.getRate(), "rate") : null,
                                request.getStrict(),
                                (int) request.getHandlesFrames(),
                                target)
                        .withDisplayName(safeName(request.getEditFileName()))
                        .withStatusMarkers(request.getStatusMarkers());
                if (request.getConsolidate()) {
                    req = req.withConsolidation(outDir.resolve("media"));
                }
                Conform conform = new Conform(new IndexAssetCatalogue(index));
                ConformResult r = conform.conform(req);
                usage.ifPresent(u -> u.record(
                        project,
                        UsageFeed.sequenceName(r.linked(), in.getFileName().toString()),
                        "conform",
                        r.linked()));
                ConformResponse.Builder response = ConformResponse.newBuilder()
                        .setReportJson(Files.readString(r.reportJson()))
                        .setReportHtml(Files.readString(r.reportHtml()))
                        .setConformedTimeline(com.google.protobuf.ByteString.copyFrom(Files.readAllBytes(r.timeline())))
                        .setConformedFileName(r.timeline().getFileName().toString())
                        .setConformedFormat(wireFormat(target))
                        .setTotals(totals(r.totals()))
                        .setConformId(id);
                r.consolidationPlan().ifPresent(plan -> response.setConsolidationSummary(plan.summary()));
                if (followUp) {
                    response.setOutputDir(outDir.toString());
                    gateway.relink.ConformRequest finalReq = req;
                    String master = baseName(in) + ".master.mov";
                    runs.submit(
                            id,
                            project,
                            progress -> followUp(
                                    conform,
                                    finalReq,
                                    r,
                                    request.getRender() ? outDir.resolve(master) : null,
                                    codec,
                                    progress));
                }
                return response.build();
            } catch (IOException e) {
                throw GatewayException.io("conform scratch I/O failed: " + e.getMessage(), e);
            } finally {
                deleteTree(work);
            }
        });
    }

    /** Consolidate (when planned), then render (when {@code master} is given); the DONE line says what was made. */
    private String followUp(
            Conform conform,
            gateway.relink.ConformRequest request,
            ConformResult result,
            Path master,
            String codec,
            FinishingProgress progress) {
        StringBuilder done = new StringBuilder();
        finishing.requireUnchangedOriginals(
                result,
                result.consolidationPlan().isPresent()
                        ? FinishingProgress.Stage.CONSOLIDATING
                        : FinishingProgress.Stage.RENDERING,
                progress);
        if (result.consolidationPlan().isPresent()) {
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
        }
        if (master != null) {
            Finishing.Rendered m = finishing.render(result, master, codec, progress);
            done.append(done.isEmpty() ? "" : "; ")
                    .append("master ")
                    .append(m.file())
                    .append(" (")
                    .append(m.frames())
                    .append(" frames)");
        }
        return done.toString();
    }

    @Override
    public void watchConform(WatchConformRequest request, StreamObserver<ConformProgress> out) {
        ServerCallStreamObserver<ConformProgress> call = (ServerCallStreamObserver<ConformProgress>) out;
        String id = request.getConformId();
        // A conform of a project the caller may not read is as unknown as one that never ran.
        ProjectId project = runs.projectOf(id).orElseThrow(() -> GatewayException.notFound("no conform " + id));
        authoriser.requireOnProject(AuthInterceptor.principal(), Action.READ, project);
        Object lock = new Object();
        Runnable[] stop = {() -> {}};
        call.setOnCancelHandler(() -> stop[0].run());
        stop[0] = runs.watch(id, u -> {
            synchronized (lock) {
                if (call.isCancelled()) {
                    return;
                }
                // Progress messages are tiny and at most a few per second: no backlog worth flow control.
                call.onNext(ConformProgress.newBuilder()
                        .setConformId(id)
                        .setStage(stage(u.stage()))
                        .setPercent(u.percent())
                        .setMessage(u.message())
                        .build());
                if (u.isFinal()) {
                    call.onCompleted();
                }
            }
        });
    }

    private static ConformStage stage(FinishingProgress.Stage s) {
        return switch (s) {
            case CONSOLIDATING -> ConformStage.CONFORM_STAGE_CONSOLIDATING;
            case RENDERING -> ConformStage.CONFORM_STAGE_RENDERING;
            case DONE -> ConformStage.CONFORM_STAGE_DONE;
            case FAILED -> ConformStage.CONFORM_STAGE_FAILED;
        };
    }

    /** The format asked for; UNSPECIFIED writes the edit's own format. */
    private static TargetFormat target(EditFormat asked, Path edit) {
        return switch (asked) {
            case EDIT_FORMAT_CMX3600_EDL -> TargetFormat.EDL;
            case EDIT_FORMAT_FCP7_XML -> TargetFormat.FCP7_XML;
            case EDIT_FORMAT_FCPXML -> TargetFormat.FCPXML;
            case EDIT_FORMAT_OTIO -> TargetFormat.OTIO;
            case EDIT_FORMAT_UNSPECIFIED, UNRECOGNIZED ->
                switch (EditFormats.detect(edit)) {
                    case CMX_3600 -> TargetFormat.EDL;
                    case FCP7_XML -> TargetFormat.FCP7_XML;
                    case FCPXML -> TargetFormat.FCPXML;
                    case ALE -> TargetFormat.ALE;
                    case OTIO_JSON -> TargetFormat.OTIO;
                };
        };
    }

    private static EditFormat wireFormat(TargetFormat t) {
        return switch (t) {
            case EDL -> EditFormat.EDIT_FORMAT_CMX3600_EDL;
            case FCP7_XML -> EditFormat.EDIT_FORMAT_FCP7_XML;
            case FCPXML -> EditFormat.EDIT_FORMAT_FCPXML;
            case OTIO -> EditFormat.EDIT_FORMAT_OTIO;
            case ALE -> EditFormat.EDIT_FORMAT_UNSPECIFIED;
        };
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static ConformTotals totals(Map<LinkStatus, Integer> t) {
        int events = t.values().stream().mapToInt(Integer::intValue).sum();
        return ConformTotals.newBuilder()
                .setEvents(events)
                .setMatched(t.getOrDefault(LinkStatus.MATCHED, 0))
                .setUnmatched(t.getOrDefault(LinkStatus.UNMATCHED, 0))
                .setAmbiguous(t.getOrDefault(LinkStatus.AMBIGUOUS, 0))
                .setOutOfRange(t.getOrDefault(LinkStatus.OUT_OF_RANGE, 0))
                .setWarnings(t.getOrDefault(LinkStatus.SHORT_HANDLES, 0)
                        + t.getOrDefault(LinkStatus.RATE_MISMATCH, 0)
                        + t.getOrDefault(LinkStatus.INVALID, 0))
                .build();
    }

    /** The client's file name without any folder part, so it cannot point outside the scratch folder. */
    static String safeName(String name) {
        String base = name == null ? "" : name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        return base.isEmpty() || base.startsWith(".") ? "edit" + base : base;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.getLogger(ConformGrpcService.class.getName())
                    .log(System.Logger.Level.WARNING, "cannot clean " + dir + ": " + e.getMessage());
        }
    }
}
