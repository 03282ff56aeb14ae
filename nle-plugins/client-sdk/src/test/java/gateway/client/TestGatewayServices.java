package gateway.client;

import com.google.protobuf.ByteString;
import gateway.model.asset.AssetId;
import gateway.model.asset.AudioStream;
import gateway.model.asset.Checksums;
import gateway.model.asset.Manifest;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.ProjectId;
import gateway.model.asset.Rendition;
import gateway.model.asset.VideoInfo;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import gateway.protos.auth.v1.AuthServiceGrpc;
import gateway.protos.auth.v1.LoginRequest;
import gateway.protos.auth.v1.RefreshRequest;
import gateway.protos.auth.v1.Tokens;
import gateway.protos.catalog.v1.CatalogServiceGrpc;
import gateway.protos.catalog.v1.Facet;
import gateway.protos.catalog.v1.FacetValue;
import gateway.protos.catalog.v1.GetAssetRequest;
import gateway.protos.catalog.v1.ListProjectsRequest;
import gateway.protos.catalog.v1.ListProjectsResponse;
import gateway.protos.catalog.v1.Project;
import gateway.protos.catalog.v1.SearchRequest;
import gateway.protos.catalog.v1.SearchResponse;
import gateway.protos.common.v1.Asset;
import gateway.protos.common.v1.ErrorReason;
import gateway.protos.conform.v1.ConformRequest;
import gateway.protos.conform.v1.ConformResponse;
import gateway.protos.conform.v1.ConformServiceGrpc;
import gateway.protos.conform.v1.ConformTotals;
import gateway.protos.conform.v1.EditFormat;
import gateway.protos.ingest.v1.IngestRequest;
import gateway.protos.ingest.v1.IngestResponse;
import gateway.protos.ingest.v1.IngestServiceGrpc;
import gateway.protos.ingest.v1.Job;
import gateway.protos.ingest.v1.JobProgress;
import gateway.protos.ingest.v1.JobState;
import gateway.protos.ingest.v1.WatchJobsRequest;
import gateway.protos.mapper.AssetMapper;
import gateway.protos.mapper.ErrorMapper;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** Small, honest implementations of the gateway's services for client tests: known answers, real wire. */
final class TestGatewayServices {
    static final String USER = "editor";
    static final String PASSWORD = "correct horse";
    static final String ACCESS = "access-1";
    static final String ACCESS_AFTER_REFRESH = "access-2";
    static final String REFRESH = "refresh-1";
    static final String HANGS = "hang0000-0000-0000";

    static final Manifest CLIP = new Manifest(
            Manifest.SCHEMA_VERSION,
            7,
            new AssetId("a001c003-0000-4000-8000-000000000001"),
            new ProjectId("feature_01"),
            "A001C003",
            "/mnt/cards/A001/A001C003.mov",
            new MediaInfo(
                    "/mnt/cards/A001/A001C003.mov",
                    "mov",
                    FrameRate.FPS_23_976,
                    1440,
                    Timecode.parse("14:11:44:09", FrameRate.FPS_23_976),
                    "A001",
                    new VideoInfo("prores", 1920, 1080),
                    List.of(new AudioStream("pcm_s24le", 4, 48000, 24)),
                    false,
                    null,
                    List.of()),
            new Checksums("0123456789abcdef", "0123456789abcdef0123456789abcdef"),
            List.of(new Rendition("stream-lo", "proxy/stream-lo.mp4", "video/mp4", 1000, null)),
            Map.of("scene", "12"),
            Instant.parse("2026-11-20T10:00:00Z"));

    /** The authorization header of the current call, as the interceptor saw it. */
    static final Context.Key<String> AUTHORIZATION = Context.key("authorization");

    private TestGatewayServices() {}

    /** Puts the call's authorization header in the context; rejects catalogue calls without the current token. */
    static final class Authorization implements ServerInterceptor {
        final AtomicReference<String> lastSeen = new AtomicReference<>();
        volatile String accepted = ACCESS;

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(
                ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            String header = headers.get(BearerToken.AUTHORIZATION);
            lastSeen.set(header);
            boolean isAuth = call.getMethodDescriptor().getServiceName().equals(AuthServiceGrpc.SERVICE_NAME);
            if (!isAuth && !("Bearer " + accepted).equals(header)) {
                GatewayException e = new GatewayException(Reason.UNAUTHENTICATED, "no valid bearer token on the call");
                var status = ErrorMapper.toStatusException(e);
                call.close(status.getStatus(), status.getTrailers());
                return new ServerCall.Listener<>() {};
            }
            return Contexts.interceptCall(Context.current().withValue(AUTHORIZATION, header), call, headers, next);
        }
    }

    static final class Auth extends AuthServiceGrpc.AuthServiceImplBase {
        @Override
        public void login(LoginRequest request, StreamObserver<Tokens> out) {
            if (!request.getUsername().equals(USER) || !request.getPassword().equals(PASSWORD)) {
                out.onError(ErrorMapper.toStatusException(
                        new GatewayException(Reason.UNAUTHENTICATED, "user name or password is wrong")));
                return;
            }
            out.onNext(tokens(ACCESS));
            out.onCompleted();
        }

        @Override
        public void refresh(RefreshRequest request, StreamObserver<Tokens> out) {
            if (!request.getRefreshToken().equals(REFRESH)) {
                out.onError(ErrorMapper.toStatusException(
                        new GatewayException(Reason.UNAUTHENTICATED, "refresh token is not valid")));
                return;
            }
            out.onNext(tokens(ACCESS_AFTER_REFRESH));
            out.onCompleted();
        }

        private static Tokens tokens(String access) {
            return Tokens.newBuilder()
                    .setAccessToken(access)
                    .setAccessExpiresAt(AssetMapper.toProto(Instant.parse("2026-11-21T12:15:00Z")))
                    .setRefreshToken(REFRESH)
                    .setSubject(USER)
                    .addProjects("feature_01")
                    .build();
        }
    }

    static final class Catalog extends CatalogServiceGrpc.CatalogServiceImplBase {
        final AtomicReference<SearchRequest> lastSearch = new AtomicReference<>();

        @Override
        public void search(SearchRequest request, StreamObserver<SearchResponse> out) {
            lastSearch.set(request);
            out.onNext(SearchResponse.newBuilder()
                    .setTotalHits(41)
                    .addHits(AssetMapper.toSearchHit(CLIP, 3.25f))
                    .addFacets(Facet.newBuilder()
                            .setField("reel")
                            .addValues(FacetValue.newBuilder().setValue("A001").setCount(30))
                            .addValues(FacetValue.newBuilder().setValue("B002").setCount(11)))
                    .setNextPageToken("page-2")
                    .build());
            out.onCompleted();
        }

        @Override
        public void getAsset(GetAssetRequest request, StreamObserver<Asset> out) {
            if (request.getAssetId().equals(HANGS)) {
                return; // never answers: the client's deadline must end the call
            }
            if (!request.getAssetId().equals(CLIP.assetId().value())) {
                out.onError(ErrorMapper.toStatusException(GatewayException.notFound(
                        "asset " + request.getAssetId() + " is not in any project you can read")));
                return;
            }
            out.onNext(AssetMapper.toProto(CLIP));
            out.onCompleted();
        }

        @Override
        public void listProjects(ListProjectsRequest request, StreamObserver<ListProjectsResponse> out) {
            out.onNext(ListProjectsResponse.newBuilder()
                    .addProjects(Project.newBuilder()
                            .setProject("feature_01")
                            .setAssetCount(41)
                            .setWritable(true))
                    .addProjects(Project.newBuilder().setProject("promo").setAssetCount(3))
                    .build());
            out.onCompleted();
        }
    }

    static final class Ingest extends IngestServiceGrpc.IngestServiceImplBase {
        @Override
        public void ingest(IngestRequest request, StreamObserver<IngestResponse> out) {
            IngestResponse.Builder response = IngestResponse.newBuilder();
            for (int i = 0; i < request.getPathsCount(); i++) {
                response.addJobs(Job.newBuilder().setJobId("job-" + i).setPath(request.getPaths(i)));
            }
            out.onNext(response.build());
            out.onCompleted();
        }

        @Override
        public void watchJobs(WatchJobsRequest request, StreamObserver<JobProgress> out) {
            for (String id : request.getJobIdsList()) {
                out.onNext(progress(id, JobState.JOB_STATE_QUEUED, 0).build());
                out.onNext(progress(id, JobState.JOB_STATE_RUNNING, 50)
                        .setFramesDone(720)
                        .setFramesTotal(1440)
                        .build());
            }
            out.onNext(progress("job-0", JobState.JOB_STATE_DONE, 100)
                    .setAssetId(CLIP.assetId().value())
                    .build());
            if (request.getJobIdsCount() > 1) {
                out.onNext(progress("job-1", JobState.JOB_STATE_QUARANTINED, 50)
                        .setErrorReason(ErrorReason.ERROR_REASON_CORRUPT)
                        .setErrorMessage("B001C001.mov: truncated mdat at byte 1048576")
                        .build());
            }
            out.onCompleted();
        }

        private static JobProgress.Builder progress(String id, JobState state, float percent) {
            return JobProgress.newBuilder().setJobId(id).setState(state).setPercent(percent);
        }
    }

    /** Conforms by echo: the timeline is the edit upper-cased; the report repeats what was asked. */
    static final class Conform extends ConformServiceGrpc.ConformServiceImplBase {
        final AtomicReference<ConformRequest> last = new AtomicReference<>();

        @Override
        public void conform(ConformRequest request, StreamObserver<ConformResponse> out) {
            last.set(request);
            String edit = request.getEditContent().toStringUtf8();
            out.onNext(ConformResponse.newBuilder()
                    .setReportJson("{\"edit\":\"" + request.getEditFileName() + "\",\"events\":3}")
                    .setConformedTimeline(ByteString.copyFrom(edit.toUpperCase(), StandardCharsets.UTF_8))
                    .setConformedFileName("conformed_" + request.getEditFileName())
                    .setConformedFormat(EditFormat.EDIT_FORMAT_CMX3600_EDL)
                    .setTotals(ConformTotals.newBuilder()
                            .setEvents(3)
                            .setMatched(2)
                            .setUnmatched(1))
                    .build());
            out.onCompleted();
        }
    }
}
