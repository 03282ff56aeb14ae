package gateway.server.grpc;

import gateway.index.CatalogIndex;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.protos.conform.v1.ConformRequest;
import gateway.protos.conform.v1.ConformResponse;
import gateway.protos.conform.v1.ConformServiceGrpc;
import gateway.protos.conform.v1.ConformTotals;
import gateway.protos.conform.v1.EditFormat;
import gateway.protos.mapper.TimeMapper;
import gateway.relink.Conform;
import gateway.relink.ConformResult;
import gateway.relink.TargetFormat;
import gateway.relink.link.IndexAssetCatalogue;
import gateway.relink.link.LinkStatus;
import gateway.server.auth.Action;
import gateway.server.auth.Authoriser;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
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
    private final Authoriser authoriser;

    public ConformGrpcService(CatalogIndex index, Path scratch, Authoriser authoriser) {
        this.index = index;
        this.scratch = scratch;
        this.authoriser = authoriser;
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
            Path work = scratch.resolve("conform-" + UUID.randomUUID());
            try {
                Path in = Files.createDirectories(work.resolve("in")).resolve(safeName(request.getEditFileName()));
                Files.write(in, request.getEditContent().toByteArray());
                TargetFormat target = request.getToFormat() == EditFormat.EDIT_FORMAT_CMX3600_EDL
                        ? TargetFormat.EDL
                        : TargetFormat.OTIO;
                gateway.relink.ConformRequest req = new gateway.relink.ConformRequest(
                        in,
                        project,
                        work.resolve("out"),
                        request.hasRate() ? TimeMapper.fromProto(request.getRate(), "rate") : null,
                        request.getStrict(),
                        (int) request.getHandlesFrames(),
                        target);
                ConformResult r = new Conform(new IndexAssetCatalogue(index)).conform(req);
                return ConformResponse.newBuilder()
                        .setReportJson(Files.readString(r.reportJson()))
                        .setConformedTimeline(com.google.protobuf.ByteString.copyFrom(Files.readAllBytes(r.timeline())))
                        .setConformedFileName(r.timeline().getFileName().toString())
                        .setConformedFormat(
                                target == TargetFormat.EDL
                                        ? EditFormat.EDIT_FORMAT_CMX3600_EDL
                                        : EditFormat.EDIT_FORMAT_OTIO)
                        .setTotals(totals(r.totals()))
                        .setConformId(work.getFileName().toString())
                        .build();
            } catch (IOException e) {
                throw GatewayException.io("conform scratch I/O failed: " + e.getMessage(), e);
            } finally {
                deleteTree(work);
            }
        });
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
