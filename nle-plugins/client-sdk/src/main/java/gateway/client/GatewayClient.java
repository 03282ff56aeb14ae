package gateway.client;

import com.google.protobuf.ByteString;
import gateway.model.asset.AssetId;
import gateway.model.asset.Manifest;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.error.RetriableGatewayException;
import gateway.protos.auth.v1.AuthServiceGrpc;
import gateway.protos.auth.v1.ExchangeApiKeyRequest;
import gateway.protos.auth.v1.LoginRequest;
import gateway.protos.auth.v1.RefreshRequest;
import gateway.protos.auth.v1.Tokens;
import gateway.protos.catalog.v1.CatalogServiceGrpc;
import gateway.protos.catalog.v1.GetAssetRequest;
import gateway.protos.catalog.v1.ListProjectsRequest;
import gateway.protos.catalog.v1.SearchRequest;
import gateway.protos.catalog.v1.SuggestRequest;
import gateway.protos.conform.v1.ConformProgress;
import gateway.protos.conform.v1.ConformRequest;
import gateway.protos.conform.v1.ConformServiceGrpc;
import gateway.protos.conform.v1.WatchConformRequest;
import gateway.protos.ingest.v1.IngestRequest;
import gateway.protos.ingest.v1.IngestServiceGrpc;
import gateway.protos.ingest.v1.JobProgress;
import gateway.protos.ingest.v1.WatchJobsRequest;
import gateway.protos.mapper.AssetMapper;
import gateway.protos.mapper.ErrorMapper;
import gateway.protos.mapper.TimeMapper;
import gateway.protos.stream.v1.Chunk;
import gateway.protos.stream.v1.FetchRequest;
import gateway.protos.stream.v1.StreamServiceGrpc;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptors;
import io.grpc.Context;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractStub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A connection to one gateway node. Every call carries the current access token; every unary
 * call has the configured deadline; every failure is a {@link GatewayException} with the reason
 * the server gave (or the one its status code means). Thread-safe: one client serves a whole agent.
 */
public final class GatewayClient implements AutoCloseable {
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    private final ManagedChannel channel;
    private final ManagedChannel downloads;
    private final ClientOptions options;
    private final BearerToken token;
    private final Channel authenticated;
    private final Channel authenticatedDownloads;
    private volatile Credentials credentials;

    /** One channel for every call (in-process tests). */
    GatewayClient(ManagedChannel channel, ClientOptions options) {
        this(channel, channel, options);
    }

    /**
     * @param channel every call but {@link #fetch}: grpc-java's default flow-control window (1 MiB,
     *     auto-tuned), so seeks, playback and answers arrive without waiting for window updates
     * @param downloads {@link #fetch}'s calls: a window of {@link ClientOptions#fetchWindowBytes()},
     *     so that a link that drops mid-download has had at most one chunk in flight
     */
    GatewayClient(ManagedChannel channel, ManagedChannel downloads, ClientOptions options) {
        this.channel = channel;
        this.downloads = downloads;
        this.options = options;
        this.token = new BearerToken(options.bearerToken());
        this.authenticated = ClientInterceptors.intercept(channel, token);
        this.authenticatedDownloads = ClientInterceptors.intercept(downloads, token);
    }

    /** Connects to {@code host:port}, over TLS when {@code options} name a trusted certificate. */
    public static GatewayClient connect(String host, int port, ClientOptions options) {
        if (host == null || host.isBlank()) {
            throw GatewayException.invalid("gateway host is empty");
        }
        if (port < 1 || port > 65_535) {
            throw GatewayException.invalid("gateway port " + port + " is not 1-65535");
        }
        // Netty's builder directly, not Grpc.newChannelBuilderForAddress: that one asks the channel
        // registry, whose ServiceLoader scan of every jar and Unix-socket provider check cost a
        // short-lived command line ~0.1 s before the first call. The channel is the same (Netty).
        ChannelCredentials credentials = credentials(options);
        ManagedChannel channel = NettyChannelBuilder.forAddress(host, port, credentials)
                .maxInboundMessageSize(options.maxInboundMessageBytes())
                .build();
        // Downloads on a connection of their own (opened at the first fetch) with a fixed window of
        // one chunk plus headroom: the node sends a chunk only when the window has room for it, so a
        // link that drops has had at most one chunk in flight, which the resumed fetch asks for again.
        // grpc-java's default (1 MiB, grown by its bandwidth-delay probe) let three 256 KiB chunks be
        // lost per drop. The window also caps a download at one window per round trip: a link whose
        // bandwidth-delay product is larger wants a larger chunk size (ClientOptions.chunkSizeBytes).
        ManagedChannel downloads = NettyChannelBuilder.forAddress(host, port, credentials)
                .maxInboundMessageSize(options.maxInboundMessageBytes())
                .initialFlowControlWindow(options.fetchWindowBytes())
                .build();
        return new GatewayClient(channel, downloads, options);
    }

    private static ChannelCredentials credentials(ClientOptions options) {
        if (!options.usesTls()) {
            return InsecureChannelCredentials.create();
        }
        Path pem = options.trustedCertificate();
        try {
            return TlsChannelCredentials.newBuilder().trustManager(pem.toFile()).build();
        } catch (IOException | IllegalArgumentException e) {
            throw GatewayException.invalid(
                    "cannot use " + pem + " as the trusted certificate (a PEM file is expected): " + e.getMessage());
        }
    }

    /** Logs in as a person; later calls carry the new access token. */
    public Session login(String username, String password) {
        requireText(username, "user name");
        requireText(password, "password");
        LoginRequest request = LoginRequest.newBuilder()
                .setUsername(username)
                .setPassword(password)
                .build();
        return keep(unary("Login", () -> deadlined(AuthServiceGrpc.newBlockingStub(authenticated))
                .login(request)));
    }

    /** Logs in as a machine with an API key; later calls carry the new access token. */
    public Session loginWithApiKey(String apiKey) {
        requireText(apiKey, "API key");
        ExchangeApiKeyRequest request =
                ExchangeApiKeyRequest.newBuilder().setApiKey(apiKey).build();
        return keep(unary("ExchangeApiKey", () -> deadlined(AuthServiceGrpc.newBlockingStub(authenticated))
                .exchangeApiKey(request)));
    }

    /** Swaps the refresh token of the last login for new tokens. */
    public Session refresh() {
        Credentials current = credentials;
        if (current == null || current.refreshToken() == null) {
            throw new GatewayException(Reason.FAILED_PRECONDITION, "no refresh token: log in before refreshing");
        }
        return refresh(current.refreshToken());
    }

    /**
     * Swaps {@code refreshToken} (kept from an earlier run, see {@link #credentials()}) for new
     * tokens; later calls carry the new access token.
     */
    public Session refresh(String refreshToken) {
        requireText(refreshToken, "refresh token");
        RefreshRequest request =
                RefreshRequest.newBuilder().setRefreshToken(refreshToken).build();
        return keep(unary("Refresh", () -> deadlined(AuthServiceGrpc.newBlockingStub(authenticated))
                .refresh(request)));
    }

    /** The first page of {@code query} in {@code project} (null or empty: every readable project). */
    public SearchResult search(String query, String project, int pageSize) {
        return search(SearchQuery.of(query, project, pageSize));
    }

    public SearchResult search(SearchQuery query) {
        SearchRequest request = SearchRequest.newBuilder()
                .setQuery(query.text())
                .addAllProjects(query.projects())
                .setPageSize(query.pageSize())
                .setPageToken(query.pageToken())
                .addAllFacetFields(query.facetFields())
                .build();
        return SearchResult.of(unary("Search", () -> deadlined(CatalogServiceGrpc.newBlockingStub(authenticated))
                .search(request)));
    }

    /** The frame → byte-range map of a fragmented rendition ("stream-hi", "stream-lo", "scrub"). */
    public FragmentMap fragmentIndex(String assetId, String profile) {
        gateway.protos.stream.v1.GetFragmentIndexRequest request =
                gateway.protos.stream.v1.GetFragmentIndexRequest.newBuilder()
                        .setAssetId(new AssetId(assetId).value())
                        .setProfile(profile)
                        .build();
        gateway.protos.stream.v1.FragmentIndex r =
                unary("GetFragmentIndex", () -> deadlined(StreamServiceGrpc.newBlockingStub(authenticated))
                        .getFragmentIndex(request));
        return FragmentMap.of(r);
    }

    /**
     * Opens a playback session on rendition {@code profile} ("stream-hi", "stream-lo") of an asset.
     * The server answers with the fragment index, then the init segment and fragments by priority;
     * {@code listener} hears each verified piece on gRPC's thread. Close the session to stop it.
     */
    public Playback watch(String assetId, String profile, Playback.Listener listener) {
        return watch(assetId, profile, Playback.SeekPreview.NONE, listener);
    }

    /**
     * As {@link #watch(String, String, Playback.Listener)}; with {@link Playback.SeekPreview#SCRUB}
     * every seek is answered first with the all-intra scrub frame holding the target ({@link
     * Playback.Listener#onPreviewChunk}, {@link Playback.Listener#onPreviewDone}): a picture to show
     * after about one round trip, before the watched rendition's fragment.
     */
    public Playback watch(String assetId, String profile, Playback.SeekPreview preview, Playback.Listener listener) {
        return watch(assetId, profile, preview, 0, listener);
    }

    /**
     * As {@link #watch(String, String, Playback.SeekPreview, Playback.Listener)}, telling the server
     * how fast the link delivers ({@code linkBytesPerSecond}, e.g. measured by earlier downloads; 0:
     * unknown). A session on "stream-hi" whose link cannot carry a stream-hi fragment within the
     * server's seek budget starts on "stream-lo" ({@link Playback.Listener#onRenditionChanged}, then
     * {@link Playback.Listener#onIndex}) and moves up when the server measures that it can.
     */
    public Playback watch(
            String assetId,
            String profile,
            Playback.SeekPreview preview,
            long linkBytesPerSecond,
            Playback.Listener listener) {
        new AssetId(assetId);
        requireText(profile, "rendition profile");
        if (linkBytesPerSecond < 0) {
            throw GatewayException.invalid("link estimate " + linkBytesPerSecond + " bytes/s is negative");
        }
        return Playback.open(
                StreamServiceGrpc.newStub(authenticated), assetId, profile, preview, linkBytesPerSecond, listener);
    }

    /** The asset's thumbnails in frame order; the call has the unary deadline of the options. */
    public List<Thumbnail> thumbnails(String assetId) {
        gateway.protos.stream.v1.GetThumbnailsRequest request =
                gateway.protos.stream.v1.GetThumbnailsRequest.newBuilder()
                        .setAssetId(new AssetId(assetId).value())
                        .build();
        List<Thumbnail> all = new java.util.ArrayList<>();
        Context.CancellableContext call = Context.current().withCancellation();
        try {
            call.run(() -> deadlined(StreamServiceGrpc.newBlockingStub(authenticated))
                    .getThumbnails(request)
                    .forEachRemaining(t -> all.add(Thumbnail.of(t))));
        } catch (StatusRuntimeException e) {
            throw ErrorMapper.fromThrowable(e, "GetThumbnails");
        } finally {
            call.cancel(null);
        }
        return all;
    }

    /** The asset's audio waveform: min/max peaks per channel. */
    public WaveformPeaks waveform(String assetId) {
        gateway.protos.stream.v1.GetWaveformRequest request = gateway.protos.stream.v1.GetWaveformRequest.newBuilder()
                .setAssetId(new AssetId(assetId).value())
                .build();
        return WaveformPeaks.of(unary("GetWaveform", () -> deadlined(StreamServiceGrpc.newBlockingStub(authenticated))
                .getWaveform(request)));
    }

    /** The asset's manifest as the server knows it. */
    public Manifest getAsset(String assetId) {
        GetAssetRequest request = GetAssetRequest.newBuilder()
                .setAssetId(new AssetId(assetId).value())
                .build();
        return AssetMapper.fromProto(
                unary("GetAsset", () -> deadlined(CatalogServiceGrpc.newBlockingStub(authenticated))
                        .getAsset(request)));
    }

    /**
     * Completions of what the user is typing (clip names, reels, tags), alphabetical, from the
     * projects the caller may read (or from {@code project} when not null).
     */
    public List<String> suggest(String prefix, String project, int max) {
        SuggestRequest.Builder request =
                SuggestRequest.newBuilder().setPrefix(prefix).setMaxSuggestions(max);
        if (project != null) {
            request.addProjects(project);
        }
        return unary("Suggest", () -> deadlined(CatalogServiceGrpc.newBlockingStub(authenticated))
                        .suggest(request.build()))
                .getSuggestionsList();
    }

    /** The projects the caller may read. */
    public List<ProjectSummary> listProjects() {
        return unary("ListProjects", () -> deadlined(CatalogServiceGrpc.newBlockingStub(authenticated))
                        .listProjects(ListProjectsRequest.getDefaultInstance()))
                .getProjectsList()
                .stream()
                .map(ProjectSummary::of)
                .toList();
    }

    /**
     * Downloads rendition {@code profile} of an asset into {@code target}. Bytes arrive in
     * {@code <target>.part}; an earlier interrupted fetch is resumed from that file's size; every
     * chunk's offset and XXH64 are checked before it is written; retriable failures are retried
     * from the last verified byte; the complete file is synced and renamed onto {@code target}.
     */
    public FetchResult fetch(String assetId, String profile, Path target) {
        new AssetId(assetId);
        requireText(profile, "rendition profile");
        return new RenditionFetch(
                        StreamServiceGrpc.newBlockingStub(authenticatedDownloads),
                        options,
                        downloads::resetConnectBackoff)
                .fetch(assetId, profile, target);
    }

    /**
     * Reads bytes {@code [offsetBytes, offsetBytes + lengthBytes)} of rendition {@code profile}
     * ({@code lengthBytes} 0: to the end) in one streamed call, handing each piece to {@code sink}
     * as it arrives, in order; every piece's offset is checked (a gap or overlap is CORRUPT). No
     * retry and nothing written: for players and measurements that keep the bytes themselves (a
     * download to a file is {@link #fetch}).
     */
    public void readRange(String assetId, String profile, long offsetBytes, long lengthBytes, RangeSink sink) {
        new AssetId(assetId);
        requireText(profile, "rendition profile");
        if (offsetBytes < 0 || lengthBytes < 0) {
            throw GatewayException.invalid(
                    "a byte range starts and lasts at least 0 bytes, not " + offsetBytes + " + " + lengthBytes);
        }
        String source = "Fetch " + assetId + "/" + profile;
        FetchRequest request = FetchRequest.newBuilder()
                .setAssetId(assetId)
                .setProfile(profile)
                .setOffsetBytes(offsetBytes)
                .setLengthBytes(lengthBytes)
                .build();
        Context.CancellableContext call = Context.current().withCancellation();
        try {
            call.run(() -> {
                long expected = offsetBytes;
                Iterator<Chunk> chunks =
                        StreamServiceGrpc.newBlockingStub(authenticated).fetch(request);
                while (chunks.hasNext()) {
                    Chunk c = chunks.next();
                    if (c.getOffsetBytes() != expected) {
                        throw new GatewayException(
                                Reason.CORRUPT,
                                source + ": a piece at byte " + c.getOffsetBytes() + " where " + expected
                                        + " was expected");
                    }
                    expected += c.getData().size();
                    sink.accept(c.getOffsetBytes(), c.getData().asReadOnlyByteBuffer());
                }
            });
        } catch (StatusRuntimeException e) {
            throw ErrorMapper.fromThrowable(e, source);
        } finally {
            call.cancel(null); // stops the server when the sink leaves early
        }
    }

    /** Queues ingest of files or folders (paths on the gateway's storage) into {@code project}. */
    public List<IngestJob> ingest(List<String> paths, String project, boolean copy) {
        if (paths == null || paths.isEmpty()) {
            throw GatewayException.invalid("ingest needs at least one path");
        }
        IngestRequest request = IngestRequest.newBuilder()
                .addAllPaths(paths)
                .setProject(AssetMapper.project(project, "project").value())
                .setCopy(copy)
                .build();
        return unary("Ingest", () -> deadlined(IngestServiceGrpc.newBlockingStub(authenticated))
                        .ingest(request))
                .getJobsList()
                .stream()
                .map(j -> new IngestJob(j.getJobId(), j.getPath()))
                .toList();
    }

    /**
     * Follows the jobs until the server ends the stream (every job final), passing each report to
     * {@code onUpdate} on the calling thread. Returns each job's last report, in first-seen order.
     */
    public Map<String, JobUpdate> watchJobs(List<String> jobIds, Consumer<JobUpdate> onUpdate) {
        WatchJobsRequest request =
                WatchJobsRequest.newBuilder().addAllJobIds(jobIds).build();
        Map<String, JobUpdate> last = new LinkedHashMap<>();
        Context.CancellableContext call = Context.current().withCancellation();
        try {
            call.run(() -> {
                Iterator<JobProgress> progress =
                        IngestServiceGrpc.newBlockingStub(authenticated).watchJobs(request);
                while (progress.hasNext()) {
                    JobUpdate update = JobUpdate.of(progress.next());
                    last.put(update.jobId(), update);
                    onUpdate.accept(update);
                }
            });
        } catch (StatusRuntimeException e) {
            throw ErrorMapper.fromThrowable(e, "WatchJobs");
        } finally {
            call.cancel(null);
        }
        return last;
    }

    /**
     * Follows a conform's follow-up work (consolidate, render) on the node that answered the
     * conform, passing each report to {@code onStep} on the calling thread; returns the final one.
     */
    public ConformStep watchConform(String conformId, Consumer<ConformStep> onStep) {
        WatchConformRequest request =
                WatchConformRequest.newBuilder().setConformId(conformId).build();
        ConformStep[] last = {null};
        Context.CancellableContext call = Context.current().withCancellation();
        try {
            call.run(() -> {
                Iterator<ConformProgress> progress =
                        ConformServiceGrpc.newBlockingStub(authenticated).watchConform(request);
                while (progress.hasNext()) {
                    last[0] = ConformStep.of(progress.next());
                    onStep.accept(last[0]);
                }
            });
        } catch (StatusRuntimeException e) {
            throw ErrorMapper.fromThrowable(e, "WatchConform");
        } finally {
            call.cancel(null);
        }
        if (last[0] == null || !last[0].isFinal()) {
            throw new RetriableGatewayException(
                    gateway.model.error.Reason.UNAVAILABLE,
                    "the progress stream of conform " + conformId + " ended before the work did");
        }
        return last[0];
    }

    /** Conforms the edit file against {@code project}'s catalogue. */
    public ConformResult conform(Path edit, String project, ConformOptions conformOptions) {
        byte[] content;
        try {
            content = Files.readAllBytes(edit);
        } catch (IOException e) {
            throw GatewayException.io("cannot read edit " + edit + ": " + e.getMessage(), e);
        }
        ConformRequest.Builder request = ConformRequest.newBuilder()
                .setEditFileName(edit.getFileName().toString())
                .setEditContent(ByteString.copyFrom(content))
                .setFormat(EditFormat.toProto(conformOptions.format()))
                .setProject(AssetMapper.project(project, "project").value())
                .setStrict(conformOptions.strict())
                .setHandlesFrames(conformOptions.handlesFrames())
                .setToFormat(EditFormat.toProto(conformOptions.toFormat()))
                .setConsolidate(conformOptions.consolidate())
                .setRender(conformOptions.renderCodec() != null)
                .setRenderCodec(conformOptions.renderCodec() == null ? "" : conformOptions.renderCodec())
                .setRenderAnyway(conformOptions.renderAnyway())
                .setStatusMarkers(conformOptions.statusMarkers())
                .setQcReference(conformOptions.qcReference() == null ? "" : conformOptions.qcReference())
                .setQcSearchFrames(conformOptions.qcSearchFrames())
                .setPlanOnly(conformOptions.planOnly());
        if (conformOptions.rate() != null) {
            request.setRate(TimeMapper.toProto(conformOptions.rate()));
        }
        Duration deadline = options.conformDeadline();
        return ConformResult.of(unary("Conform", () -> ConformServiceGrpc.newBlockingStub(authenticated)
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .conform(request.build())));
    }

    /** Stops the channels: in-flight calls get a few seconds, then are cancelled. */
    @Override
    public void close() {
        channel.shutdown();
        downloads.shutdown();
        try {
            long deadline = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
            for (ManagedChannel c : downloads == channel ? List.of(channel) : List.of(channel, downloads)) {
                if (!c.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    c.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            downloads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The tokens of the last login or refresh through this client, for a program that keeps them
     * between runs; FAILED_PRECONDITION before any.
     */
    public Credentials credentials() {
        Credentials current = credentials;
        if (current == null) {
            throw new GatewayException(
                    Reason.FAILED_PRECONDITION, "no credentials: this client has not logged in or refreshed");
        }
        return current;
    }

    private Session keep(Tokens tokens) {
        token.set(tokens.getAccessToken());
        credentials = Credentials.of(tokens);
        return Session.of(tokens);
    }

    private <S extends AbstractStub<S>> S deadlined(S stub) {
        return stub.withDeadlineAfter(options.unaryDeadline().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static <T> T unary(String call, Supplier<T> rpc) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            throw ErrorMapper.fromThrowable(e, call);
        }
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw GatewayException.invalid(what + " is empty");
        }
    }
}
