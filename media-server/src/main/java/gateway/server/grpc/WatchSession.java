package gateway.server.grpc;

import com.google.protobuf.UnsafeByteOperations;
import gateway.model.asset.FragmentIndex.Fragment;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.checksum.XxHash64;
import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import gateway.model.time.TimeRange;
import gateway.protos.mapper.StreamMapper;
import gateway.protos.mapper.TimeMapper;
import gateway.protos.stream.v1.FragmentDone;
import gateway.protos.stream.v1.Open;
import gateway.protos.stream.v1.RenditionChanged;
import gateway.protos.stream.v1.WatchChunk;
import gateway.protos.stream.v1.WatchRequest;
import gateway.protos.stream.v1.WatchResponse;
import gateway.server.auth.Action;
import gateway.server.auth.Principal;
import gateway.server.catalog.Catalogue;
import gateway.server.stream.Adaptation;
import gateway.server.stream.RenditionFile;
import gateway.server.stream.Throughput;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One playback session ({@code Watch}). The client's commands change what is wanted; a sender
 * picks the next fragment by priority (init segment, then the fragment under a seek, then read
 * ahead of the playhead while playing, or the playhead's fragment while paused, then prefetch
 * ranges in order) and sends it as checksummed chunks followed by {@code FragmentDone}.
 *
 * <p>Sending happens on {@code executor} in short batches and only while the call is ready, so a
 * client that stops reading holds the server at its flow-control window, and a command (a seek)
 * waits at most one batch. A seek drops the fragment being sent unless it is the one sought: the
 * next chunk after the seek is processed belongs to the sought fragment (a dropped fragment gets no
 * {@code FragmentDone}; it is sent again in full if still wanted). Pause stops read-ahead once the
 * current fragment is done; prefetch hints are still served, as the proto says. Memory per session is
 * one chunk buffer, the index and a set of delivered fragment starts. Cancellation closes the file.
 *
 * <p>Picture first ({@code Open.scrub_first}): the session also holds the asset's all-intra
 * {@code scrub} rendition open, and a seek is answered first with the scrub fragment holding the
 * sought frame (a few KB: one frame or two, each decodable alone; preceded once by the scrub init
 * segment), then with the watched rendition's fragment. A preview pauses whatever fragment is on
 * its way (it resumes where it was, unless the seek made it stale), is marked with profile
 * {@code scrub} on the wire, and counts neither as delivered nor towards the adaptation's throughput.
 *
 * <p>Adaptation from the first fragment: a session opened on stream-hi whose link (the client's
 * {@code Open.client_bytes_per_second}, else the rate measured on this session's previous asset)
 * cannot carry a stream-hi fragment within the seek budget starts on stream-lo, announced by a
 * {@code RenditionChanged} before stream-lo's index; later fragments' measured rate moves it up or
 * down ({@link Adaptation}). A seek's preview is the scrub fragment whichever rendition plays.
 */
final class WatchSession implements StreamObserver<WatchRequest> {
    static final int CHUNK_BYTES = 64 * 1024;
    static final int READ_AHEAD_FRAGMENTS = 3;
    /** The all-intra rendition a picture-first session previews seeks from. */
    static final String SCRUB = "scrub";

    private static final int BATCH_CHUNKS = 4;
    /**
     * The call is ready only when nothing it sent is still waiting in the transport. HTTP/2 carries a
     * stream's messages in DATA frames of up to 16 KiB, the transport merges the messages queued
     * before a write into full frames, and a client's HTTP/2 reader hands a frame over only once all
     * of it has arrived. With grpc-java's default threshold (32 KiB) a seek's picture (a few KB) and
     * its FragmentDone were queued together with the next fragment's first chunks, shared frames with
     * them, and waited for up to 16 KiB more of the link each (26 ms at 5 Mbit/s). Writing one
     * message (a chunk with its FragmentDone) per write keeps every piece's last byte at the end of a
     * frame; the link stays busy because the kernel's socket buffer still holds the previous chunk.
     */
    private static final int ON_READY_THRESHOLD_BYTES = 1;

    private final ServerCallStreamObserver<WatchResponse> out;
    private final Principal principal;
    private final Catalogue catalogue;
    private final ManifestStore store;
    private final Executor executor;
    private final Adaptation adaptation;
    private final StreamMeters meters;
    private final WatchSummary summary;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES);

    // Guarded by this.
    private RenditionFile file;
    /** The scrub rendition while the session is picture-first; null otherwise. */
    private RenditionFile preview;

    private boolean previewHeaderSent;
    /** The frame (at the scrub rendition's rate) whose preview is still to start; null when none waits. */
    private Long previewFrame;
    /** The preview on its way out (its init segment or its fragment); null when none. */
    private Sending previewing;
    /** When the seek whose preview is pending arrived, until the preview's last byte leaves; -1 when none. */
    private long previewNanos = -1;

    private boolean mayGoUp;
    /** The mean length of a stream-hi fragment of the asset (0 when unknown): what a step up must carry. */
    private long hiFragmentBytes;

    private boolean headerSent;
    private final Set<Long> delivered = new HashSet<>();
    private Long seekFrame;
    /** When the latest seek arrived, until the first chunk of its fragment leaves; -1 when none waits. */
    private long seekNanos = -1;

    private long playhead;
    private boolean playing;
    private List<TimeRange> prefetch = List.of();
    private Sending current;
    private Throughput throughput;
    private boolean halfClosed;
    private boolean closed;

    /** A fragment on its way out: where the next chunk starts and when the first one left. */
    private static final class Sending {
        final Fragment fragment;
        final boolean prefetched;
        /** The file the bytes come from: the watched rendition, or the scrub rendition for a preview. */
        final RenditionFile from;

        boolean sought;
        long position;
        long startedNanos = -1;

        Sending(Fragment fragment, boolean prefetched, RenditionFile from) {
            this.fragment = fragment;
            this.prefetched = prefetched;
            this.from = from;
            this.position = fragment.offsetBytes();
        }

        long end() {
            return fragment.offsetBytes() + fragment.lengthBytes();
        }
    }

    WatchSession(
            ServerCallStreamObserver<WatchResponse> out,
            Principal principal,
            Catalogue catalogue,
            ManifestStore store,
            Executor executor,
            Adaptation adaptation,
            StreamMeters meters,
            WatchSummary summary) {
        this.out = out;
        this.principal = principal;
        this.catalogue = catalogue;
        this.store = store;
        this.executor = executor;
        this.adaptation = adaptation;
        this.meters = meters;
        this.summary = summary;
        this.throughput = new Throughput(adaptation.windowFragments());
    }

    /** Hooks the session to the call; must run inside the service method. */
    void start() {
        meters.open().incrementAndGet();
        out.setOnReadyThreshold(ON_READY_THRESHOLD_BYTES);
        out.setOnCancelHandler(this::close);
        out.setOnReadyHandler(this::kick);
    }

    @Override
    public void onNext(WatchRequest request) {
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                apply(request);
            } catch (RuntimeException e) {
                failLocked(e);
                return;
            }
        }
        if (request.getCommandCase() == WatchRequest.CommandCase.SEEK) {
            drain(); // the sought picture's first batch leaves on this thread: one thread hand-off fewer
        } else {
            kick();
        }
    }

    @Override
    public void onError(Throwable t) {
        close();
    }

    @Override
    public void onCompleted() {
        synchronized (this) {
            halfClosed = true;
        }
        kick();
    }

    private void apply(WatchRequest request) {
        if (request.getCommandCase() != WatchRequest.CommandCase.OPEN && file == null) {
            throw GatewayException.invalid("a Watch session must start with 'open', not '"
                    + request.getCommandCase().name().toLowerCase() + "'");
        }
        switch (request.getCommandCase()) {
            case OPEN -> open(request.getOpen());
            case PLAYHEAD ->
                playhead = frameOf(TimeMapper.fromProto(request.getPlayhead().getAt(), "playhead.at"));
            case SEEK -> seek(TimeMapper.fromProto(request.getSeek().getTo(), "seek.to"));
            case PLAY -> playing = true;
            case PAUSE -> playing = false;
            case PREFETCH -> prefetch(request.getPrefetch().getRangesList());
            case COMMAND_NOT_SET -> throw GatewayException.invalid("a WatchRequest carries no command");
        }
    }

    private void open(Open open) {
        Manifest m = catalogue.asset(principal, open.getAssetId(), Action.STREAM);
        String profile = open.getProfile().isEmpty() ? Adaptation.HI : open.getProfile();
        RenditionFile next = RenditionFile.open(store, m, profile);
        long hiBytes = Adaptation.HI.equals(profile) ? next.meanFragmentBytes() : 0;
        // The client's estimate of its link, else what this session measured on its previous asset.
        long estimate = open.getClientBytesPerSecond() > 0
                ? open.getClientBytesPerSecond()
                : throughput.full() ? throughput.bytesPerSecond() : 0;
        String startOn = adaptation.start(profile, estimate, hiBytes);
        boolean moved = false;
        if (!startOn.equals(profile) && m.rendition(startOn).isPresent()) {
            RenditionFile instead;
            try {
                instead = RenditionFile.open(store, m, startOn);
            } finally {
                next.close();
            }
            next = instead;
            moved = true;
        }
        RenditionFile nextPreview = null;
        try {
            if (open.getScrubFirst()
                    && !SCRUB.equals(profile)
                    && m.rendition(SCRUB).isPresent()) {
                nextPreview = RenditionFile.open(store, m, SCRUB);
            }
        } catch (RuntimeException e) {
            next.close();
            throw e;
        }
        summary.opened(m);
        if (file != null) {
            file.close();
        }
        if (preview != null) {
            preview.close();
        }
        file = next;
        preview = nextPreview;
        previewHeaderSent = false;
        previewFrame = null;
        previewing = null;
        previewNanos = -1;
        mayGoUp = Adaptation.HI.equals(profile);
        hiFragmentBytes = hiBytes;
        headerSent = false;
        delivered.clear();
        if (!moved) {
            delivered.addAll(open.getCachedStartFramesList()); // they are the asked-for rendition's fragments
        }
        seekFrame = null;
        seekNanos = -1;
        playhead = 0;
        playing = false;
        prefetch = List.of();
        current = null;
        throughput.reset();
        if (moved) {
            out.onNext(changed(file, estimate));
        }
        out.onNext(WatchResponse.newBuilder().setIndex(indexMessage(file)).build());
    }

    /** The RenditionChanged that tells the client the session moved to {@code to}, decided on {@code bytesPerSecond}. */
    private static WatchResponse changed(RenditionFile to, long bytesPerSecond) {
        return WatchResponse.newBuilder()
                .setRenditionChanged(RenditionChanged.newBuilder()
                        .setAssetId(to.manifest().assetId().value())
                        .setProfile(to.profile())
                        .setVersion(to.manifest().version())
                        .setSizeBytes(to.size())
                        .setDecidedOnBytesPerSecond(bytesPerSecond))
                .build();
    }

    private void seek(gateway.model.time.RationalTime to) {
        long frame = frameOf(to);
        if (preview != null) {
            long at = to.rescaledTo(preview.index().rate(), RoundingMode.FLOOR).value();
            previewFrame = at;
            previewNanos = System.nanoTime();
            if (previewing != null && previewing.fragment.startFrame() >= 0) {
                if (holds(previewing.fragment, at)) {
                    previewFrame = null; // that picture is already on its way
                } else {
                    previewing = null; // an earlier seek's picture: stale
                }
            }
        }
        seekFrame = frame;
        playhead = frame;
        seekNanos = System.nanoTime();
        if (current != null && current.fragment.startFrame() >= 0) {
            if (holds(current.fragment, frame)) {
                current.sought = true; // already on its way: finish it, do not send it twice
                seekFrame = null;
            } else {
                current = null; // stale: never let its remaining bytes go out before the sought fragment
            }
        }
    }

    private void prefetch(List<gateway.protos.common.v1.TimeRange> ranges) {
        List<TimeRange> wanted = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            TimeRange r = TimeMapper.fromProto(ranges.get(i), "prefetch.ranges[" + i + "]");
            long start = frameOf(r.start());
            long end = frameOf(r.endExclusive());
            wanted.add(TimeRange.of(gateway.model.time.RationalTime.of(start, rate()), Math.max(0, end - start)));
        }
        prefetch = List.copyOf(wanted);
        if (current != null && current.prefetched && !inPrefetch(current.fragment)) {
            current = null; // hints replaced: the fragment is no longer wanted
        }
    }

    private long frameOf(gateway.model.time.RationalTime t) {
        return t.rescaledTo(rate(), RoundingMode.FLOOR).value();
    }

    private FrameRate rate() {
        return file.index().rate();
    }

    /** Schedules a batch of sending unless one is already queued. */
    private void kick() {
        if (scheduled.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    /** Sends one batch; queues the next while more is wanted and the call is ready. Also run inline for a seek. */
    private void drain() {
        scheduled.set(false);
        boolean more;
        synchronized (this) {
            if (closed || file == null) {
                return;
            }
            int sent = 0;
            try {
                while (sent < BATCH_CHUNKS && out.isReady() && !out.isCancelled() && sendOne()) {
                    sent++;
                }
            } catch (IOException e) {
                failLocked(GatewayException.io(
                        "reading the '" + file.profile() + "' rendition failed: " + e.getMessage(), e));
                return;
            } catch (RuntimeException e) {
                failLocked(e);
                return;
            }
            if (closed) {
                return;
            }
            boolean idle = previewing == null && previewFrame == null && current == null && next() == null;
            if (idle && halfClosed) {
                closeLocked();
                out.onCompleted();
                return;
            }
            more = sent == BATCH_CHUNKS && out.isReady();
        }
        if (more) {
            kick();
        }
    }

    /** Sends one chunk of the fragment with the highest priority; false when nothing is wanted. */
    private boolean sendOne() throws IOException {
        Sending s = nextPreview();
        if (s == null) {
            s = nextOfRendition();
        }
        if (s == null) {
            return false;
        }
        return send(s);
    }

    /** The preview to send now (the scrub init segment, then the fragment holding the sought frame), or null. */
    private Sending nextPreview() {
        if (previewing == null && previewFrame != null) {
            if (!previewHeaderSent) {
                previewing = new Sending(preview.header(), false, preview);
            } else {
                List<Fragment> fragments = preview.index().fragments();
                if (fragments.isEmpty()) {
                    previewFrame = null;
                    return null;
                }
                previewing = new Sending(fragments.get(positionOf(preview, previewFrame)), false, preview);
                previewFrame = null;
            }
            summary.rangeStarted();
        }
        return previewing;
    }

    /** The watched rendition's fragment being sent, or the next one wanted; null when nothing is. */
    private Sending nextOfRendition() {
        if (current == null) {
            current = next();
            if (current == null) {
                return null;
            }
            if (current.fragment.startFrame() < 0) {
                headerSent = true;
            } else if (seekFrame != null && holds(current.fragment, seekFrame)) {
                seekFrame = null;
                current.sought = true;
            }
            summary.rangeStarted();
        }
        return current;
    }

    /** Sends the next chunk of {@code s}, and its FragmentDone when that was its last. */
    private boolean send(Sending s) throws IOException {
        boolean isPreview = s == previewing;
        if (s.startedNanos < 0) {
            s.startedNanos = System.nanoTime();
        }
        buffer.clear();
        buffer.limit((int) Math.min(buffer.capacity(), s.end() - s.position));
        byte[] data = s.from.read(s.position, buffer);
        WatchChunk.Builder chunk = WatchChunk.newBuilder()
                .setFragmentStartFrame(s.fragment.startFrame())
                .setOffsetBytes(s.position)
                .setData(UnsafeByteOperations.unsafeWrap(data))
                .setXxh64(XxHash64.hash(data, 0, data.length, 0));
        if (isPreview) {
            chunk.setProfile(SCRUB);
        }
        out.onNext(WatchResponse.newBuilder().setChunk(chunk).build());
        s.position += data.length;
        if (s.sought && seekNanos >= 0) {
            meters.seekLatency().observeNanos(System.nanoTime() - seekNanos);
            seekNanos = -1;
        }
        summary.sent(data.length);
        meters.bytesServed().add(data.length);
        meters.watchChunks().inc();
        if (s.position >= s.end()) {
            Fragment f = s.fragment;
            FragmentDone.Builder done = FragmentDone.newBuilder()
                    .setStartFrame(f.startFrame())
                    .setDurationFrames(f.durationFrames())
                    .setOffsetBytes(f.offsetBytes())
                    .setLengthBytes(f.lengthBytes());
            if (isPreview) {
                previewing = null;
                done.setProfile(SCRUB);
                out.onNext(WatchResponse.newBuilder().setFragmentDone(done).build());
                if (f.startFrame() < 0) {
                    previewHeaderSent = true;
                } else if (previewNanos >= 0) {
                    meters.firstPicture().observeNanos(System.nanoTime() - previewNanos);
                    previewNanos = -1;
                }
                return true;
            }
            current = null;
            out.onNext(WatchResponse.newBuilder().setFragmentDone(done).build());
            if (f.startFrame() >= 0) {
                delivered.add(f.startFrame());
                throughput.record(f.lengthBytes(), System.nanoTime() - s.startedNanos);
                adapt();
            }
        }
        return true;
    }

    /** The most wanted fragment not yet delivered, or null. */
    private Sending next() {
        if (!headerSent) {
            return new Sending(file.header(), false, file);
        }
        List<Fragment> fragments = file.index().fragments();
        if (fragments.isEmpty()) {
            return null;
        }
        if (seekFrame != null) {
            return new Sending(fragments.get(positionOf(file, seekFrame)), false, file);
        }
        int at = positionOf(file, playhead);
        int last = playing ? Math.min(fragments.size() - 1, at + READ_AHEAD_FRAGMENTS) : at;
        for (int i = at; i <= last; i++) {
            if (!delivered.contains(fragments.get(i).startFrame())) {
                return new Sending(fragments.get(i), false, file);
            }
        }
        for (TimeRange r : prefetch) {
            for (Fragment f : fragments) {
                if (overlaps(f, r) && !delivered.contains(f.startFrame())) {
                    return new Sending(f, true, file);
                }
            }
        }
        return null;
    }

    /** Where the fragment of {@code in} holding {@code frame} is in its index; the last one past the end. */
    private static int positionOf(RenditionFile in, long frame) {
        List<Fragment> fragments = in.index().fragments();
        int lo = 0;
        int hi = fragments.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (fragments.get(mid).startFrame() <= frame) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private boolean inPrefetch(Fragment f) {
        return prefetch.stream().anyMatch(r -> overlaps(f, r));
    }

    private static boolean overlaps(Fragment f, TimeRange r) {
        long start = r.start().value();
        long end = start + r.durationFrames();
        return f.startFrame() < end && start < f.startFrame() + f.durationFrames();
    }

    private static boolean holds(Fragment f, long frame) {
        return frame >= f.startFrame() && frame < f.startFrame() + f.durationFrames();
    }

    /** Moves between stream-hi and stream-lo when the measured rate says so. */
    private void adapt() {
        if (!Adaptation.adapts(file.profile())) {
            return;
        }
        if (Adaptation.HI.equals(file.profile())) {
            hiFragmentBytes = file.meanFragmentBytes();
        }
        Optional<String> to = adaptation.choose(file.profile(), mayGoUp, throughput, hiFragmentBytes);
        if (to.isEmpty() || file.manifest().rendition(to.get()).isEmpty()) {
            return;
        }
        long measured = throughput.bytesPerSecond();
        RenditionFile next = RenditionFile.open(store, file.manifest(), to.get());
        file.close();
        file = next;
        headerSent = false;
        delivered.clear();
        current = null;
        throughput.reset();
        out.onNext(changed(next, measured));
        out.onNext(WatchResponse.newBuilder().setIndex(indexMessage(next)).build());
    }

    private void failLocked(RuntimeException e) {
        if (closed) {
            return;
        }
        closeLocked();
        if (!out.isCancelled()) {
            ServiceCalls.fail(out, e);
        }
    }

    private void close() {
        synchronized (this) {
            closeLocked();
        }
    }

    private void closeLocked() {
        if (closed) {
            return;
        }
        closed = true;
        current = null;
        previewing = null;
        if (file != null) {
            file.close();
        }
        if (preview != null) {
            preview.close();
        }
        summary.close();
        meters.open().decrementAndGet();
    }

    /** The wire index of the rendition a session now plays. */
    private static gateway.protos.stream.v1.FragmentIndex indexMessage(RenditionFile file) {
        return StreamMapper.toProto(
                file.index(),
                file.profile(),
                file.size(),
                file.mimeType(),
                file.manifest().version());
    }
}
