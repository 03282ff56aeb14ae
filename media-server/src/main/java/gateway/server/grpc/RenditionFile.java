package gateway.server.grpc;

import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestStore;
import gateway.model.asset.Rendition;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.protos.mapper.TimeMapper;
import gateway.protos.stream.v1.FragmentIndex;
import gateway.proxy.probe.FragmentIndex.Fragment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One fragmented-MP4 rendition of an asset, open for reading: its file, its fragment index and the
 * manifest version it belongs to. Closing it closes the file.
 */
public final class RenditionFile implements AutoCloseable {
    private final Manifest manifest;
    private final String profile;
    private final String mimeType;
    private final gateway.proxy.probe.FragmentIndex index;
    private final FileChannel channel;
    private final long size;

    private RenditionFile(
            Manifest manifest,
            String profile,
            String mimeType,
            gateway.proxy.probe.FragmentIndex index,
            FileChannel channel,
            long size) {
        this.manifest = manifest;
        this.profile = profile;
        this.mimeType = mimeType;
        this.index = index;
        this.channel = channel;
        this.size = size;
    }

    /** The file of rendition {@code profile}; NOT_FOUND when the asset has none, FAILED_PRECONDITION when not fragmented. */
    public static Path pathOf(ManifestStore store, Manifest m, String profile) {
        Rendition r = m.rendition(profile)
                .orElseThrow(() -> new GatewayException(
                        Reason.NOT_FOUND, "asset " + m.assetId() + " has no '" + profile + "' rendition"));
        if (!r.path().endsWith(".mp4")) {
            throw new GatewayException(
                    Reason.FAILED_PRECONDITION,
                    "the '" + profile + "' rendition of asset " + m.assetId()
                            + " is not fragmented; fetch it by byte range");
        }
        return inside(store, m, r.path());
    }

    /** {@code relative} under the asset's folder; INTERNAL when a manifest points outside it. */
    public static Path inside(ManifestStore store, Manifest m, String relative) {
        Path dir = store.assetDir(m.project(), m.assetId()).normalize();
        Path file = dir.resolve(relative).normalize();
        if (!file.startsWith(dir)) {
            throw new GatewayException(
                    Reason.INTERNAL, "asset " + m.assetId() + " lists a file outside its folder: " + relative);
        }
        return file;
    }

    static RenditionFile open(ManifestStore store, Manifest m, String profile) {
        Path file = pathOf(store, m, profile);
        gateway.proxy.probe.FragmentIndex index = gateway.proxy.probe.FragmentIndex.read(file);
        String mime = m.rendition(profile).map(Rendition::mimeType).orElse(null);
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            return new RenditionFile(m, profile, mime == null ? "video/mp4" : mime, index, channel, channel.size());
        } catch (IOException e) {
            throw GatewayException.io(
                    "cannot open the '" + profile + "' rendition of asset " + m.assetId() + ": " + e.getMessage(), e);
        }
    }

    Manifest manifest() {
        return manifest;
    }

    String profile() {
        return profile;
    }

    long size() {
        return size;
    }

    gateway.proxy.probe.FragmentIndex index() {
        return index;
    }

    /** The mean length of its fragments in bytes; 0 when it has none. */
    long meanFragmentBytes() {
        long sum = 0;
        for (Fragment f : index.fragments()) {
            sum += f.lengthBytes();
        }
        return index.fragments().isEmpty() ? 0 : sum / index.fragments().size();
    }

    /** The init segment (ftyp + moov) as a pseudo-fragment starting at frame -1. */
    Fragment header() {
        return new Fragment(-1, 0, 0, index.initLengthBytes());
    }

    /** Reads up to {@code buffer.remaining()} bytes at {@code position}; the bytes read, exactly. */
    byte[] read(long position, ByteBuffer buffer) throws IOException {
        int n = channel.read(buffer, position);
        if (n < 0) {
            throw GatewayException.io(
                    "the '" + profile + "' rendition of asset " + manifest.assetId() + " ended early at byte "
                            + position,
                    null);
        }
        buffer.flip();
        byte[] data = new byte[n];
        buffer.get(data);
        return data;
    }

    FragmentIndex toProto() {
        FragmentIndex.Builder b = FragmentIndex.newBuilder()
                .setProfile(profile)
                .setSizeBytes(size)
                .setRate(TimeMapper.toProto(index.rate()))
                .setHeaderLengthBytes(index.initLengthBytes())
                .setMimeType(mimeType)
                .setVersion(manifest.version());
        for (Fragment f : index.fragments()) {
            b.addFragments(gateway.protos.stream.v1.Fragment.newBuilder()
                    .setStartFrame(f.startFrame())
                    .setDurationFrames(f.durationFrames())
                    .setOffsetBytes(f.offsetBytes())
                    .setLengthBytes(f.lengthBytes()));
        }
        return b.build();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a read-only channel cannot lose data
        }
    }
}
