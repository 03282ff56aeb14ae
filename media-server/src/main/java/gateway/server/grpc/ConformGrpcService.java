package gateway.server.grpc;

import gateway.model.asset.ProjectId;
import gateway.protos.conform.v1.ConformProgress;
import gateway.protos.conform.v1.ConformRequest;
import gateway.protos.conform.v1.ConformResponse;
import gateway.protos.conform.v1.ConformServiceGrpc;
import gateway.protos.conform.v1.ConformStage;
import gateway.protos.conform.v1.ConformTotals;
import gateway.protos.conform.v1.EditFormat;
import gateway.protos.conform.v1.WatchConformRequest;
import gateway.protos.mapper.TimeMapper;
import gateway.proxy.finish.QcOptions;
import gateway.relink.TargetFormat;
import gateway.relink.link.LinkStatus;
import gateway.server.conform.ConformDesk;
import gateway.server.conform.FinishingProgress;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Map;

/** The wire side of {@link ConformDesk}: proto in, proto out, progress as a server stream. */
public final class ConformGrpcService extends ConformServiceGrpc.ConformServiceImplBase {
    private final ConformDesk desk;

    public ConformGrpcService(ConformDesk desk) {
        this.desk = desk;
    }

    @Override
    public void conform(ConformRequest request, StreamObserver<ConformResponse> out) {
        ServiceCalls.unary(out, () -> {
            ConformDesk.Outcome o = desk.conform(
                    AuthInterceptor.principal(),
                    new ConformDesk.Submission(
                            request.getEditFileName(),
                            request.getEditContent().toByteArray(),
                            new ProjectId(request.getProject()),
                            request.hasRate() ? TimeMapper.fromProto(request.getRate(), "rate") : null,
                            request.getStrict(),
                            request.getHandlesFrames(),
                            target(request.getToFormat()),
                            request.getConsolidate(),
                            request.getRender()
                                    ? (request.getRenderCodec().isEmpty() ? "prores" : request.getRenderCodec())
                                    : null,
                            request.getRenderAnyway(),
                            request.getStatusMarkers(),
                            request.getQcReference().isEmpty() ? null : request.getQcReference(),
                            request.getQcSearchFrames() == 0
                                    ? QcOptions.DEFAULT_SEARCH_FRAMES
                                    : request.getQcSearchFrames(),
                            request.getPlanOnly()));
            ConformResponse.Builder response = ConformResponse.newBuilder()
                    .setReportJson(o.reportJson())
                    .setReportHtml(o.reportHtml())
                    .setConformedTimeline(com.google.protobuf.ByteString.copyFrom(o.timeline()))
                    .setConformedFileName(o.timelineFileName())
                    .setConformedFormat(wireFormat(o.format()))
                    .setTotals(totals(o.result().totals()))
                    .setConformId(o.conformId())
                    .setConsolidationSummary(o.consolidationSummary())
                    .setEgressPlan(String.join("\n", o.egressPlan()));
            if (o.outputDir() != null) {
                response.setOutputDir(o.outputDir().toString());
            }
            return response.build();
        });
    }

    @Override
    public void watchConform(WatchConformRequest request, StreamObserver<ConformProgress> out) {
        ServerCallStreamObserver<ConformProgress> call = (ServerCallStreamObserver<ConformProgress>) out;
        String id = request.getConformId();
        Object lock = new Object();
        Runnable[] stop = {() -> {}};
        call.setOnCancelHandler(() -> stop[0].run());
        try {
            stop[0] = desk.watch(AuthInterceptor.principal(), id, u -> {
                synchronized (lock) {
                    if (call.isCancelled()) {
                        return;
                    }
                    // Progress messages are tiny and a few per second at most: no backlog worth flow control.
                    ConformProgress.Builder p = ConformProgress.newBuilder()
                            .setConformId(id)
                            .setStage(stage(u.stage()))
                            .setPercent(u.percent())
                            .setMessage(u.message());
                    if (u.finished() != null && u.finished().qc() != null) {
                        p.setQcSectionJson(u.finished().qc().toJson())
                                .setQcProblems(u.finished().qc().problems());
                    }
                    call.onNext(p.build());
                    if (u.isFinal()) {
                        call.onCompleted();
                    }
                }
            });
        } catch (RuntimeException e) {
            ServiceCalls.fail(out, e);
        }
    }

    private static ConformStage stage(FinishingProgress.Stage s) {
        return switch (s) {
            case CONSOLIDATING -> ConformStage.CONFORM_STAGE_CONSOLIDATING;
            case RENDERING -> ConformStage.CONFORM_STAGE_RENDERING;
            case DONE -> ConformStage.CONFORM_STAGE_DONE;
            case FAILED -> ConformStage.CONFORM_STAGE_FAILED;
        };
    }

    /** The format asked for; null (UNSPECIFIED) writes the edit's own format. */
    private static TargetFormat target(EditFormat asked) {
        return switch (asked) {
            case EDIT_FORMAT_CMX3600_EDL -> TargetFormat.EDL;
            case EDIT_FORMAT_FCP7_XML -> TargetFormat.FCP7_XML;
            case EDIT_FORMAT_FCPXML -> TargetFormat.FCPXML;
            case EDIT_FORMAT_OTIO -> TargetFormat.OTIO;
            case EDIT_FORMAT_UNSPECIFIED, UNRECOGNIZED -> null;
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
                        + t.getOrDefault(LinkStatus.INVALID, 0)
                        + t.getOrDefault(LinkStatus.SKIPPED, 0))
                .build();
    }
}
