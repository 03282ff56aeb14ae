package gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.client.ClientOptions;
import gateway.client.FetchResult;
import gateway.client.FragmentMap;
import gateway.client.GatewayClient;
import gateway.client.IngestJob;
import gateway.client.JobState;
import gateway.client.JobUpdate;
import gateway.client.Playback;
import gateway.client.Thumbnail;
import gateway.client.WaveformPeaks;
import gateway.model.asset.Manifest;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.time.TimeRange;
import gateway.protos.auth.v1.AuthServiceGrpc;
import gateway.protos.auth.v1.LoginRequest;
import gateway.protos.mapper.TimeMapper;
import gateway.protos.stream.v1.Chunk;
import gateway.protos.stream.v1.FetchRequest;
import gateway.protos.stream.v1.Open;
import gateway.protos.stream.v1.Play;
import gateway.protos.stream.v1.Prefetch;
import gateway.protos.stream.v1.Seek;
import gateway.protos.stream.v1.StreamServiceGrpc;
import gateway.protos.stream.v1.WatchRequest;
import gateway.protos.stream.v1.WatchResponse;
import gateway.proxy.progress.ProgressListener;
import gateway.proxy.samples.SampleOriginals;
import gateway.proxy.samples.SampleSpec;
import gateway.server.GatewayNode;
import gateway.server.auth.AuditLog;
import gateway.server.auth.Role;
import gateway.server.config.GatewayConfig;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Playback and stills on a real node over TLS (its self-signed certificate, ephemeral ports): a seek overtakes prefetch, a reader that stops
 * holds the server at its flow-control window, interrupted fetches resume byte-exact, and
 * thumbnails and waveforms are served only to the asset's project.
 */
class StreamWatchIT {
    private static final String PROJECT = "watch";
    private static final int CHUNK = 64 * 1024;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    static GatewayNode node;
    static GatewayClient client;
    static String assetId;
    static Path streamHi;
    static FragmentMap index;
    static String token;
    static Path trust;

    @BeforeAll
    static void start() throws Exception {
        GatewayConfig config = GatewayConfig.standalone(dir.resolve("store"), "watch");
        node = GatewayNode.start(config, line -> {});
        trust = node.trustFile().orElseThrow();
        node.users().put("ed", "s3cret-pass", Map.of(new ProjectId(PROJECT), Role.ASSISTANT));
        node.users().put("other", "other-pass", Map.of(new ProjectId("elsewhere"), Role.ADMIN));
        client = GatewayClient.connect(
                "127.0.0.1", node.grpcPort(), ClientOptions.tls(trust).withChunkSizeBytes(CHUNK));
        client.login("ed", "s3cret-pass");
        // 10 s of noisy picture: stream-hi is about 3 MB in ten 1 s fragments of several chunks each.
        Path original = dir.resolve("originals").resolve("A002C007.mov");
        Files.createDirectories(original.getParent());
        new SampleOriginals()
                .generate(
                        SampleSpec.proresHq1080p25()
                                .withDurationFrames(250)
                                .withSize(640, 360)
                                .withNoise(true),
                        original,
                        ProgressListener.NONE);
        List<IngestJob> jobs = client.ingest(List.of(original.toString()), PROJECT, false);
        JobUpdate done = client.watchJobs(List.of(jobs.get(0).jobId()), u -> {})
                .get(jobs.get(0).jobId());
        assertEquals(JobState.DONE, done.state(), () -> done.errorReason() + ": " + done.errorMessage());
        assetId = done.assetId();
        Manifest m = client.getAsset(assetId);
        streamHi = node.store()
                .assetDir(m.project(), m.assetId())
                .resolve(m.rendition("stream-hi").orElseThrow().path());
        index = client.fragmentIndex(assetId, "stream-hi");
        ManagedChannel tlsChannel = NettyChannelBuilder.forAddress("127.0.0.1", node.grpcPort(), credentials())
                .build();
        try {
            token = AuthServiceGrpc.newBlockingStub(tlsChannel)
                    .login(LoginRequest.newBuilder()
                            .setUsername("ed")
                            .setPassword("s3cret-pass")
                            .build())
                    .getAccessToken();
        } finally {
            tlsChannel.shutdownNow();
        }
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aSeekOvertakesPrefetchAndItsBytesAreTheFilesBytes() throws Exception {
        assertTrue(
                index.fragments().size() >= 8, "fragments: " + index.fragments().size());
        FragmentMap.Fragment target = index.fragments().get(index.fragments().size() - 1);
        byte[] file = Files.readAllBytes(streamHi);
        ManagedChannel channel = channel(CHUNK);
        try {
            RawWatch watch = RawWatch.start(channel);
            watch.send(WatchRequest.newBuilder()
                    .setOpen(Open.newBuilder().setAssetId(assetId).setProfile("stream-hi"))
                    .build());
            watch.send(WatchRequest.newBuilder()
                    .setPrefetch(Prefetch.newBuilder()
                            .addRanges(TimeMapper.toProto(TimeRange.of(RationalTime.of(0, index.rate()), 250))))
                    .build());
            // Read one message at a time until prefetch is inside fragment 1, then stop reading.
            while (true) {
                WatchResponse r = watch.take();
                if (r.hasChunk()
                        && r.getChunk().getFragmentStartFrame()
                                == index.fragments().get(1).startFrame()) {
                    break;
                }
            }
            int before = watch.received.size();
            watch.send(WatchRequest.newBuilder()
                    .setSeek(Seek.newBuilder()
                            .setTo(TimeMapper.toProto(RationalTime.of(target.startFrame() + 3, index.rate()))))
                    .build());
            // Read on until the sought fragment is done.
            while (true) {
                WatchResponse r = watch.take();
                if (r.hasFragmentDone() && r.getFragmentDone().getStartFrame() == target.startFrame()) {
                    break;
                }
            }
            List<WatchResponse> after = watch.received.subList(before, watch.received.size());
            int first = -1;
            for (int i = 0; i < after.size(); i++) {
                if (after.get(i).hasChunk() && after.get(i).getChunk().getFragmentStartFrame() == target.startFrame()) {
                    first = i;
                    break;
                }
            }
            assertTrue(first >= 0, "the sought fragment arrived");
            // Only what the window held when the seek was sent may come before it: 64 KiB window, one
            // queued chunk, one batch.
            long staleChunks = after.subList(0, first).stream()
                    .filter(WatchResponse::hasChunk)
                    .count();
            assertTrue(staleChunks <= 6, staleChunks + " stale chunks before the sought fragment");
            // From its first chunk to its FragmentDone: only its bytes, in order, equal to the file's.
            long expected = target.offsetBytes();
            for (WatchResponse r : after.subList(first, after.size() - 1)) {
                assertTrue(r.hasChunk(), "nothing but the sought fragment's chunks until it is done: " + r);
                assertEquals(target.startFrame(), r.getChunk().getFragmentStartFrame());
                assertEquals(expected, r.getChunk().getOffsetBytes());
                byte[] data = r.getChunk().getData().toByteArray();
                assertTrue(data.length <= CHUNK);
                assertArrayEquals(
                        Arrays.copyOfRange(file, (int) expected, (int) expected + data.length),
                        data,
                        "bytes at " + expected);
                expected += data.length;
            }
            assertEquals(target.offsetBytes() + target.lengthBytes(), expected, "the whole fragment");
            // The last fragment overtook earlier prefetch: some earlier fragments are still to come.
            long doneEarlier = watch.received.stream()
                    .filter(WatchResponse::hasFragmentDone)
                    .filter(r -> r.getFragmentDone().getStartFrame() >= 0
                            && r.getFragmentDone().getStartFrame() < target.startFrame())
                    .count();
            assertTrue(
                    doneEarlier < index.fragments().size() - 2,
                    doneEarlier + " earlier fragments done before the seek was served");
            // Prefetch resumes after it and completes every remaining fragment once.
            List<Long> doneAfter = new ArrayList<>();
            while (doneEarlier + doneAfter.size() < index.fragments().size() - 1) {
                WatchResponse r = watch.take();
                if (r.hasFragmentDone()) {
                    doneAfter.add(r.getFragmentDone().getStartFrame());
                }
            }
            assertFalse(doneAfter.contains(target.startFrame()), "the sought fragment is not sent twice");
            watch.cancel();
        } finally {
            channel.shutdownNow();
        }
    }

    /**
     * Picture first: after a seek, the scrub rendition's init segment (once) and the scrub fragment
     * holding the target come before any other fragment byte, then the watched rendition's fragment;
     * every byte equals its file's bytes. The session holds every stream-hi fragment already (its
     * cache), so nothing but the seek is wanted and the order is exact.
     */
    @Test
    void aPictureFirstSeekSendsTheScrubFrameBeforeTheFragment() throws Exception {
        Manifest m = client.getAsset(assetId);
        byte[] hi = Files.readAllBytes(streamHi);
        byte[] scrub = Files.readAllBytes(node.store()
                .assetDir(m.project(), m.assetId())
                .resolve(m.rendition("scrub").orElseThrow().path()));
        FragmentMap scrubIndex = client.fragmentIndex(assetId, "scrub");
        assertTrue(
                scrubIndex.fragments().size() > index.fragments().size(),
                "scrub has shorter fragments than stream-hi: "
                        + scrubIndex.fragments().size());
        ManagedChannel channel = channel(CHUNK);
        try {
            RawWatch watch = RawWatch.start(channel);
            Open.Builder open = Open.newBuilder()
                    .setAssetId(assetId)
                    .setProfile("stream-hi")
                    .setScrubFirst(true);
            index.fragments().forEach(f -> open.addCachedStartFrames(f.startFrame()));
            watch.send(WatchRequest.newBuilder().setOpen(open).build());
            assertTrue(watch.take().hasIndex(), "the index comes first");
            WatchResponse r;
            do {
                r = watch.take();
                assertTrue(r.hasChunk() || r.hasFragmentDone(), r.toString());
                assertEquals(
                        -1,
                        r.hasChunk()
                                ? r.getChunk().getFragmentStartFrame()
                                : r.getFragmentDone().getStartFrame());
            } while (!r.hasFragmentDone());
            assertEquals("", r.getFragmentDone().getProfile(), "stream-hi's init segment");

            boolean first = true;
            for (long frame : new long[] {index.fragments().get(6).startFrame() + 7, 31}) {
                watch.send(WatchRequest.newBuilder()
                        .setSeek(Seek.newBuilder().setTo(TimeMapper.toProto(RationalTime.of(frame, index.rate()))))
                        .build());
                if (first) {
                    expectPiece(watch, "scrub", -1, 0, scrubIndex.headerLengthBytes(), scrub);
                    first = false;
                }
                FragmentMap.Fragment picture = scrubIndex.fragmentOf(frame);
                assertTrue(picture.durationFrames() <= 2, "a scrub fragment holds a frame or two: " + picture);
                expectPiece(watch, "scrub", picture.startFrame(), picture.offsetBytes(), picture.lengthBytes(), scrub);
                FragmentMap.Fragment fragment = index.fragmentOf(frame);
                expectPiece(watch, "", fragment.startFrame(), fragment.offsetBytes(), fragment.lengthBytes(), hi);
            }
            watch.cancel();
        } finally {
            channel.shutdownNow();
        }
    }

    /**
     * Adaptation from the first fragment: a picture-first session asked for stream-hi, whose client
     * says its link needs half a second for a stream-hi fragment (beyond any seek budget), is told it
     * moved (RenditionChanged, then stream-lo's index) and gets stream-lo from its init segment and
     * first fragment on; a seek is still answered with the scrub frame of the target first, then with
     * stream-lo's fragment. Every byte is its file's.
     */
    @Test
    void aSlowClientEstimateStartsOnStreamLoAndASeekStillShowsTheScrubFrameFirst() throws Exception {
        Manifest m = client.getAsset(assetId);
        FragmentMap lo = client.fragmentIndex(assetId, "stream-lo");
        long estimate = meanFragmentBytes(index) * 2; // half a second per stream-hi fragment
        List<WatchResponse> opening = pictureFirstSession(estimate, rendition(m, "stream-lo"), lo);
        assertTrue(opening.get(0).hasRenditionChanged(), "the move is announced first: " + opening.get(0));
        assertEquals("stream-lo", opening.get(0).getRenditionChanged().getProfile());
        assertEquals(estimate, opening.get(0).getRenditionChanged().getDecidedOnBytesPerSecond());
        assertEquals(
                Files.size(rendition(m, "stream-lo")),
                opening.get(0).getRenditionChanged().getSizeBytes());
        assertTrue(opening.get(1).hasIndex(), "then stream-lo's index: " + opening.get(1));
        assertEquals("stream-lo", opening.get(1).getIndex().getProfile());
    }

    /** The same session with a client whose link carries a stream-hi fragment in a millisecond stays on stream-hi. */
    @Test
    void aFastClientEstimatePlaysStreamHiFromTheFirstFragment() throws Exception {
        Manifest m = client.getAsset(assetId);
        List<WatchResponse> opening =
                pictureFirstSession(meanFragmentBytes(index) * 1000, rendition(m, "stream-hi"), index);
        assertTrue(opening.get(0).hasIndex(), "no move, the index first: " + opening.get(0));
        assertEquals("stream-hi", opening.get(0).getIndex().getProfile());
    }

    /** The SDK carries the link estimate and hands the move over before stream-lo's index and bytes. */
    @Test
    void thePlaybackSdkReportsTheStartOnStreamLo() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> first = new CompletableFuture<>();
        try (Playback p = client.watch(
                assetId,
                "stream-hi",
                Playback.SeekPreview.SCRUB,
                meanFragmentBytes(index) * 2,
                new Playback.Listener() {
                    @Override
                    public void onRenditionChanged(String profile, long version, long sizeBytes) {
                        heard.add("changed " + profile);
                    }

                    @Override
                    public void onIndex(FragmentMap map) {
                        heard.add("index " + map.profile());
                    }

                    @Override
                    public void onFragmentDone(FragmentMap.Fragment f) {
                        if (f.startFrame() >= 0) {
                            first.complete(null);
                        }
                    }

                    @Override
                    public void onClosed(GatewayException error) {
                        first.completeExceptionally(new AssertionError("closed: " + error));
                    }
                })) {
            first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        assertEquals(List.of("changed stream-lo", "index stream-lo"), heard);
    }

    /**
     * Opens a picture-first session on stream-hi with the client's link estimate, expects the
     * rendition {@code playing} ({@code file}) to deliver its init segment and first fragment, then
     * seeks and expects the scrub init segment, the scrub frame of the target and {@code playing}'s
     * fragment of it, in that order. Returns the messages before the first chunk.
     */
    private static List<WatchResponse> pictureFirstSession(long estimate, Path file, FragmentMap playing)
            throws Exception {
        Manifest m = client.getAsset(assetId);
        byte[] bytes = Files.readAllBytes(file);
        byte[] scrub = Files.readAllBytes(rendition(m, "scrub"));
        FragmentMap scrubIndex = client.fragmentIndex(assetId, "scrub");
        ManagedChannel channel = channel(CHUNK);
        try {
            RawWatch watch = RawWatch.start(channel);
            watch.send(WatchRequest.newBuilder()
                    .setOpen(Open.newBuilder()
                            .setAssetId(assetId)
                            .setProfile("stream-hi")
                            .setScrubFirst(true)
                            .setClientBytesPerSecond(estimate))
                    .build());
            List<WatchResponse> opening = new ArrayList<>();
            WatchResponse r;
            while (!(r = watch.take()).hasIndex()) {
                opening.add(r);
            }
            opening.add(r);
            expectPiece(watch, "", -1, 0, playing.headerLengthBytes(), bytes);
            FragmentMap.Fragment first = playing.fragments().get(0);
            expectPiece(watch, "", first.startFrame(), first.offsetBytes(), first.lengthBytes(), bytes);
            long frame = 170;
            watch.send(WatchRequest.newBuilder()
                    .setSeek(Seek.newBuilder().setTo(TimeMapper.toProto(RationalTime.of(frame, playing.rate()))))
                    .build());
            expectPiece(watch, "scrub", -1, 0, scrubIndex.headerLengthBytes(), scrub);
            FragmentMap.Fragment picture = scrubIndex.fragmentOf(frame);
            expectPiece(watch, "scrub", picture.startFrame(), picture.offsetBytes(), picture.lengthBytes(), scrub);
            FragmentMap.Fragment fragment = playing.fragmentOf(frame);
            expectPiece(watch, "", fragment.startFrame(), fragment.offsetBytes(), fragment.lengthBytes(), bytes);
            watch.cancel();
            return opening;
        } finally {
            channel.shutdownNow();
        }
    }

    private static Path rendition(Manifest m, String profile) {
        return node.store()
                .assetDir(m.project(), m.assetId())
                .resolve(m.rendition(profile).orElseThrow().path());
    }

    private static long meanFragmentBytes(FragmentMap map) {
        return map.fragments().stream()
                        .mapToLong(FragmentMap.Fragment::lengthBytes)
                        .sum()
                / map.fragments().size();
    }

    /**
     * The next messages are exactly the chunks of one piece (bytes {@code [offset, offset + length)}
     * of {@code file}, in order, marked {@code profile}) and then its FragmentDone.
     */
    private static void expectPiece(
            RawWatch watch, String profile, long startFrame, long offset, long length, byte[] file)
            throws InterruptedException {
        String what = (profile.isEmpty() ? "stream-hi" : profile) + " piece at frame " + startFrame;
        long expected = offset;
        while (expected < offset + length) {
            WatchResponse r = watch.take();
            assertTrue(r.hasChunk(), what + ": a chunk, not " + r);
            assertEquals(profile, r.getChunk().getProfile(), what);
            assertEquals(startFrame, r.getChunk().getFragmentStartFrame(), what);
            assertEquals(expected, r.getChunk().getOffsetBytes(), what);
            byte[] data = r.getChunk().getData().toByteArray();
            assertArrayEquals(Arrays.copyOfRange(file, (int) expected, (int) expected + data.length), data, what);
            expected += data.length;
        }
        assertEquals(offset + length, expected, what + ": its whole length");
        WatchResponse done = watch.take();
        assertTrue(done.hasFragmentDone(), what + ": then FragmentDone, not " + done);
        assertEquals(profile, done.getFragmentDone().getProfile(), what);
        assertEquals(startFrame, done.getFragmentDone().getStartFrame(), what);
        assertEquals(length, done.getFragmentDone().getLengthBytes(), what);
    }

    @Test
    void thePlaybackSdkHandsThePreviewOverBeforeTheSoughtFragment() throws Exception {
        FragmentMap.Fragment target = index.fragmentOf(170);
        List<String> order = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> sought = new CompletableFuture<>();
        CompletableFuture<FragmentMap> opened = new CompletableFuture<>();
        try (Playback p = client.watch(assetId, "stream-hi", Playback.SeekPreview.SCRUB, new Playback.Listener() {
            @Override
            public void onIndex(FragmentMap map) {
                opened.complete(map);
            }

            @Override
            public void onPreviewDone(FragmentMap.Fragment f) {
                order.add("preview " + f.startFrame());
            }

            @Override
            public void onFragmentDone(FragmentMap.Fragment f) {
                order.add("fragment " + f.startFrame());
                if (f.startFrame() == target.startFrame()) {
                    sought.complete(null);
                }
            }

            @Override
            public void onClosed(GatewayException error) {
                opened.completeExceptionally(new AssertionError("closed: " + error));
                sought.completeExceptionally(new AssertionError("closed: " + error));
            }
        })) {
            FragmentMap map = opened.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            p.seek(RationalTime.of(170, map.rate()));
            sought.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        FragmentMap.Fragment picture = client.fragmentIndex(assetId, "scrub").fragmentOf(170);
        int preview = order.indexOf("preview " + picture.startFrame());
        assertTrue(preview >= 0, "the preview arrived: " + order);
        assertTrue(preview < order.indexOf("fragment " + target.startFrame()), "before the fragment: " + order);
        assertTrue(order.contains("preview -1"), "after the scrub init segment: " + order);
    }

    @Test
    void aClientThatStopsReadingHoldsTheServerAtItsWindow() throws Exception {
        LongSupplier chunks = () -> metric("gateway_watch_chunks_total");
        awaitNoStreams();
        long start = chunks.getAsLong();
        ManagedChannel channel = channel(128 * 1024);
        try {
            RawWatch watch = RawWatch.start(channel); // requests nothing: the client never reads
            watch.send(WatchRequest.newBuilder()
                    .setOpen(Open.newBuilder().setAssetId(assetId).setProfile("stream-hi"))
                    .build());
            watch.send(WatchRequest.newBuilder()
                    .setPrefetch(Prefetch.newBuilder()
                            .addRanges(TimeMapper.toProto(TimeRange.of(RationalTime.of(0, index.rate()), 250))))
                    .build());
            watch.send(
                    WatchRequest.newBuilder().setPlay(Play.getDefaultInstance()).build());
            await(() -> chunks.getAsLong() > start, "the session starts sending");
            // Barriers: two whole fetches of the same file on another call; an unbounded sender
            // would have sent the whole rendition meanwhile.
            client.fetch(assetId, "stream-hi", dir.resolve("barrier-1.mp4"));
            long held = chunks.getAsLong() - start;
            client.fetch(assetId, "stream-hi", dir.resolve("barrier-2.mp4"));
            long heldLater = chunks.getAsLong() - start;
            long fileChunks = Files.size(streamHi) / CHUNK;
            assertEquals(held, heldLater, "the stalled session sent nothing while the window was shut");
            // 128 KiB window = 2 chunks, plus what Netty queues before isReady turns false and one batch.
            assertTrue(held <= 8, held + " chunks sent to a client that reads nothing (file: " + fileChunks + ")");
            assertTrue(fileChunks > 3 * 8, "the file is much larger than the window: " + fileChunks);
            watch.cancel();
            awaitNoStreams(); // the cancelled session has closed its file
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void anInterruptedFetchResumesByteExactReSendingAtMostOneChunk() throws Exception {
        byte[] file = Files.readAllBytes(streamHi);
        int totalChunks = (file.length + CHUNK - 1) / CHUNK;
        Random random = new Random(20261121);
        ManagedChannel channel = channel(CHUNK);
        try {
            for (int round = 0; round < 3; round++) {
                int keep = 1 + random.nextInt(totalChunks - 1);
                Path target = dir.resolve("resumed-" + round + ".mp4");
                awaitNoStreams();
                // A real Fetch, cut off by the client after `keep` chunks, leaves them in the partial file.
                try (var part = Files.newOutputStream(Path.of(target + ".part"))) {
                    Context.CancellableContext call = Context.current().withCancellation();
                    try {
                        call.call(() -> {
                            Iterator<Chunk> it = StreamServiceGrpc.newBlockingStub(channel)
                                    .fetch(FetchRequest.newBuilder()
                                            .setAssetId(assetId)
                                            .setProfile("stream-hi")
                                            .setChunkSizeBytes(CHUNK)
                                            .build());
                            for (int i = 0; i < keep; i++) {
                                Chunk c = it.next();
                                assertEquals((long) i * CHUNK, c.getOffsetBytes());
                                c.getData().writeTo(part);
                            }
                            return null;
                        });
                    } finally {
                        call.cancel(null);
                    }
                }
                awaitNoStreams(); // the cut-off Fetch has stopped counting bytes
                long servedBefore = metric("gateway_stream_bytes_total");
                FetchResult r = client.fetch(assetId, "stream-hi", target);
                long served = metric("gateway_stream_bytes_total") - servedBefore;
                long held = (long) keep * CHUNK;
                assertEquals(held, r.resumedFromBytes(), "resumed from the partial file's size");
                assertArrayEquals(file, Files.readAllBytes(target), "round " + round + " after " + keep + " chunks");
                assertTrue(
                        served >= file.length - held && served <= file.length - held + CHUNK,
                        served + " bytes served to resume from " + held + " of " + file.length);
            }
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void thumbnailsAndWaveformAreWellFormedAndOnlyForTheProject() throws Exception {
        List<Thumbnail> thumbs = client.thumbnails(assetId);
        assertEquals(5, thumbs.size(), "one every 2 s of 10 s");
        for (int i = 0; i < thumbs.size(); i++) {
            Thumbnail t = thumbs.get(i);
            assertEquals(RationalTime.of(50L * i, FrameRate.FPS_25), t.at());
            var image = ImageIO.read(new ByteArrayInputStream(t.jpeg()));
            assertNotNull(image, "a decodable JPEG at " + t.at());
            assertEquals(image.getWidth(), t.widthPx());
            assertEquals(image.getHeight(), t.heightPx());
            assertTrue(t.widthPx() <= 320 && t.heightPx() <= 180, t.widthPx() + "x" + t.heightPx());
        }

        WaveformPeaks w = client.waveform(assetId);
        assertEquals(48_000, w.sampleRateHz());
        assertEquals(480, w.samplesPerPeak());
        assertFalse(w.channels().isEmpty());
        for (WaveformPeaks.Channel c : w.channels()) {
            assertEquals(1000, c.peaks(), "100 peaks a second for 10 s");
            assertEquals(c.min().length, c.max().length);
            for (int i = 0; i < c.peaks(); i++) {
                assertTrue(c.min()[i] <= c.max()[i], "peak " + i);
                assertTrue(c.min()[i] >= -32768 && c.max()[i] <= 32767);
            }
        }

        try (GatewayClient other = GatewayClient.connect("127.0.0.1", node.grpcPort(), ClientOptions.tls(trust))) {
            other.login("other", "other-pass");
            assertEquals(
                    Reason.NOT_FOUND,
                    assertThrows(GatewayException.class, () -> other.thumbnails(assetId))
                            .reason());
            assertEquals(
                    Reason.NOT_FOUND,
                    assertThrows(GatewayException.class, () -> other.waveform(assetId))
                            .reason());
            CompletableFuture<GatewayException> closed = new CompletableFuture<>();
            other.watch(assetId, "stream-hi", new Playback.Listener() {
                @Override
                public void onChunk(long fragmentStartFrame, long offsetBytes, byte[] data) {
                    closed.completeExceptionally(new AssertionError("a chunk for another project's user"));
                }

                @Override
                public void onClosed(GatewayException error) {
                    closed.complete(error);
                }
            });
            GatewayException e = closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(e);
            assertEquals(Reason.NOT_FOUND, e.reason());
        }
    }

    @Test
    void thePlaybackSdkDeliversTheSoughtFragmentVerified() throws Exception {
        byte[] file = Files.readAllBytes(streamHi);
        FragmentMap.Fragment target = index.fragmentOf(120);
        CompletableFuture<FragmentMap> opened = new CompletableFuture<>();
        CompletableFuture<byte[]> sought = new CompletableFuture<>();
        List<Long> order = new CopyOnWriteArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Playback p = client.watch(assetId, "stream-hi", new Playback.Listener() {
            @Override
            public void onIndex(FragmentMap map) {
                opened.complete(map);
            }

            @Override
            public void onChunk(long start, long offsetBytes, byte[] data) {
                if (start == target.startFrame()) {
                    bytes.write(data, 0, data.length);
                }
            }

            @Override
            public void onFragmentDone(FragmentMap.Fragment f) {
                order.add(f.startFrame());
                if (f.startFrame() == target.startFrame()) {
                    sought.complete(bytes.toByteArray());
                }
            }

            @Override
            public void onClosed(GatewayException error) {
                opened.completeExceptionally(new AssertionError("closed: " + error));
                sought.completeExceptionally(new AssertionError("closed: " + error));
            }
        })) {
            FragmentMap map = opened.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(index, map);
            p.seek(RationalTime.of(120, map.rate()));
            byte[] got = sought.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertArrayEquals(
                    Arrays.copyOfRange(
                            file, (int) target.offsetBytes(), (int) (target.offsetBytes() + target.lengthBytes())),
                    got);
            assertEquals(-1L, order.get(0), "the init segment comes first");
        }
    }

    @Test
    void metricsAndAuditShowSeeksSearchesJobsBytesAndSessions() throws Exception {
        long seeks = metric("gateway_seek_latency_seconds_count");
        long searches = metric("gateway_search_latency_seconds_count");
        FragmentMap.Fragment target = index.fragmentOf(200);
        CompletableFuture<Void> sought = new CompletableFuture<>();
        CompletableFuture<FragmentMap> opened = new CompletableFuture<>();
        try (Playback p = client.watch(assetId, "stream-hi", new Playback.Listener() {
            @Override
            public void onIndex(FragmentMap map) {
                opened.complete(map);
            }

            @Override
            public void onFragmentDone(FragmentMap.Fragment f) {
                if (f.startFrame() == target.startFrame()) {
                    sought.complete(null);
                }
            }

            @Override
            public void onClosed(GatewayException error) {
                sought.completeExceptionally(new AssertionError("closed: " + error));
                opened.completeExceptionally(new AssertionError("closed: " + error));
            }
        })) {
            FragmentMap map = opened.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            p.seek(RationalTime.of(200, map.rate()));
            sought.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        client.search("A002C007", PROJECT, 5);
        String text = http("/metrics");
        long seeksNow = metric("gateway_seek_latency_seconds_count");
        assertTrue(seeksNow > seeks, "a seek was timed: " + seeks + " -> " + seeksNow);
        assertEquals(seeksNow, metric("gateway_seek_latency_seconds_bucket{le=\"+Inf\"}"));
        double seekSeconds = metricValue(text, "gateway_seek_latency_seconds_sum");
        assertTrue(
                seekSeconds >= 0 && seekSeconds < seeksNow * WAIT.toSeconds(),
                "seek latency sum " + seekSeconds + " s over " + seeksNow + " seeks");
        assertTrue(metric("gateway_search_latency_seconds_count") > searches, "the search was timed");
        assertTrue(metric("gateway_jobs_done_total") >= 1, "the ingest of the sample is counted done:\n" + text);
        assertEquals(0, metric("gateway_jobs_queued"));
        assertEquals(0, metric("gateway_jobs_running"));
        assertEquals(0, metric("gateway_jobs_quarantined_total"));
        assertTrue(metric("gateway_stream_bytes_total") >= target.lengthBytes());
        assertTrue(text.contains("# TYPE gateway_seek_latency_seconds histogram"), text);

        // The audit trail of the same work: the Watch session's summary once it ended, a Fetch's byte range.
        await(
                () -> AuditLog.read(node.auditLogFile()).stream()
                        .anyMatch(e ->
                                e.action().equals("WATCH_SUMMARY") && e.target().equals(assetId)),
                "the Watch session's summary is in the audit log");
        AuditLog.Entry summary = AuditLog.read(node.auditLogFile()).stream()
                .filter(e -> e.action().equals("WATCH_SUMMARY") && e.target().equals(assetId))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertEquals("ed", summary.subject());
        assertTrue(summary.detail().matches("bytes=[1-9]\\d* ranges=[1-9]\\d* seconds=\\d+"), summary.detail());
        assertFalse(summary.call().session().isEmpty(), summary.toString());
        assertTrue(summary.call().clientAddress().startsWith("127.0.0.1:"), summary.toString());
        client.fetch(assetId, "stream-hi", dir.resolve("audited.mp4"));
        AuditLog.Entry fetch = AuditLog.read(node.auditLogFile()).stream()
                .filter(e -> e.action().equals("STREAM") && e.call().byteRange().startsWith("bytes=0-"))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no Fetch authorisation with its byte range"));
        assertEquals(assetId, fetch.target());
        assertTrue(fetch.allowed());
    }

    // ---- helpers ----

    /** Every Fetch, Watch and GetThumbnails stream on the node has ended and let go of its file. */
    private static void awaitNoStreams() {
        await(() -> metric("gateway_streams_open") == 0, "no stream is open");
    }

    /** The node's own certificate as the only one trusted. */
    private static io.grpc.ChannelCredentials credentials() {
        try {
            return io.grpc.TlsChannelCredentials.newBuilder()
                    .trustManager(trust.toFile())
                    .build();
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot read " + trust, e);
        }
    }

    /** A TLS channel with a fixed HTTP/2 flow-control window, carrying ed's token. */
    private static ManagedChannel channel(int windowBytes) {
        return NettyChannelBuilder.forAddress("127.0.0.1", node.grpcPort(), credentials())
                .flowControlWindow(windowBytes)
                .intercept(MetadataUtils.newAttachHeadersInterceptor(bearer()))
                .build();
    }

    private static Metadata bearer() {
        Metadata h = new Metadata();
        h.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return h;
    }

    /** A Watch call read by hand: nothing arrives until {@link #take} asks for it. */
    private static final class RawWatch {
        final ClientCall<WatchRequest, WatchResponse> call;
        final java.util.concurrent.BlockingQueue<Object> inbox = new java.util.concurrent.LinkedBlockingQueue<>();
        final List<WatchResponse> received = new ArrayList<>();

        private RawWatch(ClientCall<WatchRequest, WatchResponse> call) {
            this.call = call;
        }

        static RawWatch start(ManagedChannel channel) {
            RawWatch w = new RawWatch(channel.newCall(StreamServiceGrpc.getWatchMethod(), CallOptions.DEFAULT));
            w.call.start(
                    new ClientCall.Listener<>() {
                        @Override
                        public void onMessage(WatchResponse message) {
                            w.inbox.add(message);
                        }

                        @Override
                        public void onClose(Status status, Metadata trailers) {
                            w.inbox.add(status);
                        }
                    },
                    new Metadata());
            return w;
        }

        synchronized void send(WatchRequest r) {
            call.sendMessage(r);
        }

        /** Asks for one message and waits for it. */
        WatchResponse take() throws InterruptedException {
            call.request(1);
            Object o = inbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(o, "a message within " + WAIT);
            if (o instanceof Status s) {
                throw new AssertionError("the Watch call closed: " + s);
            }
            received.add((WatchResponse) o);
            return (WatchResponse) o;
        }

        void cancel() {
            call.cancel("test done", null);
        }
    }

    private static double metricValue(String body, String name) {
        for (String line : body.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("no metric " + name + " in " + body);
    }

    private static long metric(String name) {
        String body = http("/metrics");
        for (String line : body.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Long.parseLong(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("no metric " + name + " in " + body);
    }

    /** Waits for a condition the server reaches asynchronously, checking it every few milliseconds. */
    private static void await(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** An SSL context trusting only the certificates in the PEM file {@code pem}. */
    static javax.net.ssl.SSLContext trusting(Path pem) {
        try (var in = Files.newInputStream(pem)) {
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (var cert :
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("node-" + i++, cert);
            }
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new AssertionError("cannot trust " + pem + ": " + e.getMessage(), e);
        }
    }

    private static String http(String path) {
        try {
            javax.net.ssl.HttpsURLConnection c =
                    (javax.net.ssl.HttpsURLConnection) URI.create("https://127.0.0.1:" + node.httpPort() + path)
                            .toURL()
                            .openConnection();
            c.setSSLSocketFactory(trusting(trust).getSocketFactory());
            try {
                return new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } finally {
                c.disconnect();
            }
        } catch (java.io.IOException e) {
            throw new AssertionError("GET " + path + ": " + e.getMessage(), e);
        }
    }
}
