package gateway.agent;

import com.google.protobuf.ByteString;
import gateway.model.asset.AssetId;
import gateway.model.asset.Checksums;
import gateway.model.asset.Manifest;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.ProjectId;
import gateway.model.asset.Rendition;
import gateway.model.asset.VideoInfo;
import gateway.model.checksum.XxHash64;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.protos.auth.v1.AuthServiceGrpc;
import gateway.protos.auth.v1.LoginRequest;
import gateway.protos.auth.v1.RefreshRequest;
import gateway.protos.auth.v1.Tokens;
import gateway.protos.catalog.v1.CatalogServiceGrpc;
import gateway.protos.catalog.v1.GetAssetRequest;
import gateway.protos.catalog.v1.SearchRequest;
import gateway.protos.catalog.v1.SearchResponse;
import gateway.protos.common.v1.Asset;
import gateway.protos.mapper.AssetMapper;
import gateway.protos.mapper.ErrorMapper;
import gateway.protos.stream.v1.Chunk;
import gateway.protos.stream.v1.FetchRequest;
import gateway.protos.stream.v1.StreamServiceGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A gateway node reduced to what the agent calls — Login, Refresh, Search, GetAsset, Fetch — served
 * by grpc-java's Netty server on an ephemeral loopback port: real wire, real bytes from real files.
 */
final class TestGateway implements AutoCloseable {
    static final String USER = "editor";
    static final String PASSWORD = "correct horse";
    static final String ACCESS = "access-1";
    static final String ACCESS_AFTER_REFRESH = "access-2";
    static final String REFRESH = "refresh-1";
    /** The tokens expire at this instant; agents in the tests run before or after it. */
    static final Instant ACCESS_EXPIRES = Instant.parse("2026-11-21T12:15:00Z");

    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final Server server;
    private final Map<String, Manifest> assets = new LinkedHashMap<>();
    private final Map<String, Path> files = new LinkedHashMap<>();
    /** Every Fetch call, as "asset-id@offset". */
    final List<String> fetchCalls = new CopyOnWriteArrayList<>();

    /** Downloads (calls without a length) of this asset stop sending at {@link #holdAtBytes} until {@link #release}. */
    private volatile String heldAsset;

    private volatile long holdAtBytes;
    private final java.util.concurrent.CompletableFuture<Void> released =
            new java.util.concurrent.CompletableFuture<>();
    /** Counted down when a held download reached {@link #holdAtBytes}. */
    final java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);

    private TestGateway(int port) throws IOException {
        ServerInterceptor auth = new BearerCheck();
        server = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create())
                .addService(new Auth())
                .addService(ServerInterceptors.intercept(new Catalog(), auth))
                .addService(ServerInterceptors.intercept(new Stream(), auth))
                .addService(ServerInterceptors.intercept(new Conform(), auth))
                .build()
                .start();
    }

    static TestGateway start() throws IOException {
        return new TestGateway(0);
    }

    /** On a given port (to start "the same node" again after {@link #close}). */
    static TestGateway start(int port) throws IOException {
        return new TestGateway(port);
    }

    int port() {
        return server.getPort();
    }

    /** Holds downloads of {@code assetId} after {@code bytes} bytes (range reads are not held). */
    void hold(String assetId, long bytes) {
        holdAtBytes = bytes;
        heldAsset = assetId;
    }

    void release() {
        heldAsset = null;
        released.complete(null);
    }

    String address() {
        return "127.0.0.1:" + server.getPort();
    }

    /**
     * Adds an asset of project {@code project} whose {@code profile} rendition is {@code file}; the
     * manifest carries the file's XXH64, or {@code claimedXxh64} when that is not null.
     */
    Manifest add(String id, String project, String originalPath, String profile, Path file, String claimedXxh64)
            throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String xxh64 = claimedXxh64 != null ? claimedXxh64 : XxHash64.hex(XxHash64.hash(bytes, 0, bytes.length, 0));
        Manifest m = new Manifest(
                Manifest.SCHEMA_VERSION,
                3,
                new AssetId(id),
                new ProjectId(project),
                Path.of(originalPath).getFileName().toString().replaceFirst("\\.[^.]*$", ""),
                originalPath,
                new MediaInfo(
                        originalPath,
                        "mov",
                        FrameRate.FPS_24,
                        240,
                        null,
                        null,
                        new VideoInfo("prores", 1920, 1080),
                        List.of(),
                        false,
                        null,
                        List.of()),
                new Checksums("0011223344556677", ""),
                List.of(new Rendition(
                        profile,
                        "proxy/" + profile + ".mov",
                        "video/quicktime",
                        bytes.length,
                        new Checksums(xxh64, ""))),
                Map.of(),
                Instant.parse("2026-11-20T10:00:00Z"));
        assets.put(id, m);
        files.put(id + "/" + profile, file);
        return m;
    }

    @Override
    public void close() {
        try {
            server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Tokens tokens(String access) {
        return Tokens.newBuilder()
                .setAccessToken(access)
                .setAccessExpiresAt(AssetMapper.toProto(ACCESS_EXPIRES))
                .setRefreshToken(REFRESH)
                .setSubject(USER)
                .addProjects("feature_01")
                .build();
    }

    private static void fail(StreamObserver<?> out, GatewayException e) {
        out.onError(ErrorMapper.toStatusException(e));
    }

    /** Lets a call through only with a token this server issued. */
    private static final class BearerCheck implements ServerInterceptor {
        private static final Set<String> VALID = Set.of("Bearer " + ACCESS, "Bearer " + ACCESS_AFTER_REFRESH);

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(
                ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            if (!VALID.contains(headers.get(AUTHORIZATION))) {
                var status = ErrorMapper.toStatusException(
                        new GatewayException(Reason.UNAUTHENTICATED, "no valid bearer token on the call"));
                call.close(status.getStatus(), status.getTrailers());
                return new ServerCall.Listener<>() {};
            }
            return next.startCall(call, headers);
        }
    }

    private static final class Auth extends AuthServiceGrpc.AuthServiceImplBase {
        @Override
        public void login(LoginRequest request, StreamObserver<Tokens> out) {
            if (!request.getUsername().equals(USER) || !request.getPassword().equals(PASSWORD)) {
                fail(out, new GatewayException(Reason.UNAUTHENTICATED, "user name or password is wrong"));
                return;
            }
            out.onNext(tokens(ACCESS));
            out.onCompleted();
        }

        @Override
        public void refresh(RefreshRequest request, StreamObserver<Tokens> out) {
            if (!request.getRefreshToken().equals(REFRESH)) {
                fail(out, new GatewayException(Reason.UNAUTHENTICATED, "refresh token is not valid"));
                return;
            }
            out.onNext(tokens(ACCESS_AFTER_REFRESH));
            out.onCompleted();
        }
    }

    private final class Catalog extends CatalogServiceGrpc.CatalogServiceImplBase {
        @Override
        public void search(SearchRequest request, StreamObserver<SearchResponse> out) {
            SearchResponse.Builder response = SearchResponse.newBuilder();
            for (Manifest m : assets.values()) {
                boolean inProject = request.getProjectsList().isEmpty()
                        || request.getProjectsList().contains(m.project().value());
                boolean matches = request.getQuery().isEmpty() || m.name().contains(request.getQuery());
                if (inProject && matches) {
                    response.addHits(AssetMapper.toSearchHit(m, 1.0f));
                }
            }
            out.onNext(response.setTotalHits(response.getHitsCount()).build());
            out.onCompleted();
        }

        @Override
        public void getAsset(GetAssetRequest request, StreamObserver<Asset> out) {
            Manifest m = assets.get(request.getAssetId());
            if (m == null) {
                fail(
                        out,
                        GatewayException.notFound(
                                "asset " + request.getAssetId() + " is not in any project you can read"));
                return;
            }
            out.onNext(AssetMapper.toProto(m));
            out.onCompleted();
        }
    }

    /** Every Conform call, as "project:file name:handles". */
    final List<String> conformCalls = new CopyOnWriteArrayList<>();

    /**
     * A conform that counts the edit's lines naming a reel of a known asset as matched, the others
     * as unmatched, and answers a report in JSON and HTML; an edit holding "FAIL" is refused.
     */
    private final class Conform extends gateway.protos.conform.v1.ConformServiceGrpc.ConformServiceImplBase {
        @Override
        public void conform(
                gateway.protos.conform.v1.ConformRequest request,
                StreamObserver<gateway.protos.conform.v1.ConformResponse> out) {
            conformCalls.add(request.getProject() + ":" + request.getEditFileName() + ":" + request.getHandlesFrames());
            String edit = request.getEditContent().toStringUtf8();
            if (edit.contains("FAIL")) {
                fail(
                        out,
                        new GatewayException(Reason.PARSE_ERROR, request.getEditFileName() + " line 2: not an event"));
                return;
            }
            int events = 0;
            int matched = 0;
            for (String line : edit.split("\n")) {
                if (line.matches("^\\d{3}\\s+.*")) {
                    events++;
                    String reel = line.split("\\s+")[1];
                    matched += assets.values().stream()
                                    .anyMatch(m -> m.originalPath().contains("/" + reel + "/"))
                            ? 1
                            : 0;
                }
            }
            out.onNext(gateway.protos.conform.v1.ConformResponse.newBuilder()
                    .setReportJson("{\"events\": " + events + "}")
                    .setReportHtml("<html><body>" + matched + " of " + events + " matched</body></html>")
                    .setConformedFileName(request.getEditFileName())
                    .setConformedTimeline(ByteString.copyFromUtf8(edit))
                    .setTotals(gateway.protos.conform.v1.ConformTotals.newBuilder()
                            .setEvents(events)
                            .setMatched(matched)
                            .setUnmatched(events - matched))
                    .build());
            out.onCompleted();
        }
    }

    /** Serves a rendition file from an offset in 64 KiB chunks, sending only while the client is ready. */
    private final class Stream extends StreamServiceGrpc.StreamServiceImplBase {
        private static final int CHUNK_BYTES = 64 * 1024;

        @Override
        public void fetch(FetchRequest request, StreamObserver<Chunk> observer) {
            fetchCalls.add(request.getAssetId() + "@" + request.getOffsetBytes());
            Path file = files.get(request.getAssetId() + "/" + request.getProfile());
            if (file == null) {
                fail(
                        observer,
                        GatewayException.notFound(
                                "no rendition " + request.getProfile() + " of asset " + request.getAssetId()));
                return;
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                fail(observer, GatewayException.io("cannot read " + file, e));
                return;
            }
            if (request.getOffsetBytes() > bytes.length) {
                fail(observer, new GatewayException(Reason.OUT_OF_RANGE, "offset past the end"));
                return;
            }
            var out = (ServerCallStreamObserver<Chunk>) observer;
            long[] next = {request.getOffsetBytes()};
            long end = request.getLengthBytes() == 0
                    ? bytes.length
                    : Math.min(bytes.length, request.getOffsetBytes() + request.getLengthBytes());
            boolean held = request.getAssetId().equals(heldAsset) && request.getLengthBytes() == 0;
            boolean[] done = {false};
            boolean[] waiting = {false};
            Runnable[] onReady = {null};
            onReady[0] = () -> {
                while (out.isReady() && !done[0] && !out.isCancelled()) {
                    if (held && !released.isDone() && next[0] >= holdAtBytes) {
                        if (!waiting[0]) {
                            waiting[0] = true;
                            holding.countDown();
                            released.thenRun(() -> {
                                synchronized (out) {
                                    onReady[0].run();
                                }
                            });
                        }
                        return;
                    }
                    if (next[0] >= end) {
                        done[0] = true;
                        out.onCompleted();
                        return;
                    }
                    int offset = (int) next[0];
                    int length = (int) Math.min(CHUNK_BYTES, end - offset);
                    out.onNext(Chunk.newBuilder()
                            .setOffsetBytes(offset)
                            .setData(ByteString.copyFrom(bytes, offset, length))
                            .setXxh64(XxHash64.hash(bytes, offset, length, 0))
                            .setTotalSizeBytes(bytes.length)
                            .build());
                    next[0] += length;
                }
            };
            out.setOnReadyHandler(() -> {
                synchronized (out) {
                    onReady[0].run();
                }
            });
        }
    }
}
