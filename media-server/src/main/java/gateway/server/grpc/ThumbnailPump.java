package gateway.server.grpc;

import com.google.protobuf.UnsafeByteOperations;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.Rendition;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.protos.mapper.TimeMapper;
import gateway.protos.stream.v1.Thumbnail;
import io.grpc.stub.ServerCallStreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * Sends an asset's thumbnails ({@code thumbs/<frame, 8 digits>.jpg}) in frame order, one file read
 * per message and only while the call is ready, so a long clip's thumbnails never sit in memory
 * together.
 */
final class ThumbnailPump {
    private final ServerCallStreamObserver<Thumbnail> out;
    private final ManifestStore store;
    private final Manifest manifest;
    private final FrameRate rate;
    private final List<Rendition> thumbnails;
    private final StreamMeters meters;
    private int next;
    private boolean finished;

    ThumbnailPump(ServerCallStreamObserver<Thumbnail> out, ManifestStore store, Manifest m, StreamMeters meters) {
        this.out = out;
        this.store = store;
        this.manifest = m;
        this.meters = meters;
        this.thumbnails = m.renditions().stream()
                .filter(r -> r.profile().equals("thumbnails"))
                .sorted(Comparator.comparingLong(ThumbnailPump::frameOf))
                .toList();
        if (thumbnails.isEmpty()) {
            throw GatewayException.notFound("asset " + m.assetId() + " has no thumbnails");
        }
        if (m.media() == null) {
            throw new GatewayException(Reason.INTERNAL, "asset " + m.assetId() + " has thumbnails but no media info");
        }
        this.rate = m.media().frameRate();
    }

    /** The frame in a thumbnail's file name ({@code thumbs/00000050.jpg} is frame 50). */
    static long frameOf(Rendition r) {
        String name = Path.of(r.path()).getFileName().toString();
        int dot = name.lastIndexOf('.');
        try {
            return Long.parseLong(dot < 0 ? name : name.substring(0, dot));
        } catch (NumberFormatException e) {
            throw new GatewayException(
                    Reason.INTERNAL, "thumbnail " + r.path() + " is not named by its frame number", e);
        }
    }

    void start() {
        meters.open().incrementAndGet();
        out.setOnCancelHandler(this::finish);
        out.setOnReadyHandler(this::drain);
        drain();
    }

    private synchronized void drain() {
        try {
            while (!finished && out.isReady() && !out.isCancelled()) {
                if (next >= thumbnails.size()) {
                    finish();
                    out.onCompleted();
                    return;
                }
                Rendition r = thumbnails.get(next++);
                Path file = RenditionFile.inside(store, manifest, r.path());
                byte[] jpeg = Files.readAllBytes(file);
                JpegSize size = JpegSize.of(jpeg, r.path());
                out.onNext(Thumbnail.newBuilder()
                        .setAt(TimeMapper.toProto(RationalTime.of(frameOf(r), rate)))
                        .setJpeg(UnsafeByteOperations.unsafeWrap(jpeg))
                        .setWidthPx(size.width())
                        .setHeightPx(size.height())
                        .build());
            }
        } catch (IOException e) {
            fail(GatewayException.io(
                    "cannot read a thumbnail of asset " + manifest.assetId() + ": " + e.getMessage(), e));
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void fail(RuntimeException e) {
        if (!finished) {
            finish();
            ServiceCalls.fail(out, e);
        }
    }

    private synchronized void finish() {
        if (!finished) {
            finished = true;
            meters.open().decrementAndGet();
        }
    }
}
