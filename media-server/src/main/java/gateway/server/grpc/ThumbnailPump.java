package gateway.server.grpc;

import com.google.protobuf.UnsafeByteOperations;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.Rendition;
import gateway.model.asset.Thumbnails;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.protos.mapper.TimeMapper;
import gateway.protos.stream.v1.Thumbnail;
import gateway.server.stream.JpegSize;
import gateway.server.stream.RenditionFile;
import io.grpc.stub.ServerCallStreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        this.thumbnails = Thumbnails.of(m);
        if (thumbnails.isEmpty()) {
            throw GatewayException.notFound("asset " + m.assetId() + " has no thumbnails");
        }
        if (m.media() == null) {
            throw new GatewayException(Reason.INTERNAL, "asset " + m.assetId() + " has thumbnails but no media info");
        }
        this.rate = m.media().frameRate();
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
                        .setAt(TimeMapper.toProto(RationalTime.of(Thumbnails.frameOf(r), rate)))
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
